import { addParisDays } from '../calendar/days.ts';
import type { FacilityKind } from '../directory/facility-kinds.ts';
import { type ClockPause, type Delay, deadlinePolicy, delayEnd } from './deadlines.ts';
import { type FacilityTaskStatus, isAwaitingAnswer } from './facility-task.ts';

/** What the facility inbox knows of one request to place it in the triage order. */
export interface TriageFacts {
  kind: FacilityKind;
  status: FacilityTaskStatus;
  departement: string | null;
  sentAt: string | null;
  /** The last information request, as the read model keeps it. */
  infoAskedAt: string | null;
  infoAnsweredAt: string | null;
  /** Total time the answer clock stood still (every answered information request). */
  clockPausedMs: number;
}

/**
 * When the facility's answer is due (the instant its request is marked stalled), while it owes a
 * first answer; null otherwise (answered, closed, or the requester must act).
 *
 * The read model keeps only the last information request and the total pause: earlier pauses are
 * counted as one stretch ending when the last question was answered, which, on a calendar-day
 * clock, can put the due day at most a day off the workflow's own timer. The workflow's stalled
 * mark stays the reference (see `isAnswerOverdue`).
 */
export function answerDeadline(facts: TriageFacts): number | null {
  if (!isAwaitingAnswer(facts.status) || !facts.sentAt) return null;
  const sent = Date.parse(facts.sentAt);
  const pauses: ClockPause[] = [];
  if (facts.infoAnsweredAt && facts.clockPausedMs > 0) {
    const to = Date.parse(facts.infoAnsweredAt);
    pauses.push({ from: new Date(Math.max(sent, to - facts.clockPausedMs)).toISOString(), to: facts.infoAnsweredAt });
  }
  return delayEnd(sent, deadlinePolicy(facts.kind).answerStalled, facts.departement ?? undefined, pauses);
}

/** Overdue: the workflow marked it stalled on the facility, or its answer deadline has passed. */
export function isAnswerOverdue(deadline: number | null, stalledOnFacility: boolean, now: number): boolean {
  return stalledOnFacility || (deadline !== null && deadline <= now);
}

export interface TriageKey {
  overdue: boolean;
  deadline: number | null;
  /** When the request reached the facility (ms). */
  receivedAt: number;
}

/**
 * The inbox's default order, « par urgence »: overdue first, then the nearest answer deadline,
 * then the most recently received. It reads only the clocks, never the medical part, so the order
 * is the same for a doctor and for staff (it reveals nothing of what only the doctor may read).
 */
export function compareByUrgency(a: TriageKey, b: TriageKey): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline - b.deadline;
  }
  return b.receivedAt - a.receivedAt;
}

/**
 * The latest sending instant at which a request whose answer clock never stood still is overdue at
 * `now` (its `answerDeadline` ≤ now), for one delay and département: a bound the read model's SQL
 * compares `sent_at` with, so counting overdue requests reads no row. The delay ends at the same
 * Paris time, `k` Paris days after sending, so the answer is `now` moved back the smallest such `k`.
 */
export function latestOverdueSending(now: number, delay: Delay, departement?: string): number {
  for (let back = delay.days; ; back += 1) {
    const sentAt = addParisDays(now, -back);
    if (delayEnd(sentAt, delay, departement) <= now) return sentAt;
  }
}
