import { Temporal } from 'temporal-polyfill';
import { parisDay } from '../calendar/days.ts';
import { isWorkingDay } from '../calendar/working-days.ts';
import { type FacilityKind, pathwayOf } from '../directory/facility-kinds.ts';
import type { Delay } from './deadlines.ts';

/**
 * The deadline arithmetic of referrals begun before the Paris calendar (rules v1 and v2): days of
 * 24 hours and months counted in UTC, the paused span added after the count. Frozen: executions
 * already running keep the rules they started with (a timer computed one way must fall due the
 * same way), so this file never changes; new cases use `domain/referral/deadlines.ts`.
 */
/** Days of 24 hours. */
export function legacyAddDays(from: number, days: number): number {
  return Temporal.Instant.fromEpochMilliseconds(from).add({ hours: 24 * days }).epochMilliseconds;
}

function addWorkingDays(from: number, count: number, departement?: string): number {
  let current = from;
  let remaining = count;
  while (remaining > 0) {
    current = legacyAddDays(current, 1);
    if (isWorkingDay(parisDay(current), departement)) remaining -= 1;
  }
  return current;
}

export function legacyDelayEnd(from: number, delay: Delay, departement?: string, pausedMs = 0): number {
  const end = delay.working ? addWorkingDays(from, delay.days, departement) : legacyAddDays(from, delay.days);
  return end + pausedMs;
}

/** Calendar months later in UTC, clamped to the month's last day. */
export function legacyAddMonths(from: number, months: number): number {
  return Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO('UTC').add({ months }).epochMilliseconds;
}

/** End of a calendar day in Paris, approximated at 23:59:59 in winter time. */
export function legacyEndOfDay(isoDay: string): number {
  return Date.parse(`${isoDay}T23:59:59+01:00`);
}

/** v1 workflows (before deadlines were configurable) reminded after fixed calendar days. */
export function legacyAnswerReminderAt(kind: FacilityKind, sentAt: number): number {
  return legacyAddDays(sentAt, pathwayOf(kind) === 'grand_age' ? 15 : 2);
}
