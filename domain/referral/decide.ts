import type { FacilityKind } from '../directory/facility-kinds.ts';
import type { ErrorCode } from '../errors.ts';
import type { ReferralCommand } from './commands.ts';
import { decideCoordination, isCoordinatorCommand } from './coordination.ts';
import { applyDeadline, applyDueDeadlines, clockOf } from './deadline-schedule.ts';
import { deadlinePolicy } from './deadlines.ts';
import { computeDossierGir, type DraftDossier, missingDossierParts } from './dossier.ts';
import { canApply, type FacilityTaskAction, isTaskOpen } from './facility-task.ts';
import { decideFamily, isFamilyCommand } from './family.ts';
import { clearResolvedStalls } from './stalls.ts';
import {
  cancelledEvents,
  cancelTask,
  commit,
  currentReferralRules,
  type Decision,
  type DossierSummary,
  type Draft,
  type FacilityTask,
  isReferralClosed,
  type NewFacilityTask,
  type NewReferral,
  type ReferralEvent,
  type ReferralRulesVersion,
  type ReferralState,
  refuse,
  replace,
  sendTask,
} from './state.ts';

export function createReferral(
  input: NewReferral,
  now: string,
  rulesVersion: ReferralRulesVersion = currentReferralRules,
): { state: ReferralState; events: ReferralEvent[] } {
  const dossier = input.dossier ? summarizeDossier(input.kind, input.dossier, 1) : emptyDossier(input.kind);
  const state: ReferralState = {
    rulesVersion,
    caseId: input.caseId,
    kind: input.kind,
    requesterId: input.requesterId,
    patient: input.patient,
    status: 'draft',
    tasks: input.facilities.map((facility) => plannedTask(facility, now)),
    dossier,
    stalled: [],
    lastActivityAt: now,
    lastSeq: 1,
    createdAt: now,
    updatedAt: now,
    ...(input.facilities.some((facility) => facility.wave === 2)
      ? { secondWave: { afterDays: input.secondWaveAfterDays ?? deadlinePolicy(input.kind).secondWave.days } }
      : {}),
  };
  // A family request (since the `referral-family-origin` patch) keeps its origin and dossier number.
  const family = input.origin
    ? { origin: input.origin, ...(input.dossierNumber ? { dossierNumber: input.dossierNumber } : {}) }
    : {};
  const events: ReferralEvent[] = [
    {
      seq: 1,
      type: 'referral.created',
      at: now,
      actorId: input.requesterId,
      ...(input.origin
        ? { data: { origin: 'family', ...(input.dossierNumber ? { dossierNumber: input.dossierNumber } : {}) } }
        : {}),
    },
  ];
  return { state: { ...state, ...family }, events };
}

/** Applies a command; either a refusal with a stable code, or the new state and its events. */
export function decide(state: ReferralState, command: ReferralCommand, now: string): Decision {
  const decision = decideCommand(state, command, now);
  if (!decision.ok) return decision;
  // Any stalled mark whose cause is gone clears by itself, whatever cleared it.
  const cleared = clearResolvedStalls(decision.state, now);
  if (cleared.events.length === 0) return decision;
  return withEvents(decision, cleared.state, cleared.events);
}

