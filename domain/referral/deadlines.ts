import { addParisDays, wholeParisDaysElapsed } from '../calendar/days.ts';
import { addWorkingDays, workingDaysElapsed } from '../calendar/working-days.ts';
import { type FacilityKind, type Pathway, pathwayOf } from '../directory/facility-kinds.ts';

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

/** A stretch during which a clock stood still (a facility waiting for the information it asked for). */
export interface ClockPause {
  from: string;
  to: string;
}

function addDelay(from: number, delay: Delay, departement?: string): number {
  return delay.working
    ? addWorkingDays(new Date(from), delay.days, departement).getTime()
    : addParisDays(from, delay.days);
}

function spentDays(from: number, to: number, delay: Delay, departement?: string): number {
  return delay.working
    ? workingDaysElapsed(new Date(from), new Date(to), departement)
    : wholeParisDaysElapsed(from, to);
}

/**
 * The instant a delay ends, starting from `from` (ms), in Paris calendar days or French working
 * days, at the same time on Paris clocks. While the clock is paused it does not run: the whole
 * days spent before a pause count, and the remaining ones are counted from the pause's end (so a
 * working-day clock resumed on a Thursday still skips the weekend that follows).
 */
export function delayEnd(from: number, delay: Delay, departement?: string, pauses: readonly ClockPause[] = []): number {
  let start = from;
  let remaining = delay.days;
  for (const pause of pauses) {
    const stoppedAt = Date.parse(pause.from);
    const end = addDelay(start, { ...delay, days: remaining }, departement);
    // The delay ran out before the clock stopped: later pauses change nothing.
    if (end <= stoppedAt) return end;
    remaining -= spentDays(start, stoppedAt, delay, departement);
    start = Math.max(start, Date.parse(pause.to));
  }
  return addDelay(start, { ...delay, days: remaining }, departement);
}
