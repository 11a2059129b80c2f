import type { ErrorCode } from './errors.ts';
import type { FacilityKind } from './facility-kinds.ts';
import { canApply, type FacilityTaskStatus, isTaskOpen } from './facility-task.ts';
import type { PatientIdentity } from './patient.ts';
import type { RefusalReason } from './refusal-reasons.ts';

/**
 * The state of one referral (one patient's case sent to N facilities) and the pure rules that
 * move it. The workflow owns an instance of this state; this module decides, the workflow acts.
 */
export const referralStatuses = {
  draft: 'Brouillon',
  sent: 'En attente de réponses',
  facility_chosen: 'Établissement choisi',
  admitted: 'Admission réalisée',
  cancelled: 'Annulée',
} as const;

export type ReferralStatus = keyof typeof referralStatuses;

/** One workflow per case; its id is derived from the case id so any process can find it. */
export function referralWorkflowId(caseId: string): string {
  return `referral/${caseId}`;
}

export function isReferralClosed(status: ReferralStatus): boolean {
  return status === 'admitted' || status === 'cancelled';
}

export interface FacilityTask {
  taskId: string;
  facilityId: string;
  facilityName: string;
  status: FacilityTaskStatus;
  proposedEntryDate?: string;
  refusal?: { reasonCode: RefusalReason; comment?: string };
  cancellationReason?: TaskCancellationReason;
  sentAt?: string;
  remindedAt?: string;
  updatedAt: string;
}

export type TaskCancellationReason = 'admitted_elsewhere' | 'referral_cancelled';

export interface ReferralState {
  caseId: string;
  kind: FacilityKind;
  requesterId: string;
  patient: PatientIdentity;
  status: ReferralStatus;
  tasks: FacilityTask[];
  /** Sequence number of the last event; the read model keeps the same number. */
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  cancellationReason?: string;
}

export type ReferralEventType =
  | 'referral.created'
  | 'referral.sent'
  | 'task.sent'
  | 'task.reminded'
  | 'task.accepted'
  | 'task.refused'
  | 'task.chosen'
  | 'task.cancelled'
  | 'task.admitted'
  | 'referral.facility_chosen'
  | 'referral.admitted'
  | 'referral.cancelled';

export interface ReferralEvent {
  seq: number;
  type: ReferralEventType;
  at: string;
  taskId?: string;
  actorId?: string;
  data?: Record<string, string>;
}

export interface NewReferral {
  caseId: string;
  kind: FacilityKind;
  requesterId: string;
  patient: PatientIdentity;
  facilities: { taskId: string; facilityId: string; facilityName: string }[];
}

export type ReferralCommand =
  | { type: 'send'; actorId: string }
  | { type: 'accept'; taskId: string; actorId: string; proposedEntryDate: string; comment?: string }
  | { type: 'refuse'; taskId: string; actorId: string; reasonCode: RefusalReason; comment?: string }
  | { type: 'choose'; taskId: string; actorId: string }
  | { type: 'confirmAdmission'; taskId: string; actorId: string }
  | { type: 'cancel'; actorId: string; reason: string }
  | { type: 'remind'; taskId: string };

export type Decision =
  | { ok: true; state: ReferralState; events: ReferralEvent[] }
  | { ok: false; code: ErrorCode; message?: string };

export function createReferral(input: NewReferral, now: string): { state: ReferralState; events: ReferralEvent[] } {
  const state: ReferralState = {
    caseId: input.caseId,
    kind: input.kind,
    requesterId: input.requesterId,
    patient: input.patient,
    status: 'draft',
    tasks: input.facilities.map((facility) => ({
      taskId: facility.taskId,
      facilityId: facility.facilityId,
      facilityName: facility.facilityName,
      status: 'sent',
      updatedAt: now,
    })),
    lastSeq: 1,
    createdAt: now,
    updatedAt: now,
  };
  return { state, events: [{ seq: 1, type: 'referral.created', at: now, actorId: input.requesterId }] };
}

type Draft = Omit<ReferralEvent, 'seq' | 'at'>;

