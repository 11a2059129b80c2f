import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReferralCommand } from '../domain/referral/decide.ts';
import type { ReferralState } from '../domain/referral/state.ts';

/** The messages a referral workflow answers: shared by the workflow, the API and the tests. */
export type CommandArgs<T extends ReferralCommand['type']> = Omit<Extract<ReferralCommand, { type: T }>, 'type'>;

const update = <T extends Exclude<ReferralCommand['type'], 'deadline'>>(type: T) =>
  defineUpdate<ReferralState, [CommandArgs<T>]>(`referral.${type}`);

/** One Temporal Update per command a person can give; each returns the new state or a refusal. */
export const referralUpdates = {
  send: update('send'),
  updateDossier: update('updateDossier'),
  addFacilities: update('addFacilities'),
  withdraw: update('withdraw'),
  markRead: update('markRead'),
  startReview: update('startReview'),
  waitlist: update('waitlist'),
  requestInfo: update('requestInfo'),
  answerInfo: update('answerInfo'),
  accept: update('accept'),
  refuse: update('refuse'),
  choose: update('choose'),
  confirmAdmission: update('confirmAdmission'),
  reportAdmissionImpossible: update('reportAdmissionImpossible'),
  cancel: update('cancel'),
};

export type ReferralUpdateName = keyof typeof referralUpdates;

export const referralStateQuery = defineQuery<ReferralState>('referral.state');
