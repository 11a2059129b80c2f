import { Temporal } from 'temporal-polyfill';

/**
 * The one notion of "day" of the platform: a calendar day in Paris. French law counts delays in
 * calendar days of the place (Code de procédure civile art. 641–642): the day of the triggering
 * event does not count, and a delay expires at the end of its last day, local time. Everything
 * here works on Paris wall-clock time through the Temporal API (`temporal-polyfill`, its time zone
 * rules from the runtime's Intl data), so a delay of N days keeps its time of day across the
 * daylight-saving switches (last Sundays of March and October), and a day is never taken in UTC or
 * in the machine's own time zone.
 *
 * Instants are milliseconds since the epoch (as Temporal timers and the state's ISO strings give);
 * days are `YYYY-MM-DD` strings (`CalendarDay`). Pure and deterministic: safe in workflow code
 * (the workflow sandbox replaces `Date`, so nothing here subclasses or constructs dates by the
 * clock; `test/workflows` runs it there).
 */
export const parisTimeZone = 'Europe/Paris';

/** A calendar day, `YYYY-MM-DD`, read in Paris. */
export type CalendarDay = string;

type InstantInput = number | Date | string;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function ms(instant: InstantInput): number {
  const value =
    typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(value)) throw new RangeError(`instant invalide : ${String(instant)}`);
  return value;
}

function inParis(instant: InstantInput): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms(instant)).toZonedDateTimeISO(parisTimeZone);
}

/**
 * A computation through the Paris time zone costs the polyfill about 10 µs, and a case's deadlines
 * ask the same ones at every step (the worker's decisions, the API's answers): their results are
 * kept, the oldest dropped past `limit`. Pure functions of their arguments, so one store serves
 * every workflow of a worker thread (this module is loaded once for all, app/workflow-bundle.ts).
 */
function remembered<A extends unknown[]>(
  key: (...args: A) => string,
  compute: (...args: A) => number,
  limit = 4096,
): (...args: A) => number {
  const results = new Map<string, number>();
  return (...args) => {
    const name = key(...args);
    const known = results.get(name);
    if (known !== undefined) return known;
    const result = compute(...args);
    if (results.size >= limit) results.delete(results.keys().next().value as string);
    results.set(name, result);
    return result;
  };
}

/*
 * Calendar days are counted as plain numbers (days since 1970-01-01, proleptic Gregorian): lists and
 * inboxes compute ages and days left for hundreds of rows, and this arithmetic needs no time zone.
 * Only instants go through the Paris time zone.
 */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a real calendar day, or undefined (30 February, 2027-13-01, not YYYY-MM-DD). */
function dayNumberOf(day: string): number | undefined {
  const match = dayPattern.exec(day);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return undefined;
  // Days from civil (H. Hinnant): March-based years put 29 February at a year's end.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function dayOfNumber(number: number): CalendarDay {
  const z = number + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

function dayNumber(day: CalendarDay): number {
  const number = dayNumberOf(day);
  if (number === undefined) throw new RangeError(`jour invalide : ${day}`);
  return number;
}

function dayOf(day: CalendarDay): Temporal.PlainDate {
  dayNumber(day);
  return Temporal.PlainDate.from(day);
}

export function isCalendarDay(value: string): boolean {
  return dayNumberOf(value) !== undefined;
}

// One formatter, built once: the Paris day of an instant is asked for every row of every list.
const parisDayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: parisTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Paris calendar day of an instant: 23:30 UTC on 31 December is already 1 January in Paris. */
export function parisDay(instant: InstantInput): CalendarDay {
  let year = '';
  let month = '';
  let dayOfMonth = '';
  for (const part of parisDayFormat.formatToParts(ms(instant))) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') dayOfMonth = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${dayOfMonth}`;
}

/** Today in Paris, for a clock read now (or at `now`). */
export function todayInParis(now: InstantInput = Date.now()): CalendarDay {
  return parisDay(now);
}

/** Hours and minutes of an instant on Paris clocks (`{ hour: 10, minute: 0 }`). */
export function parisTimeOfDay(instant: InstantInput): { hour: number; minute: number } {
  const { hour, minute } = inParis(instant);
  return { hour, minute };
}

/** Calendar days from `from` to `to` (both days): 1 from a Monday to the Tuesday, negative backwards. */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return dayNumber(to) - dayNumber(from);
}

/** Paris days elapsed between two instants, whatever their hours: 1 from 23:50 to 00:10 the next day. */
export function parisDaysBetween(from: InstantInput, to: InstantInput): number {
  return daysBetween(parisDay(from), parisDay(to));
}

/** The day `count` calendar days after (or before, if negative) `day`. */
export function shiftDay(day: CalendarDay, count: number): CalendarDay {
  return dayOfNumber(dayNumber(day) + count);
}