function decideCommand(state: ReferralState, command: ReferralCommand, now: string): Decision {
  if (isReferralClosed(state.status)) return refuse('referral.already_closed');
  switch (command.type) {
    case 'send':
      return send(state, command.actorId, now);
    case 'updateDossier': {
      const dossier = summarizeDossier(state.kind, command.dossier, state.dossier.version + 1);
      return commit(state, now, { dossier }, state.tasks, [
        { type: 'referral.dossier_updated', actorId: command.actorId, data: { version: String(dossier.version) } },
      ]);
    }
    case 'addFacilities':
      return addFacilities(state, command.facilities, command.actorId, now);
    case 'cancel': {
      const tasks = state.tasks.map((task) =>
        isTaskOpen(task.status) ? cancelTask(task, 'referral_cancelled', now) : task,
      );
      return commit(
        state,
        now,
        { status: 'cancelled', closedAt: now, cancellationReason: command.reason, stalled: [] },
        tasks,
        [
          ...cancelledEvents(state.tasks, tasks),
          { type: 'referral.cancelled', actorId: command.actorId, data: { reason: command.reason } },
        ],
      );
    }
    case 'deadline':
      return applyDeadline(state, command.deadline, now, { emailConfirmed: command.emailConfirmed === true });
    case 'dueDeadlines':
      return applyDueDeadlines(state, now);
    default:
      if (isFamilyCommand(command))
        return decideFamily(state, command, now, (dossier) =>
          summarizeDossier(state.kind, dossier, state.dossier.version + 1),
        );
      if (isCoordinatorCommand(command)) return decideCoordination(state, command, now);
      return decideTaskCommand(state, command, now);
  }
}

type TaskCommand = Extract<ReferralCommand, { taskId: string; actorId: string }>;

function decideTaskCommand(state: ReferralState, command: TaskCommand, now: string): Decision {
  // In a draft, a facility may only be taken off the list (nothing was sent to it yet).
  if (state.status === 'draft' && command.type !== 'withdraw') return refuse('referral.not_sent');
  const task = state.tasks.find((candidate) => candidate.taskId === command.taskId);
  if (!task) return refuse('task.not_found');
  const action: FacilityTaskAction = command.type;
  if (!canApply(action, task.status)) return refuse(transitionRefusal(state, action, task));
  const base = { taskId: task.taskId, actorId: command.actorId };
  const update = (changes: Partial<FacilityTask>, draft: Draft[], caseChanges: Partial<ReferralState> = {}) =>
    commit(state, now, caseChanges, replace(state.tasks, { ...task, ...changes, updatedAt: now }), draft);

  switch (command.type) {
    case 'markRead':
      return update({ status: 'read', readAt: now }, [{ type: 'task.read', ...base }]);
    case 'startReview':
      return update({ status: 'under_review', readAt: task.readAt ?? now }, [{ type: 'task.under_review', ...base }]);
    case 'waitlist':
      return update(
        { status: 'waitlisted', readAt: task.readAt ?? now, answeredDossierVersion: state.dossier.version },
        [{ type: 'task.waitlisted', ...base, data: withComment({}, command.comment) }],
      );
    case 'requestInfo':
      return update(
        {
          status: 'info_requested',
          readAt: task.readAt ?? now,
          infoRequest: {
            question: command.question,
            askedAt: now,
            resumeStatus: task.status === 'sent' ? 'read' : task.status,
          },
        },
        [{ type: 'task.info_requested', ...base, data: { question: command.question } }],
      );
    case 'answerInfo': {
      const request = task.infoRequest;
      if (!request) return refuse('task.no_info_request');
      const paused = Date.parse(now) - Date.parse(request.askedAt);
      const pause = { from: request.askedAt, to: now };
      return update(
        {
          status: request.resumeStatus,
          clockPausedMs: (task.clockPausedMs ?? 0) + paused,
          ...(state.rulesVersion >= 3 ? { clockPauses: [...(task.clockPauses ?? []), pause] } : {}),
          infoRequest: { ...request, answer: command.answer, answeredAt: now },
        },
        [{ type: 'task.info_answered', ...base, data: { answer: command.answer } }],
      );
    }
    case 'accept':
      return update(
        {
          status: 'accepted',
          acceptedAt: now,
          proposedEntryDate: command.proposedEntryDate,
          ...(command.placeHeldUntil ? { placeHeldUntil: command.placeHeldUntil } : {}),
          answeredDossierVersion: state.dossier.version,
        },
        [
          {
            type: 'task.accepted',
            ...base,
            data: withComment(
              {
                proposedEntryDate: command.proposedEntryDate,
                dossierVersion: String(state.dossier.version),
                ...(command.placeHeldUntil ? { placeHeldUntil: command.placeHeldUntil } : {}),
              },
              command.comment,
            ),
          },
        ],
      );
    case 'refuse': {
      const refusal = command.comment
        ? { reasonCode: command.reasonCode, comment: command.comment }
        : { reasonCode: command.reasonCode };
      return update({ status: 'refused', refusal, answeredDossierVersion: state.dossier.version }, [
        {
          type: 'task.refused',
          ...base,
          data: withComment(
            { reasonCode: command.reasonCode, dossierVersion: String(state.dossier.version) },
            command.comment,
          ),
        },
      ]);
    }
    case 'withdraw': {
      const tasks = replace(state.tasks, cancelTask(task, 'withdrawn_by_requester', now));
      return commit(state, now, {}, tasks, cancelledEvents(state.tasks, tasks, command.actorId));
    }
    case 'choose':
      return choose(state, task, command.actorId, now);
    case 'confirmAdmission':
      return commit(
        state,
        now,
        { status: 'admitted', closedAt: now },
        replace(state.tasks, { ...task, status: 'admitted', updatedAt: now }),
        [
          { type: 'task.admitted', ...base, ...entered(command.actualEntryDate) },
          {
            type: 'referral.admitted',
            actorId: command.actorId,
            data: { taskId: task.taskId, ...entered(command.actualEntryDate)?.data },
          },
        ],
      );
    case 'reportAdmissionImpossible':
      return reopen(state, task, command.reason, command.actorId, now);
  }
}

