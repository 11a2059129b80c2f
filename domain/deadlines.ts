import { type FacilityKind, type Pathway, pathwayOf } from './facility-kinds.ts';
import { addWorkingDays } from './working-days.ts';

/**
 * How long each party has before the platform reminds it, then marks the case stalled. Follow-up
 * care keeps a patient in an acute bed meanwhile, so its clock counts working days and is short;
 * an EHPAD request is a waiting-list registration answered at the admission committee's pace.
 */
export interface Delay {
  days: number;
  /** Count only French working days (weekends and public holidays skipped). */
  working: boolean;
}

export interface DeadlinePolicy {
  /** From sending (clock paused while information is requested) to the reminder to the facility. */
  answerReminder: Delay;
  /** From sending to the stalled mark, the facility being the one to act. */
  answerStalled: Delay;
  /** From a facility's question to the stalled mark, the requester being the one to act. */
  infoAnswerStalled: Delay;
  /** From an acceptance to the reminder to the requester to choose. */
  choiceReminder: Delay;
  /** From an acceptance to the stalled mark on the requester. */
  choiceStalled: Delay;
  /** From the proposed entry date of the chosen facility to the stalled mark on it. */
  admissionOverdue: Delay;
  /** Default delay before a planned second wave goes out if nobody has accepted. */
  secondWave: Delay;
  /** Grand âge only (seed rule): unchanged this long → alert; then this long again → archived. */
  inactivity?: { alertAfterMonths: number; archiveAfterMonths: number };
}

export const deadlinePolicies: Record<Pathway, DeadlinePolicy> = {
  grand_age: {
    answerReminder: { days: 15, working: false },
    answerStalled: { days: 30, working: false },
    infoAnswerStalled: { days: 15, working: false },
    choiceReminder: { days: 7, working: false },
    choiceStalled: { days: 14, working: false },
    admissionOverdue: { days: 7, working: false },
    secondWave: { days: 21, working: false },
    inactivity: { alertAfterMonths: 6, archiveAfterMonths: 2 },
  },
  suites_de_soins: {
    answerReminder: { days: 2, working: true },
    answerStalled: { days: 4, working: true },
    infoAnswerStalled: { days: 2, working: true },
    choiceReminder: { days: 2, working: true },
    choiceStalled: { days: 4, working: true },
    admissionOverdue: { days: 2, working: true },
    secondWave: { days: 3, working: true },
  },
};

export function deadlinePolicy(kind: FacilityKind): DeadlinePolicy {
  return deadlinePolicies[pathwayOf(kind)];
}

const dayMs = 24 * 60 * 60 * 1000;

/** The instant a delay ends, starting from `from` (ms), with `pausedMs` added for a paused clock. */
export function delayEnd(from: number, delay: Delay, departement?: string, pausedMs = 0): number {
  const end = delay.working
    ? addWorkingDays(new Date(from), delay.days, departement).getTime()
    : from + delay.days * dayMs;
  return end + pausedMs;
}

/** Calendar months later, clamped to the month's last day (31 August + 6 months = 28/29 February). */
export function addMonths(from: number, months: number): number {
  const date = new Date(from);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

/** End of a calendar day (YYYY-MM-DD) in Paris, approximated at 23:59:59 in winter time. */
export function endOfDay(isoDay: string): number {
  return Date.parse(`${isoDay}T23:59:59+01:00`);
}

/** v1 workflows (before deadlines were configurable) reminded after fixed calendar days. */
export function legacyAnswerReminderDelayMs(kind: FacilityKind): number {
  return (pathwayOf(kind) === 'grand_age' ? 15 : 2) * dayMs;
}
