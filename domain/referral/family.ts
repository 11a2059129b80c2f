import type { ReferralCommand } from './commands.ts';
import type { DossierSummary, FamilyOrigin, ReferralState } from './state.ts';
import { commit, type Decision, type Draft, refuse } from './state.ts';

/**
 * The commands of a family request (domain/referral/commands.ts): the référent designates the
 * médecin traitant, who completes the medical and autonomy parts (GIR computed) or declines; an
 * invited référent joins. None exists for a professional's request.
 */
export type FamilyCommand = Extract<
  ReferralCommand,
  {
    type:
      | 'designatePhysician'
      | 'completeByPhysician'
      | 'declineAsPhysician'
      | 'addReferent'
      | 'endAssistance'
      | 'claimPhysicianInvitation';
  }
>;

const familyCommandTypes = new Set<string>([
  'designatePhysician',
  'completeByPhysician',
  'declineAsPhysician',
  'addReferent',
  'endAssistance',
  'claimPhysicianInvitation',
]);

export function isFamilyCommand(command: ReferralCommand): command is FamilyCommand {
  return familyCommandTypes.has(command.type);
}

/** How the person said yes to a professional creating the request for them (shown to the référents). */
export const consentHowLabels = { oral: 'À l’oral', written: 'Par écrit' } as const;

/** The physician who may read and write the medical and autonomy parts now: designated, not declined. */
export function activePhysicianId(origin: FamilyOrigin | undefined): string | undefined {
  const physician = origin?.physician;
  return physician && !physician.declinedAt ? physician.userId : undefined;
}

/**
 * The assisting professional who follows the request now: before a référent takes it over, or
 * after if the référent kept them, until their access ends.
 */
export function activeAssistingProfessionalId(origin: FamilyOrigin | undefined): string | undefined {
  const assistedBy = origin?.assistedBy;
  return assistedBy && !assistedBy.endedAt ? assistedBy.professionalId : undefined;
}

/** Every référent of a case: a family request's, or those the physician invited on their own request. */
export function referentIdsOf(state: Pick<ReferralState, 'origin' | 'referentIds'>): string[] {
  return state.origin?.referentIds ?? state.referentIds ?? [];
}

/** Whether a part of the dossier is the physician's to fill (the medical part, the autonomy grid), not the family's. */
export function isPhysicianPart(path: string): boolean {
  return path.startsWith('medical.') || path.startsWith('autonomy.');
}

/** The parts the physician validates: every missing part of these is theirs to fill. */
export function physicianPartsMissing(dossier: DossierSummary): boolean {
  return dossier.missingParts.some((part) => isPhysicianPart(part.path));
}