function send(state: ReferralState, actorId: string, now: string): Decision {
  if (state.status !== 'draft') return refuse('referral.already_sent');
  if (state.rulesVersion >= 2 && state.dossier.missingParts.length > 0) return refuse('referral.dossier_incomplete');
  if (!state.tasks.some((task) => task.wave === 1)) return refuse('referral.no_facility');
  const tasks = state.tasks.map((task) => (task.wave === 1 ? sendTask(task, now) : task));
  const waveDelay = state.secondWave && { ...deadlinePolicy(state.kind).secondWave, days: state.secondWave.afterDays };
  const secondWave =
    state.secondWave && waveDelay
      ? {
          ...state.secondWave,
          sendAt: new Date(clockOf(state).delayEnd(Date.parse(now), waveDelay)).toISOString(),
        }
      : undefined;
  return commit(state, now, { status: 'sent', ...(secondWave ? { secondWave } : {}) }, tasks, [
    { type: 'referral.sent', actorId },
    ...tasks
      .filter((task) => task.status === 'sent')
      .map((task): Draft => ({ type: 'task.sent', taskId: task.taskId })),
  ]);
}

function addFacilities(state: ReferralState, added: NewFacilityTask[], actorId: string, now: string): Decision {
  if (state.status === 'facility_chosen') return refuse('referral.choice_already_made');
  const waveOpen = state.secondWave !== undefined && state.secondWave.sentAt === undefined;
  if (added.some((facility) => facility.wave === 2) && !waveOpen) return refuse('referral.no_second_wave');
  const known = new Set(state.tasks.map((task) => task.facilityId));
  if (added.some((facility) => known.has(facility.facilityId))) return refuse('referral.duplicate_facility');
  const newTasks = added.map((facility) => {
    const task = plannedTask({ ...facility, wave: facility.wave ?? 1 }, now);
    return state.status === 'sent' && task.wave === 1 ? sendTask(task, now) : task;
  });
  return commit(
    state,
    now,
    {},
    [...state.tasks, ...newTasks],
    newTasks
      .filter((task) => task.status === 'sent')
      .map((task) => ({ type: 'task.sent', taskId: task.taskId, actorId })),
  );
}