/**
 * The day `count` calendar months after `day`, kept on the same day of the month or, where that
 * month is shorter, on its last day (31 January + 1 month = 28 or 29 February; art. 641: a delay
 * in months ends on the day of the last month bearing the same number, or the month's last day).
 */
export function shiftDayByMonths(day: CalendarDay, count: number): CalendarDay {
  return dayOf(day).add({ months: count }).toString();
}

/**
 * The same day and month `years` later. 29 February of a common year is 1 March (the day after
 * 28 February), the reading French case law retains for ages in years.
 */
export function anniversary(day: CalendarDay, years: number): CalendarDay {
  const [year, month, dayOfMonth] = day.split('-') as [string, string, string];
  const target = `${String(Number(year) + years).padStart(4, '0')}-${month}-${dayOfMonth}`;
  return isCalendarDay(target) ? target : shiftDay(`${target.slice(0, 8)}28`, 1);
}

/** Completed years from `from` to `on` (an age): a year is complete on its `anniversary`. */
export function completedYears(from: CalendarDay, on: CalendarDay): number {
  let years = Number(on.slice(0, 4)) - Number(from.slice(0, 4));
  if (anniversary(from, years) > on) years -= 1;
  return years;
}

/**
 * Completed months from `from` to `on` (an age in months): a month is complete on the same day of
 * the month; one born on the 31st completes a month on the 1st of a shorter next month, as
 * birthdays of 29 February do.
 */
export function completedMonths(from: CalendarDay, on: CalendarDay): number {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [year, month, day] = on.split('-').map(Number) as [number, number, number];
  const months = (year - fromYear) * 12 + (month - fromMonth);
  return day < fromDay ? months - 1 : months;
}

/** ISO weekday of a day: 1 Monday … 7 Sunday. */
export function isoWeekday(day: CalendarDay): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(day) + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week of a day (`2026-W49`): its Thursday decides the year. */
export function isoWeek(day: CalendarDay): string {
  const date = dayOf(day);
  return `${date.yearOfWeek}-W${String(date.weekOfYear).padStart(2, '0')}`;
}

/** The instant a day begins in Paris (00:00, UTC+1 in winter, UTC+2 in summer). */
export const startOfParisDay: (day: CalendarDay) => number = remembered(
  (day) => day,
  (day) => dayOf(day).toZonedDateTime(parisTimeZone).epochMilliseconds,
);

/**
 * The instant a delay whose last day is `day` has expired: the end of that day in Paris, i.e. the
 * first instant of the next day (a timer set here fires once the whole last day has passed).
 */
export function endOfParisDay(day: CalendarDay): number {
  return startOfParisDay(shiftDay(day, 1));
}

/**
 * An instant given by its Paris day and clock time: a time skipped by the March switch moves an
 * hour forward, a time the October switch repeats is its first occurrence.
 */
export function atParisTime(day: CalendarDay, hour: number, minute = 0): number {
  return dayOf(day).toPlainDateTime({ hour, minute }).toZonedDateTime(parisTimeZone, { disambiguation: 'compatible' })
    .epochMilliseconds;
}

/**
 * The instant `count` calendar days after `from`, at the same time on Paris clocks: a delay of 15
 * days set at 10:00 in March ends at 10:00, on either side of the switch to summer time.
 */
export const addParisDays: (from: InstantInput, count: number) => number = remembered(
  (from, count) => `${ms(from)}+${count}`,
  (from, count) => inParis(from).add({ days: count }).epochMilliseconds,
);

/** Whole calendar days that have passed from `from` to `to`: the largest k with `addParisDays(from, k) <= to`. */
export function wholeParisDaysElapsed(from: InstantInput, to: InstantInput): number {
  const days = parisDaysBetween(from, to);
  if (days <= 0) return 0;
  return addParisDays(from, days) <= ms(to) ? days : days - 1;
}

/** The instant `count` calendar months after `from`, same Paris time, clamped to the month's end. */
export const addParisMonths: (from: InstantInput, count: number) => number = remembered(
  (from, count) => `${ms(from)}+${count}m`,
  (from, count) => inParis(from).add({ months: count }).epochMilliseconds,
);

/** A day as people in France write it: `02/03/1940`. */
export function formatFrenchDay(day: CalendarDay): string {
  if (!isCalendarDay(day)) return day;
  const [year, month, dayOfMonth] = day.split('-');
  return `${dayOfMonth}/${month}/${year}`;
}

/** Fixed lengths of time, for what is not counted in calendar days (sessions, retries, look-back windows). */
export const duration = {
  minutes: (count: number) => count * 60_000,
  hours: (count: number) => count * 3_600_000,
} as const;
