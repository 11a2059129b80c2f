import { shiftDay, todayInParis } from '../../domain/calendar/days.ts';

/** The Paris day `days` from today: entry dates must be today or later, two years at most. */
export function inDays(days: number): string {
  return shiftDay(todayInParis(), days);
}
