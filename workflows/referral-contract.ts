import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { type ReferralCommandName, referralCommandNames } from '../domain/referral/command-names.ts';
import type { ReferralCommand } from '../domain/referral/commands.ts';
import type { ReferralState } from '../domain/referral/state.ts';

/** The messages a referral workflow answers: shared by the workflow, the API and the tests. */
export type CommandArgs<T extends ReferralCommand['type']> = Omit<Extract<ReferralCommand, { type: T }>, 'type'>;

export type ReferralUpdates = {
  [K in ReferralCommandName]: UpdateDefinition<ReferralState, [CommandArgs<K>], `referral.${K}`>;
};

/**
 * One Temporal Update per command of the table (domain/referral/commands.ts), named `referral.<command>`
 * (the names are in every history: never rename one); each returns the new state or a refusal.
 */
export const referralUpdates = Object.fromEntries(
  referralCommandNames.map((name) => [name, defineUpdate(`referral.${name}`)]),
) as ReferralUpdates;

/** The Update of one command, typed by its name (an index with a type parameter is not, for the compiler). */
export function referralUpdate<T extends ReferralCommandName>(
  name: T,
): UpdateDefinition<ReferralState, [CommandArgs<T>], `referral.${T}`> {
  return referralUpdates[name];
}

/** A command of the table with its arguments, as `decide` reads it. */
export function referralCommandOf<T extends ReferralCommandName>(type: T, args: CommandArgs<T>): ReferralCommand {
  return { ...args, type } as ReferralCommand;
}

/**
 * A référent added (an accepted invitation); `actorId` is who invited them. The first référent of a
 * request an assisting professional created takes it over (`keepAssistance`: the professional keeps
 * following it).
 */
export const referralAddReferentUpdate = defineUpdate<
  ReferralState,
  [{ actorId: string; userId: string; keepAssistance?: boolean }]
>('referral.addReferent');

/** A référent ends the access of the assisting professional they had kept. */
export const referralEndAssistanceUpdate = defineUpdate<ReferralState, [{ actorId: string }]>('referral.endAssistance');

/** The physician invited by e-mail joined: the designation resolves to their account (`actorId`). */
export const referralClaimPhysicianInvitationUpdate = defineUpdate<
  ReferralState,
  [{ actorId: string; invitedEmail: string }]
>('referral.claimPhysicianInvitation');

export const referralStateQuery = defineQuery<ReferralState>('referral.state');
