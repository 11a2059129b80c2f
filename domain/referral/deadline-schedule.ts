import { addParisDays, addParisMonths, endOfParisDay } from '../calendar/days.ts';
import { type Delay, deadlinePolicy, delayEnd } from './deadlines.ts';
import { legacyAddMonths, legacyAnswerReminderAt, legacyDelayEnd, legacyEndOfDay } from './deadlines-legacy.ts';
import { isAwaitingAnswer, isTaskOpen } from './facility-task.ts';
import type { StalledMark, StalledReason } from './stalls.ts';
import {
  cancelledEvents,
  cancelTask,
  commit,
  type Deadline,
  type Decision,
  type Draft,
  type FacilityTask,
  isReferralClosed,
  type ReferralEvent,
  type ReferralState,
  refuse,
  replace,
  sendTask,
} from './state.ts';

/** When each deadline of a case falls due (durations in `deadlines.ts`), and what happens when it does. */
/** Every deadline still to come, derived from the state alone: each fires once, then its effect is in the state. */
export function pendingDeadlines(state: ReferralState): Deadline[] {
  if (isReferralClosed(state.status)) return [];
  if (state.rulesVersion === 1) return legacyDeadlines(state);
  const policy = deadlinePolicy(state.kind);
  const clock = clockOf(state);
  const deadlines: Deadline[] = [];
  const isStalled = (reason: StalledReason, taskId?: string) =>
    state.stalled.some((mark) => mark.reason === reason && mark.taskId === taskId);

  deadlines.push(...familyDeadlines(state));
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

/**
 * A family request's own deadlines, in Paris days: the référent's e-mail confirmation (reminder at
 * day 2, cancellation at day 4 after creation) and the médecin traitant's part (reminder at day 7,
 * stalled at day 15 after designation, until they complete or decline).
 */
export const familyDelays = {
  emailReminderDays: 2,
  emailCancelDays: 4,
  physicianReminderDays: 7,
  physicianStalledDays: 15,
} as const;

function familyDeadlines(state: ReferralState): Deadline[] {
  const origin = state.origin;
  if (origin?.kind !== 'family') return [];
  const deadlines: Deadline[] = [];
  const confirmation = origin.emailConfirmation;
  if (!confirmation.confirmedAt) {
    const created = Date.parse(state.createdAt);
    if (!confirmation.remindedAt)
      deadlines.push({
        type: 'email_confirmation_reminder',
        at: addParisDays(created, familyDelays.emailReminderDays),
      });
    deadlines.push({ type: 'email_confirmation_cancel', at: addParisDays(created, familyDelays.emailCancelDays) });
  }
  const physician = origin.physician;
  if (physician && !physician.completedAt && !physician.declinedAt) {
    const designated = Date.parse(physician.designatedAt);
    if (!physician.remindedAt)
      deadlines.push({ type: 'physician_reminder', at: addParisDays(designated, familyDelays.physicianReminderDays) });
    if (!state.stalled.some((mark) => mark.reason === 'physician_pending'))
      deadlines.push({ type: 'physician_stalled', at: addParisDays(designated, familyDelays.physicianStalledDays) });
  }
  return deadlines;
}

/** Whether this deadline needs to know first if a référent has confirmed their e-mail (an activity). */
export function needsEmailCheck(deadline: Deadline): boolean {
  return deadline.type === 'email_confirmation_reminder' || deadline.type === 'email_confirmation_cancel';
}

/** How a case's clocks count: the Paris calendar from rules v3, the frozen UTC arithmetic before. */
export function clockOf(state: ReferralState) {
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

/**
 * Applies a deadline that has come. `facts.emailConfirmed` is what the workflow's activity found
 * for the e-mail deadlines (a référent with a verified address): then the confirmation is recorded
 * instead of the reminder or the cancellation.
 */
/**
 * Every deadline due at `now`, applied one after the other in one decision: a request sent to five
 * facilities at once has its five answer reminders due at the same instant, and they are written in
 * one snapshot with their messages. It stops before a deadline that needs an outside fact first (an
 * e-mail confirmation), which the workflow applies on its own.
 */
export function applyDueDeadlines(state: ReferralState, now: string): Decision {
  const at = Date.parse(now);
  let current = state;
  const events: ReferralEvent[] = [];
  // Each applied deadline leaves the pending list; the bound only guards against a rule that would not.
  for (let round = 0; round < 100; round++) {
    const due = nextDeadline(current);
    if (!due || due.at > at || needsEmailCheck(due)) break;
    const decision = applyDeadline(current, due, now);
    if (!decision.ok) break;
    current = decision.state;
    events.push(...decision.events);
  }
  return events.length > 0 ? { ok: true, state: current, events } : refuse('referral.deadline_not_due');
}

export function applyDeadline(
  state: ReferralState,
  deadline: Deadline,
  now: string,
  facts: { emailConfirmed?: boolean } = {},
): Decision {
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

  const origin = state.origin;
  switch (due.type) {
    case 'email_confirmation_reminder':
    case 'email_confirmation_cancel': {
      if (!origin) return refuse('referral.deadline_not_due');
      if (facts.emailConfirmed) {
        const emailConfirmation = { ...origin.emailConfirmation, confirmedAt: now };
        return system({ origin: { ...origin, emailConfirmation } }, state.tasks, [
          { type: 'referral.email_confirmed' },
        ]);
      }
      if (due.type === 'email_confirmation_reminder') {
        const emailConfirmation = { ...origin.emailConfirmation, remindedAt: now };
        return system({ origin: { ...origin, emailConfirmation } }, state.tasks, [{ type: 'referral.email_reminded' }]);
      }
      const tasks = state.tasks.map((other) =>
        isTaskOpen(other.status) ? cancelTask(other, 'referral_cancelled', now) : other,
      );
      return system({ status: 'cancelled', closedAt: now, cancellationReason: emailNotConfirmed, stalled: [] }, tasks, [
        ...cancelledEvents(state.tasks, tasks),
        { type: 'referral.cancelled', data: { reason: emailNotConfirmed } },
      ]);
    }
    case 'physician_reminder': {
      if (!origin?.physician) return refuse('referral.deadline_not_due');
      const physician = { ...origin.physician, remindedAt: now };
      return system({ origin: { ...origin, physician } }, state.tasks, [
        { type: 'physician.reminded', ...physicianData(physician) },
      ]);
    }
    case 'physician_stalled':
      return stall('physician_pending', 'physician');
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

/** The cancellation reason of a family request whose référent never confirmed their e-mail. */
export const emailNotConfirmed = 'email_not_confirmed';

function physicianData(physician: { userId?: string }): { data?: Record<string, string> } {
  return physician.userId ? { data: { physicianId: physician.userId } } : {};
}