function choose(state: ReferralState, task: FacilityTask, actorId: string, now: string): Decision {
  if (state.status === 'facility_chosen') return refuse('referral.choice_already_made');
  // Choosing one facility withdraws every other open request: the place elsewhere is freed.
  const tasks = state.tasks.map((other) => {
    if (other.taskId === task.taskId) return { ...other, status: 'chosen' as const, updatedAt: now };
    return isTaskOpen(other.status) ? cancelTask(other, 'admitted_elsewhere', now) : other;
  });
  return commit(state, now, { status: 'facility_chosen' }, tasks, [
    { type: 'task.chosen', taskId: task.taskId, actorId },
    ...cancelledEvents(state.tasks, tasks),
    { type: 'referral.facility_chosen', actorId, data: { taskId: task.taskId } },
  ]);
}

/** The chosen facility cannot admit: the case reopens and requests withdrawn by the choice come back. */
function reopen(state: ReferralState, task: FacilityTask, reason: string, actorId: string, now: string): Decision {
  const tasks = state.tasks.map((other): FacilityTask => {
    if (other.taskId === task.taskId)
      return { ...other, status: 'admission_impossible', admissionImpossibleReason: reason, updatedAt: now };
    if (
      other.status === 'cancelled' &&
      other.cancellationReason === 'admitted_elsewhere' &&
      other.statusBeforeCancellation
    ) {
      const { cancellationReason: _reason, statusBeforeCancellation: _before, ...rest } = other;
      return { ...rest, status: other.statusBeforeCancellation, updatedAt: now };
    }
    return other;
  });
  const reactivated = tasks.filter(
    (other, index) => state.tasks[index]?.status === 'cancelled' && other.status !== 'cancelled',
  );
  return commit(state, now, { status: 'sent' }, tasks, [
    { type: 'task.admission_impossible', taskId: task.taskId, actorId, data: { reason } },
    ...reactivated.map((other): Draft => ({ type: 'task.reactivated', taskId: other.taskId })),
    { type: 'referral.reopened', actorId, data: { reason } },
  ]);
}
function transitionRefusal(state: ReferralState, action: FacilityTaskAction, task: FacilityTask): ErrorCode {
  if (action === 'choose')
    return state.status === 'facility_chosen' ? 'referral.choice_already_made' : 'task.not_accepted';
  if (action === 'confirmAdmission' || action === 'reportAdmissionImpossible') return 'task.not_chosen';
  if (action === 'answerInfo') return 'task.no_info_request';
  if (task.status === 'planned') return 'task.not_sent';
  return 'task.invalid_transition';
}

function summarizeDossier(kind: FacilityKind, dossier: DraftDossier, version: number): DossierSummary {
  const gir = computeDossierGir(dossier)?.gir;
  return { version, missingParts: missingDossierParts(kind, dossier), ...(gir !== undefined ? { gir } : {}) };
}

// Listed by shape 1's rules, as before the autonomy part: a case started without a dossier replays to
// the same state; its first saved version lists the parts by today's rules.
function emptyDossier(kind: FacilityKind): DossierSummary {
  return { version: 0, missingParts: missingDossierParts(kind, { schemaVersion: 1 }) };
}
function plannedTask(facility: NewFacilityTask, now: string): FacilityTask {
  return {
    taskId: facility.taskId,
    facilityId: facility.facilityId,
    facilityName: facility.facilityName,
    wave: facility.wave ?? 1,
    status: 'planned',
    updatedAt: now,
  };
}

/** The actual entry day an admission records (given by the workflow since entry days are kept). */
function entered(actualEntryDate: string | undefined): { data: { actualEntryDate: string } } | undefined {
  return actualEntryDate === undefined ? undefined : { data: { actualEntryDate } };
}

function withComment(data: Record<string, string>, comment: string | undefined): Record<string, string> {
  return comment ? { ...data, comment } : data;
}

function withEvents(
  decision: Extract<Decision, { ok: true }>,
  state: ReferralState,
  events: ReferralEvent[],
): Decision {
  return { ok: true, state, events: [...decision.events, ...events] };
}
