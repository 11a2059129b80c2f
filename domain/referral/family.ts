import type { ReferralCommand } from './commands.ts';
import type { DossierSummary, FamilyOrigin, ReferralState } from './state.ts';
import { commit, type Decision, refuse } from './state.ts';

/**
 * The commands of a family request (domain/referral/commands.ts): the référent designates the
 * médecin traitant, who completes the medical and autonomy parts (GIR computed) or declines; an
 * invited référent joins. None exists for a professional's request.
 */
export type FamilyCommand = Extract<
  ReferralCommand,
  { type: 'designatePhysician' | 'completeByPhysician' | 'declineAsPhysician' | 'addReferent' }
>;

const familyCommandTypes = new Set<string>([
  'designatePhysician',
  'completeByPhysician',
  'declineAsPhysician',
  'addReferent',
]);

export function isFamilyCommand(command: ReferralCommand): command is FamilyCommand {
  return familyCommandTypes.has(command.type);
}

/** The physician who may read and write the medical and autonomy parts now: designated, not declined. */
export function activePhysicianId(origin: FamilyOrigin | undefined): string | undefined {
  const physician = origin?.physician;
  return physician && !physician.declinedAt ? physician.userId : undefined;
}

/** The parts the physician validates: every missing part of these is theirs to fill. */
export function physicianPartsMissing(dossier: DossierSummary): boolean {
  return dossier.missingParts.some((part) => part.path.startsWith('medical.') || part.path.startsWith('autonomy.'));
}

export function decideFamily(
  state: ReferralState,
  command: FamilyCommand,
  now: string,
  summarize: (dossier: Extract<FamilyCommand, { type: 'completeByPhysician' }>['dossier']) => DossierSummary,
): Decision {
  const origin = state.origin;
  if (origin?.kind !== 'family') return refuse('referral.not_family');
  const actorId = command.actorId;
  const withOrigin = (changes: Partial<FamilyOrigin>) => ({ origin: { ...origin, ...changes } });

  switch (command.type) {
    case 'addReferent': {
      // Only a référent of the request invites another.
      if (!origin.referentIds.includes(actorId)) return refuse('auth.forbidden');
      if (origin.referentIds.includes(command.userId)) return refuse('referral.referent_already');
      return commit(state, now, withOrigin({ referentIds: [...origin.referentIds, command.userId] }), state.tasks, [
        { type: 'referral.referent_added', actorId, data: { userId: command.userId } },
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
