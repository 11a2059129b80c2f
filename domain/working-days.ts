/**
 * French working days: Monday to Friday except public holidays (Code du travail L3133-1), plus
 * Good Friday and St Stephen's Day in Alsace-Moselle (départements 57, 67, 68). Dates are taken
 * in Paris time, since that is where deadlines are read.
 */
const dayMs = 24 * 60 * 60 * 1000;
const alsaceMoselle = new Set(['57', '67', '68']);

const parisDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const parisWeekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', weekday: 'short' });

/** The calendar day (YYYY-MM-DD) of an instant, in Paris. */
export function parisDay(instant: Date): string {
  return parisDate.format(instant);
}

/** Easter Sunday of a year (anonymous Gregorian algorithm), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
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
export function publicHolidays(year: number, departement?: string): Map<string, string> {
  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  const fromEaster = (days: number) => new Date(easter + days * dayMs).toISOString().slice(0, 10);
  const holidays = new Map<string, string>([
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

export function isWorkingDay(instant: Date, departement?: string): boolean {
  const weekday = parisWeekday.format(instant);
  if (weekday === 'Sat' || weekday === 'Sun') return false;
  const day = parisDay(instant);
  return !publicHolidays(Number(day.slice(0, 4)), departement).has(day);
}

/**
 * The instant `count` working days after `start`, at the same time of day: each step moves one
 * day forward and counts only if it lands on a working day.
 */
export function addWorkingDays(start: Date, count: number, departement?: string): Date {
  let current = start.getTime();
  let remaining = count;
  while (remaining > 0) {
    current += dayMs;
    if (isWorkingDay(new Date(current), departement)) remaining -= 1;
  }
  return new Date(current);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
