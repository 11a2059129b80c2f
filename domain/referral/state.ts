import { addParisMonths, endOfParisDay } from '../calendar/days.ts';
import type { FacilityKind } from '../directory/facility-kinds.ts';
import type { ErrorCode } from '../errors.ts';
import { type ClockPause, type Delay, deadlinePolicy, delayEnd } from './deadlines.ts';
import { legacyAddMonths, legacyAnswerReminderAt, legacyDelayEnd, legacyEndOfDay } from './deadlines-legacy.ts';
import { computeDossierGir, type DraftDossier, dossierSchemaVersion, missingDossierParts } from './dossier.ts';
import {
  canApply,
  type FacilityTaskAction,
  type FacilityTaskStatus,
  isAwaitingAnswer,
  isTaskOpen,
} from './facility-task.ts';
import type { PatientIdentity } from './patient.ts';
import type { RefusalReason } from './refusal-reasons.ts';

/**
 * The state of one referral (one patient's case sent to N facilities) and the pure rules that
 * move it: commands from people, and deadlines that fall due. The workflow owns an instance of
 * this state; this module decides, the workflow acts.
 */
export const referralStatuses = {
  draft: 'Brouillon',
  sent: 'En attente de réponses',
  facility_chosen: 'Établissement choisi',
  admitted: 'Admission réalisée',
  cancelled: 'Annulée',
  archived: 'Archivée (inactivité)',
} as const;

export type ReferralStatus = keyof typeof referralStatuses;

export type ReferralRulesVersion = 1 | 2 | 3;
export const currentReferralRules: ReferralRulesVersion = 3;

/** One workflow per case; its id is derived from the case id so any process can find it. */
export function referralWorkflowId(caseId: string): string {
  return `referral/${caseId}`;
}

export function isReferralClosed(status: ReferralStatus): boolean {
  return status === 'admitted' || status === 'cancelled' || status === 'archived';
}

export type TaskCancellationReason =
  | 'admitted_elsewhere'
  | 'referral_cancelled'
  | 'withdrawn_by_requester'
  | 'archived';

export interface FacilityTask {
  taskId: string;
  facilityId: string;
  facilityName: string;
  /** 1 for the first group sent; 2 for a planned second wave. */
  wave: 1 | 2;
  status: FacilityTaskStatus;
  sentAt?: string;
  readAt?: string;
  /** Time the answer clock stood still while the facility waited for information. */
  clockPausedMs?: number;
  /** Rules v3: each stretch the answer clock stood still (from the question to its answer). */
  clockPauses?: ClockPause[];
  infoRequest?: {
    question: string;
    askedAt: string;
    answer?: string;
    answeredAt?: string;
    resumeStatus: FacilityTaskStatus;
  };
  proposedEntryDate?: string;
  placeHeldUntil?: string;
  placeReleasedAt?: string;
  acceptedAt?: string;
  refusal?: { reasonCode: RefusalReason; comment?: string };
  cancellationReason?: TaskCancellationReason;
  statusBeforeCancellation?: FacilityTaskStatus;
  admissionImpossibleReason?: string;
  /** Dossier version the facility had when it answered. */
  answeredDossierVersion?: number;
  remindedAt?: string;
  requesterRemindedAt?: string;
  updatedAt: string;
}

export const stalledReasons = {
  facility_no_answer: 'Pas de réponse de l’établissement dans le délai',
  info_answer_pending: 'Informations demandées par l’établissement, sans réponse du demandeur',
  choice_pending: 'Accord reçu, sans choix du demandeur',
  admission_overdue: 'Admission non confirmée après la date d’entrée prévue',
  inactive: 'Dossier sans changement depuis plusieurs mois',
} as const;

export type StalledReason = keyof typeof stalledReasons;

export interface StalledMark {
  reason: StalledReason;
  /** Who must act to clear it. */
  party: 'facility' | 'requester';
  taskId?: string;
  since: string;
}

export interface DossierSummary {
  version: number;
  missingParts: { path: string; label: string }[];
  gir?: number;
}