/** Applies a command; either a refusal with a stable code, or the new state and its events. */
export function decide(state: ReferralState, command: ReferralCommand, now: string): Decision {
  if (command.type === 'send') {
    if (state.status !== 'draft') return refuse('referral.already_sent');
    const tasks = state.tasks.map((task) => ({ ...task, sentAt: now, updatedAt: now }));
    return commit(state, now, { status: 'sent' }, tasks, [
      { type: 'referral.sent', actorId: command.actorId },
      ...state.tasks.map((task): Draft => ({ type: 'task.sent', taskId: task.taskId })),
    ]);
  }
  if (isReferralClosed(state.status)) return refuse('referral.already_closed');
  if (state.status === 'draft') return refuse('referral.not_sent');

  if (command.type === 'cancel') {
    const tasks = state.tasks.map((task) =>
      isTaskOpen(task.status) ? cancelTask(task, 'referral_cancelled', now) : task,
    );
    return commit(state, now, { status: 'cancelled', closedAt: now, cancellationReason: command.reason }, tasks, [
      ...cancelledEvents(state.tasks, tasks),
      { type: 'referral.cancelled', actorId: command.actorId, data: { reason: command.reason } },
    ]);
  }

  const task = state.tasks.find((candidate) => candidate.taskId === command.taskId);
  if (!task) return refuse('task.not_found');

  switch (command.type) {
    case 'remind': {
      if (task.status !== 'sent' && task.status !== 'read') return refuse('task.invalid_transition');
      return commit(state, now, {}, replace(state.tasks, { ...task, remindedAt: now }), [
        { type: 'task.reminded', taskId: task.taskId },
      ]);
    }
    case 'accept': {
      if (!canApply('accept', task.status)) return refuse('task.invalid_transition');
      const accepted: FacilityTask = {
        ...task,
        status: 'accepted',
        proposedEntryDate: command.proposedEntryDate,
        updatedAt: now,
      };
      return commit(state, now, {}, replace(state.tasks, accepted), [
        {
          type: 'task.accepted',
          taskId: task.taskId,
          actorId: command.actorId,
          data: withComment({ proposedEntryDate: command.proposedEntryDate }, command.comment),
        },
      ]);
    }
    case 'refuse': {
      if (!canApply('refuse', task.status)) return refuse('task.invalid_transition');
      const refusal = command.comment
        ? { reasonCode: command.reasonCode, comment: command.comment }
        : { reasonCode: command.reasonCode };
      return commit(state, now, {}, replace(state.tasks, { ...task, status: 'refused', refusal, updatedAt: now }), [
        {
          type: 'task.refused',
          taskId: task.taskId,
          actorId: command.actorId,
          data: withComment({ reasonCode: command.reasonCode }, command.comment),
        },
      ]);
    }
    case 'choose': {
      if (state.status === 'facility_chosen') return refuse('referral.choice_already_made');
      if (!canApply('choose', task.status)) return refuse('task.not_accepted');
      // Choosing one facility withdraws every other open request: the place elsewhere is freed.
      const tasks = state.tasks.map((other) => {
        if (other.taskId === task.taskId) return { ...other, status: 'chosen' as const, updatedAt: now };
        return isTaskOpen(other.status) ? cancelTask(other, 'admitted_elsewhere', now) : other;
      });
      return commit(state, now, { status: 'facility_chosen' }, tasks, [
        { type: 'task.chosen', taskId: task.taskId, actorId: command.actorId },
        ...cancelledEvents(state.tasks, tasks),
        { type: 'referral.facility_chosen', actorId: command.actorId, data: { taskId: task.taskId } },
      ]);
    }
    case 'confirmAdmission': {
      if (!canApply('confirmAdmission', task.status)) return refuse('task.not_chosen');
      return commit(
        state,
        now,
        { status: 'admitted', closedAt: now },
        replace(state.tasks, { ...task, status: 'admitted', updatedAt: now }),
        [
          { type: 'task.admitted', taskId: task.taskId, actorId: command.actorId },
          { type: 'referral.admitted', actorId: command.actorId, data: { taskId: task.taskId } },
        ],
      );
    }
  }
}

/** Tasks still waiting for a facility's first answer, with the time they were sent. */
export function tasksAwaitingAnswer(state: ReferralState): FacilityTask[] {
  if (state.status !== 'sent') return [];
  return state.tasks.filter((task) => task.status === 'sent' || task.status === 'read');
}

function refuse(code: ErrorCode): Decision {
  return { ok: false, code };
}

function cancelTask(task: FacilityTask, reason: TaskCancellationReason, now: string): FacilityTask {
  return { ...task, status: 'cancelled', cancellationReason: reason, updatedAt: now };
}

function cancelledEvents(before: FacilityTask[], after: FacilityTask[]): Draft[] {
  return after
    .filter((task, index) => task.status === 'cancelled' && before[index]?.status !== 'cancelled')
    .map((task) => ({
      type: 'task.cancelled',
      taskId: task.taskId,
      data: { reason: task.cancellationReason ?? 'referral_cancelled' },
    }));
}

function replace(tasks: FacilityTask[], updated: FacilityTask): FacilityTask[] {
  return tasks.map((task) => (task.taskId === updated.taskId ? updated : task));
}

function withComment(data: Record<string, string>, comment: string | undefined): Record<string, string> {
  return comment ? { ...data, comment } : data;
}

function commit(
  state: ReferralState,
  now: string,
  changes: Partial<ReferralState>,
  tasks: FacilityTask[],
  drafts: Draft[],
): Decision {
  const events = drafts.map((draft, index): ReferralEvent => ({ ...draft, seq: state.lastSeq + index + 1, at: now }));
  return {
    ok: true,
    state: { ...state, ...changes, tasks, lastSeq: state.lastSeq + events.length, updatedAt: now },
    events,
  };
}