export function decideFamily(
  state: ReferralState,
  command: FamilyCommand,
  now: string,
  summarize: (dossier: Extract<FamilyCommand, { type: 'completeByPhysician' }>['dossier']) => DossierSummary,
): Decision {
  const origin = state.origin;
  const actorId = command.actorId;
  if (command.type === 'addReferent' && origin === undefined) {
    // A professional's request: its requester (the physician) invites the family, who follow it.
    if (actorId !== state.requesterId) return refuse('auth.forbidden');
    const current = state.referentIds ?? [];
    if (current.includes(command.userId)) return refuse('referral.referent_already');
    return commit(state, now, { referentIds: [...current, command.userId] }, state.tasks, [
      { type: 'referral.referent_added', actorId, data: { userId: command.userId } },
    ]);
  }
  if (origin?.kind !== 'family') return refuse('referral.not_family');
  const withOrigin = (changes: Partial<FamilyOrigin>) => ({ origin: { ...origin, ...changes } });

  switch (command.type) {
    case 'addReferent': {
      // A référent of the request invites another; so does the assisting professional while active.
      const assisting = activeAssistingProfessionalId(origin);
      if (!origin.referentIds.includes(actorId) && assisting !== actorId) return refuse('auth.forbidden');
      if (origin.referentIds.includes(command.userId)) return refuse('referral.referent_already');
      if (command.userId === origin.assistedBy?.professionalId) return refuse('family.referent_is_professional');
      const referentIds = [...origin.referentIds, command.userId];
      const added: Draft = { type: 'referral.referent_added', actorId, data: { userId: command.userId } };
      const assistedBy = origin.assistedBy;
      if (!assistedBy || origin.referentIds.length > 0 || assistedBy.endedAt) {
        return commit(state, now, withOrigin({ referentIds }), state.tasks, [added]);
      }
      // The first référent takes over the request the professional created: they become its
      // requester; the professional's access ends, unless the référent keeps them.
      const kept = command.keepAssistance === true;
      return commit(
        state,
        now,
        {
          requesterId: command.userId,
          ...withOrigin({
            referentIds,
            assistedBy: kept ? { ...assistedBy, keptByReferent: true } : { ...assistedBy, endedAt: now },
          }),
        },
        state.tasks,
        [
          added,
          ...(kept
            ? []
            : [
                { type: 'referral.assistance_ended', actorId: command.userId, data: { reason: 'taken_over' } } as Draft,
              ]),
        ],
      );
    }
    case 'endAssistance': {
      if (!origin.referentIds.includes(actorId)) return refuse('auth.forbidden');
      const assistedBy = origin.assistedBy;
      if (!assistedBy || assistedBy.endedAt) return refuse('family.assistance_not_active');
      return commit(state, now, withOrigin({ assistedBy: { ...assistedBy, endedAt: now } }), state.tasks, [
        { type: 'referral.assistance_ended', actorId, data: { reason: 'ended_by_referent' } },
      ]);
    }
    case 'claimPhysicianInvitation': {
      // The invited physician joined: the designation by e-mail becomes a designation of their account.
      const physician = origin.physician;
      if (
        !physician ||
        physician.userId !== undefined ||
        physician.declinedAt ||
        physician.invitedEmail?.toLowerCase() !== command.invitedEmail.toLowerCase()
      )
        return refuse('physician.invitation_stale');
      if (physician.completedAt) return refuse('physician.already_completed');
      return commit(state, now, withOrigin({ physician: { ...physician, userId: actorId } }), state.tasks, [
        { type: 'physician.designated', actorId, data: { physicianId: actorId, invitation: 'accepted' } },
      ]);
    }
    case 'designatePhysician': {
      const current = origin.physician;
      if (current?.completedAt) return refuse('physician.already_completed');
      const same =
        current &&
        !current.declinedAt &&
        ((command.physicianId !== undefined && current.userId === command.physicianId) ||
          (command.invitedEmail !== undefined && current.invitedEmail === command.invitedEmail));
      if (same) return refuse('physician.already_designated');
      const physician = {
        ...(command.physicianId ? { userId: command.physicianId } : {}),
        ...(command.invitedEmail ? { invitedEmail: command.invitedEmail } : {}),
        designatedAt: now,
      };
      return commit(state, now, withOrigin({ physician }), state.tasks, [
        {
          type: 'physician.designated',
          actorId,
          data: command.physicianId ? { physicianId: command.physicianId } : { invited: 'true' },
        },
      ]);
    }
    case 'completeByPhysician': {
      const physician = origin.physician;
      if (!physician || activePhysicianId(origin) !== actorId) return refuse('physician.not_designated');
      if (physician.completedAt) return refuse('physician.already_completed');
      if (state.status !== 'draft') return refuse('referral.already_sent');
      const dossier = summarize(command.dossier);
      if (physicianPartsMissing(dossier)) return refuse('physician.part_incomplete');
      const completed = { ...physician, completedAt: now, girShared: command.shareGir };
      // No medical value in the events: the référents read the timeline.
      return commit(state, now, { dossier, ...withOrigin({ physician: completed }) }, state.tasks, [
        { type: 'referral.dossier_updated', actorId, data: { version: String(dossier.version) } },
        { type: 'physician.completed', actorId, data: { physicianId: actorId } },
      ]);
    }
    case 'declineAsPhysician': {
      const physician = origin.physician;
      if (!physician || activePhysicianId(origin) !== actorId) return refuse('physician.not_designated');
      if (physician.completedAt) return refuse('physician.already_completed');
      return commit(state, now, withOrigin({ physician: { ...physician, declinedAt: now } }), state.tasks, [
        { type: 'physician.declined', actorId, data: { physicianId: actorId } },
      ]);
    }
  }
}
