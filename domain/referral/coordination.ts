import { parisDay, shiftDay } from '../calendar/days.ts';
import { type ReferralCommand, takeChargeMaxDays } from './commands.ts';
import type { CaseCoordination } from './coordination-state.ts';
import { commit, type Decision, type Draft, type ReferralState, refuse } from './state.ts';

type CoordinatorCommand = Extract<
  ReferralCommand,
  { type: 'remind' | 'addNote' | 'escalate' | 'suggestFacilities' | 'takeCharge' }
>;

const coordinatorCommandTypes = new Set<string>(['remind', 'addNote', 'escalate', 'suggestFacilities', 'takeCharge']);

export function isCoordinatorCommand(command: ReferralCommand): command is CoordinatorCommand {
  return coordinatorCommandTypes.has(command.type);
}

/**
 * A coordinator's action on a sent case. None of them is the parties' activity (the inactivity
 * clock keeps running), none changes a task: the stall stays the workflow's to clear.
 */
export function decideCoordination(state: ReferralState, command: CoordinatorCommand, now: string): Decision {
  if (state.status === 'draft') return refuse('referral.not_sent');
  const coordination = state.coordination ?? {};
  const today = parisDay(now);
  const actorId = command.actorId;
  const save = (changes: CaseCoordination, drafts: Draft[]) =>
    commit(state, now, { coordination: { ...coordination, ...changes } }, state.tasks, drafts, { system: true });

  switch (command.type) {
    case 'remind': {
      if (state.stalled.length === 0) return refuse('coordination.not_stalled');
      if (coordination.remindedOn === today) return refuse('coordination.already_reminded_today');
      const message: Record<string, string> = command.message ? { message: command.message } : {};
      // The party each stalled mark waits for, once: each facility silent, and the requester.
      const drafts = new Map<string, Draft>();
      for (const mark of state.stalled) {
        const facilityTask = mark.party === 'facility' && mark.taskId ? mark.taskId : undefined;
        const key = facilityTask ?? (mark.party === 'physician' ? 'physician' : 'requester');
        if (drafts.has(key)) continue;
        drafts.set(key, {
          type: 'coordination.reminded',
          actorId,
          ...(facilityTask ? { taskId: facilityTask } : {}),
          data: { party: facilityTask ? 'facility' : key, reason: mark.reason, ...message },
        });
      }
      return save({ remindedOn: today }, [...drafts.values()]);
    }
    case 'addNote':
      return save({}, [{ type: 'coordination.note_added', actorId, data: { note: command.note } }]);
    case 'escalate':
      return save({}, [{ type: 'coordination.escalated', actorId, data: { message: command.message } }]);
    case 'suggestFacilities': {
      if (state.status !== 'sent') return refuse('referral.choice_already_made');
      const addressed = new Set(state.tasks.map((task) => task.facilityId));
      if (command.facilities.some((facility) => addressed.has(facility.facilityId))) {
        return refuse('referral.duplicate_facility');
      }
      const known = coordination.suggestions ?? [];
      const added = command.facilities.filter((facility) => !known.some((k) => k.facilityId === facility.facilityId));
      return save({ suggestions: [...known, ...added] }, [
        {
          type: 'coordination.facilities_suggested',
          actorId,
          data: {
            facilityIds: command.facilities.map((facility) => facility.facilityId).join(','),
            facilityNames: command.facilities.map((facility) => facility.facilityName).join(', '),
          },
        },
      ]);
    }
    case 'takeCharge': {
      if (state.stalled.length === 0) return refuse('coordination.not_stalled');
      if (command.until < today || command.until > shiftDay(today, takeChargeMaxDays))
        return refuse('coordination.take_charge_invalid');
      return save({ followedUntil: command.until, followedBy: actorId }, [
        { type: 'coordination.taken_in_charge', actorId, data: { until: command.until } },
      ]);
    }
  }
}