export interface ReferralState {
  /**
   * 1: the first release (answer reminders only); 2: full deadlines, dossier, waves; 3: the same
   * deadlines on the Paris calendar (same time of day across daylight saving, a paused clock
   * resumed in working days). A case keeps the version it started with.
   */
  rulesVersion: ReferralRulesVersion;
  caseId: string;
  kind: FacilityKind;
  requesterId: string;
  patient: PatientIdentity;
  status: ReferralStatus;
  tasks: FacilityTask[];
  dossier: DossierSummary;
  /** A second group of facilities, sent automatically if nobody of the first has accepted in time. */
  secondWave?: { afterDays: number; sendAt?: string; sentAt?: string };
  stalled: StalledMark[];
  lastActivityAt: string;
  inactivityAlertedAt?: string;
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
  | 'referral.dossier_updated'
  | 'referral.facility_chosen'
  | 'referral.reopened'
  | 'referral.admitted'
  | 'referral.cancelled'
  | 'referral.second_wave_sent'
  | 'referral.choice_reminded'
  | 'referral.inactivity_alert'
  | 'referral.archived'
  | 'referral.stalled'
  | 'referral.stall_cleared'
  | 'task.sent'
  | 'task.read'
  | 'task.under_review'
  | 'task.waitlisted'
  | 'task.info_requested'
  | 'task.info_answered'
  | 'task.reminded'
  | 'task.accepted'
  | 'task.place_released'
  | 'task.refused'
  | 'task.chosen'
  | 'task.cancelled'
  | 'task.reactivated'
  | 'task.admitted'
  | 'task.admission_impossible';

export interface ReferralEvent {
  seq: number;
  type: ReferralEventType;
  at: string;
  taskId?: string;
  actorId?: string;
  data?: Record<string, string>;
}

export interface NewFacilityTask {
  taskId: string;
  facilityId: string;
  facilityName: string;
  wave?: 1 | 2;
}

export interface NewReferral {
  caseId: string;
  kind: FacilityKind;
  requesterId: string;
  patient: PatientIdentity;
  facilities: NewFacilityTask[];
  dossier?: DraftDossier;
  /** Days after sending before the second wave goes out, if nobody accepted; default per kind. */
  secondWaveAfterDays?: number;
}

export type DeadlineType =
  | 'answer_reminder'
  | 'answer_stalled'
  | 'info_answer_stalled'
  | 'choice_reminder'
  | 'choice_stalled'
  | 'place_release'
  | 'admission_overdue'
  | 'second_wave'
  | 'inactivity_alert'
  | 'archive';

export interface Deadline {
  type: DeadlineType;
  at: number;
  taskId?: string;
}

type TaskArgs = { taskId: string; actorId: string };

export type ReferralCommand =
  | { type: 'send'; actorId: string }
  | { type: 'updateDossier'; actorId: string; dossier: DraftDossier }
  | { type: 'addFacilities'; actorId: string; facilities: NewFacilityTask[] }
  | ({ type: 'withdraw' } & TaskArgs)
  | ({ type: 'markRead' } & TaskArgs)
  | ({ type: 'startReview' } & TaskArgs)
  | ({ type: 'waitlist'; comment?: string } & TaskArgs)
  | ({ type: 'requestInfo'; question: string } & TaskArgs)
  | ({ type: 'answerInfo'; answer: string } & TaskArgs)
  | ({ type: 'accept'; proposedEntryDate: string; placeHeldUntil?: string; comment?: string } & TaskArgs)
  | ({ type: 'refuse'; reasonCode: RefusalReason; comment?: string } & TaskArgs)
  | ({ type: 'choose' } & TaskArgs)
  | ({ type: 'confirmAdmission' } & TaskArgs)
  | ({ type: 'reportAdmissionImpossible'; reason: string } & TaskArgs)
  | { type: 'cancel'; actorId: string; reason: string }
  | { type: 'deadline'; deadline: Deadline };

export type Decision = { ok: true; state: ReferralState; events: ReferralEvent[] } | { ok: false; code: ErrorCode };

type Draft = Omit<ReferralEvent, 'seq' | 'at'>;

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
  const events: ReferralEvent[] = [{ seq: 1, type: 'referral.created', at: now, actorId: input.requesterId }];
  return { state, events };
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
      return applyDeadline(state, command.deadline, now);
    default:
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
          { type: 'task.admitted', ...base },
          { type: 'referral.admitted', actorId: command.actorId, data: { taskId: task.taskId } },
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

/** Every deadline still to come, derived from the state alone: each fires once, then its effect is in the state. */
export function pendingDeadlines(state: ReferralState): Deadline[] {
  if (isReferralClosed(state.status)) return [];
  if (state.rulesVersion === 1) return legacyDeadlines(state);
  const policy = deadlinePolicy(state.kind);
  const clock = clockOf(state);
  const deadlines: Deadline[] = [];
  const isStalled = (reason: StalledReason, taskId?: string) =>
    state.stalled.some((mark) => mark.reason === reason && mark.taskId === taskId);

  if (state.status !== 'draft') {
    for (const task of state.tasks) {
      const { taskId } = task;
      if (isAwaitingAnswer(task.status) && task.sentAt) {
        const sent = Date.parse(task.sentAt);
        if (!task.remindedAt)
          deadlines.push({ type: 'answer_reminder', taskId, at: clock.answerEnd(sent, policy.answerReminder, task) });
        if (!isStalled('facility_no_answer', taskId))
          deadlines.push({ type: 'answer_stalled', taskId, at: clock.answerEnd(sent, policy.answerStalled, task) });
      }
      if (task.status === 'info_requested' && task.infoRequest && !isStalled('info_answer_pending', taskId)) {
        deadlines.push({
          type: 'info_answer_stalled',
          taskId,
          at: clock.delayEnd(Date.parse(task.infoRequest.askedAt), policy.infoAnswerStalled),
        });
      }
      if (task.status === 'accepted' && task.acceptedAt && state.status === 'sent') {
        const accepted = Date.parse(task.acceptedAt);
        if (!task.requesterRemindedAt)
          deadlines.push({ type: 'choice_reminder', taskId, at: clock.delayEnd(accepted, policy.choiceReminder) });
        if (!isStalled('choice_pending', taskId))
          deadlines.push({ type: 'choice_stalled', taskId, at: clock.delayEnd(accepted, policy.choiceStalled) });
      }
      if (task.status === 'accepted' && task.placeHeldUntil && !task.placeReleasedAt) {
        deadlines.push({ type: 'place_release', taskId, at: clock.endOfDay(task.placeHeldUntil) });
      }
      if (task.status === 'chosen' && task.proposedEntryDate && !isStalled('admission_overdue', taskId)) {
        deadlines.push({
          type: 'admission_overdue',
          taskId,
          at: clock.delayEnd(clock.endOfDay(task.proposedEntryDate), policy.admissionOverdue),
        });
      }
    }
    const waiting = state.tasks.some((task) => task.status === 'planned' && task.wave === 2);
    const accepted = state.tasks.some((task) => task.status === 'accepted' || task.status === 'chosen');
    const wave = state.secondWave;
    if (wave?.sendAt && !wave.sentAt && waiting && !accepted && state.status === 'sent') {
      deadlines.push({ type: 'second_wave', at: Date.parse(wave.sendAt) });
    }
  }
  if (policy.inactivity) {
    const lastActivity = Date.parse(state.lastActivityAt);
    const alerted = state.inactivityAlertedAt ? Date.parse(state.inactivityAlertedAt) : undefined;
    if (alerted === undefined || alerted < lastActivity) {
      deadlines.push({
        type: 'inactivity_alert',
        at: clock.addMonths(lastActivity, policy.inactivity.alertAfterMonths),
      });
    } else {
      deadlines.push({ type: 'archive', at: clock.addMonths(alerted, policy.inactivity.archiveAfterMonths) });
    }
  }
  return deadlines.sort((a, b) => a.at - b.at);
}

/** How a case's clocks count: the Paris calendar from rules v3, the frozen UTC arithmetic before. */
function clockOf(state: ReferralState) {
  const departement = state.patient.departement;
  if (state.rulesVersion >= 3) {
    return {
      delayEnd: (from: number, delay: Delay) => delayEnd(from, delay, departement),
      answerEnd: (sent: number, delay: Delay, task: FacilityTask) =>
        delayEnd(sent, delay, departement, task.clockPauses ?? []),
      endOfDay: endOfParisDay,
      addMonths: addParisMonths,
    };
  }
  return {
    delayEnd: (from: number, delay: Delay) => legacyDelayEnd(from, delay, departement),
    answerEnd: (sent: number, delay: Delay, task: FacilityTask) =>
      legacyDelayEnd(sent, delay, departement, task.clockPausedMs ?? 0),
    endOfDay: legacyEndOfDay,
    addMonths: legacyAddMonths,
  };
}

export function nextDeadline(state: ReferralState): Deadline | undefined {
  return pendingDeadlines(state)[0];
}

function legacyDeadlines(state: ReferralState): Deadline[] {
  if (state.status !== 'sent') return [];
  return state.tasks
    .filter((task) => (task.status === 'sent' || task.status === 'read') && !task.remindedAt && task.sentAt)
    .map(
      (task): Deadline => ({
        type: 'answer_reminder',
        taskId: task.taskId,
        at: legacyAnswerReminderAt(state.kind, Date.parse(task.sentAt ?? '')),
      }),
    )
    .sort((a, b) => a.at - b.at);
}

function applyDeadline(state: ReferralState, deadline: Deadline, now: string): Decision {
  // A deadline applies only if it is still pending and has come: an event may have beaten the timer.
  const due = pendingDeadlines(state).find(
    (pending) => pending.type === deadline.type && pending.taskId === deadline.taskId && pending.at <= Date.parse(now),
  );
  if (!due) return refuse('referral.deadline_not_due');
  const task = due.taskId ? state.tasks.find((candidate) => candidate.taskId === due.taskId) : undefined;
  const system = (changes: Partial<ReferralState>, tasks: FacilityTask[], drafts: Draft[]) =>
    commit(state, now, changes, tasks, drafts, { system: true });
  const taskChange = (changes: Partial<FacilityTask>) =>
    task ? replace(state.tasks, { ...task, ...changes }) : state.tasks;
  const stall = (reason: StalledReason, party: StalledMark['party']): Decision => {
    const mark: StalledMark = { reason, party, since: now, ...(due.taskId ? { taskId: due.taskId } : {}) };
    return system({ stalled: [...state.stalled, mark] }, state.tasks, [
      { type: 'referral.stalled', ...(due.taskId ? { taskId: due.taskId } : {}), data: { reason, party } },
    ]);
  };

  switch (due.type) {
    case 'answer_reminder':
      return system({}, taskChange({ remindedAt: now }), [{ type: 'task.reminded', taskId: due.taskId }]);
    case 'answer_stalled':
      return stall('facility_no_answer', 'facility');
    case 'info_answer_stalled':
      return stall('info_answer_pending', 'requester');
    case 'choice_reminder':
      return system({}, taskChange({ requesterRemindedAt: now }), [
        { type: 'referral.choice_reminded', taskId: due.taskId },
      ]);
    case 'choice_stalled':
      return stall('choice_pending', 'requester');
    case 'place_release':
      return system({}, taskChange({ placeReleasedAt: now }), [
        { type: 'task.place_released', taskId: due.taskId, data: { placeHeldUntil: task?.placeHeldUntil ?? '' } },
      ]);
    case 'admission_overdue':
      return stall('admission_overdue', 'facility');
    case 'second_wave': {
      const tasks = state.tasks.map((other) =>
        other.status === 'planned' && other.wave === 2 ? sendTask(other, now) : other,
      );
      return system(
        { secondWave: { afterDays: state.secondWave?.afterDays ?? 0, ...state.secondWave, sentAt: now } },
        tasks,
        [
          { type: 'referral.second_wave_sent' },
          ...tasks
            .filter((other, index) => state.tasks[index]?.status === 'planned' && other.status === 'sent')
            .map((other): Draft => ({ type: 'task.sent', taskId: other.taskId })),
        ],
      );
    }
    case 'inactivity_alert':
      return system(
        {
          inactivityAlertedAt: now,
          stalled: [...state.stalled, { reason: 'inactive', party: 'requester', since: now }],
        },
        state.tasks,
        [
          { type: 'referral.inactivity_alert' },
          { type: 'referral.stalled', data: { reason: 'inactive', party: 'requester' } },
        ],
      );
    case 'archive': {
      const tasks = state.tasks.map((other) => (isTaskOpen(other.status) ? cancelTask(other, 'archived', now) : other));
      return system({ status: 'archived', closedAt: now, stalled: [] }, tasks, [
        ...cancelledEvents(state.tasks, tasks),
        { type: 'referral.archived' },
      ]);
    }
  }
}

/** Drops stalled marks whose cause has gone (the facility answered, the requester chose…). */
function clearResolvedStalls(state: ReferralState, now: string): { state: ReferralState; events: ReferralEvent[] } {
  const stillStalled = (mark: StalledMark): boolean => {
    const task = mark.taskId ? state.tasks.find((candidate) => candidate.taskId === mark.taskId) : undefined;
    switch (mark.reason) {
      case 'facility_no_answer':
        return !!task && isAwaitingAnswer(task.status);
      case 'info_answer_pending':
        return task?.status === 'info_requested';
      case 'choice_pending':
        return task?.status === 'accepted' && state.status === 'sent';
      case 'admission_overdue':
        return task?.status === 'chosen';
      case 'inactive':
        return Date.parse(state.lastActivityAt) <= Date.parse(mark.since);
    }
  };
  const kept = state.stalled.filter(stillStalled);
  if (kept.length === state.stalled.length) return { state, events: [] };
  const events = state.stalled
    .filter((mark) => !kept.includes(mark))
    .map(
      (mark, index): ReferralEvent => ({
        seq: state.lastSeq + index + 1,
        type: 'referral.stall_cleared',
        at: now,
        ...(mark.taskId ? { taskId: mark.taskId } : {}),
        data: { reason: mark.reason },
      }),
    );
  return { state: { ...state, stalled: kept, lastSeq: state.lastSeq + events.length }, events };
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

function emptyDossier(kind: FacilityKind): DossierSummary {
  return { version: 0, missingParts: missingDossierParts(kind, { schemaVersion: dossierSchemaVersion }) };
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

function sendTask(task: FacilityTask, now: string): FacilityTask {
  return { ...task, status: 'sent', sentAt: now, updatedAt: now };
}

function refuse(code: ErrorCode): Decision {
  return { ok: false, code };
}

function cancelTask(task: FacilityTask, reason: TaskCancellationReason, now: string): FacilityTask {
  return {
    ...task,
    status: 'cancelled',
    cancellationReason: reason,
    statusBeforeCancellation: task.status,
    updatedAt: now,
  };
}

function cancelledEvents(before: FacilityTask[], after: FacilityTask[], actorId?: string): Draft[] {
  return after
    .filter((task, index) => task.status === 'cancelled' && before[index]?.status !== 'cancelled')
    .map((task) => ({
      type: 'task.cancelled',
      taskId: task.taskId,
      ...(actorId ? { actorId } : {}),
      data: { reason: task.cancellationReason ?? 'referral_cancelled' },
    }));
}

function replace(tasks: FacilityTask[], updated: FacilityTask): FacilityTask[] {
  return tasks.map((task) => (task.taskId === updated.taskId ? updated : task));
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

function commit(
  state: ReferralState,
  now: string,
  changes: Partial<ReferralState>,
  tasks: FacilityTask[],
  drafts: Draft[],
  options: { system?: boolean } = {},
): Decision {
  const events = drafts.map((draft, index): ReferralEvent => ({ ...draft, seq: state.lastSeq + index + 1, at: now }));
  return {
    ok: true,
    state: {
      ...state,
      ...changes,
      tasks,
      lastSeq: state.lastSeq + events.length,
      updatedAt: now,
      // Reminders and marks the platform adds itself are not activity: they must not reset inactivity.
      lastActivityAt: options.system ? state.lastActivityAt : now,
    },
    events,
  };
}
