import { addParisDays, type CalendarDay, isoWeekday, parisDay, shiftDay } from './days.ts';

/**
 * French working days: Monday to Friday except public holidays (Code du travail L3133-1), plus
 * Good Friday and St Stephen's Day in Alsace-Moselle (départements 57, 67, 68). Days are Paris
 * calendar days (`domain/calendar/days.ts`), since that is where deadlines are read.
 */
const alsaceMoselle = new Set(['57', '67', '68']);

/** Easter Sunday of a year (anonymous Gregorian algorithm), as YYYY-MM-DD. */
export function easterSunday(year: number): CalendarDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Public holidays of a year as YYYY-MM-DD, with their French names. */
export function publicHolidays(year: number, departement?: string): Map<CalendarDay, string> {
  const easter = easterSunday(year);
  const fromEaster = (days: number) => shiftDay(easter, days);
  const holidays = new Map<CalendarDay, string>([
    [`${year}-01-01`, 'Jour de l’an'],
    [fromEaster(1), 'Lundi de Pâques'],
    [`${year}-05-01`, 'Fête du travail'],
    [`${year}-05-08`, 'Victoire 1945'],
    [fromEaster(39), 'Ascension'],
    [fromEaster(50), 'Lundi de Pentecôte'],
    [`${year}-07-14`, 'Fête nationale'],
    [`${year}-08-15`, 'Assomption'],
    [`${year}-11-01`, 'Toussaint'],
    [`${year}-11-11`, 'Armistice 1918'],
    [`${year}-12-25`, 'Noël'],
  ]);
  if (departement && alsaceMoselle.has(departement)) {
    holidays.set(fromEaster(-2), 'Vendredi saint');
    holidays.set(`${year}-12-26`, 'Saint-Étienne');
  }
  return holidays;
}

// Each year's holidays, computed once: a working-day delay asks for every day it steps over.
const holidaysByYear = new Map<string, ReadonlySet<CalendarDay>>();

function isPublicHoliday(day: CalendarDay, departement?: string): boolean {
  const year = Number(day.slice(0, 4));
  const local = departement !== undefined && alsaceMoselle.has(departement);
  const key = `${year}${local ? '-alsace-moselle' : ''}`;
  let holidays = holidaysByYear.get(key);
  if (!holidays) {
    holidays = new Set(publicHolidays(year, departement).keys());
    holidaysByYear.set(key, holidays);
  }
  return holidays.has(day);
}

/** Whether a Paris calendar day is worked (a `Date` is read as the Paris day it falls on). */
export function isWorkingDay(day: CalendarDay | Date, departement?: string): boolean {
  const calendarDay = typeof day === 'string' ? day : parisDay(day);
  if (isoWeekday(calendarDay) >= 6) return false;
  return !isPublicHoliday(calendarDay, departement);
}

/**
 * The instant `count` working days after `start`, at the same time on Paris clocks: each step
 * moves one Paris day forward (23 or 25 hours on the night of a daylight-saving switch) and counts
 * only if it lands on a working day.
 */
export function addWorkingDays(start: Date, count: number, departement?: string): Date {
  let steps = 0;
  let remaining = count;
  while (remaining > 0) {
    steps += 1;
    if (isWorkingDay(parisDay(addParisDays(start, steps)), departement)) remaining -= 1;
  }
  return new Date(addParisDays(start, steps));
}

/**
 * Whole working days that have passed from `from` to `to`: the largest k with
 * `addWorkingDays(from, k) <= to`. A clock stopped at `to` has spent that many.
 */
export function workingDaysElapsed(from: Date, to: Date, departement?: string): number {
  let elapsed = 0;
  let steps = 0;
  for (;;) {
    steps += 1;
    const next = addParisDays(from, steps);
    if (next > to.getTime()) return elapsed;
    if (isWorkingDay(parisDay(next), departement)) elapsed += 1;
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
