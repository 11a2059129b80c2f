import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addParisDays,
  addParisMonths,
  anniversary,
  atParisTime,
  daysBetween,
  endOfParisDay,
  formatFrenchDay,
  isCalendarDay,
  isoWeek,
  parisDay,
  parisDaysBetween,
  parisTimeOfDay,
  shiftDay,
  shiftDayByMonths,
  startOfParisDay,
  todayInParis,
  wholeParisDaysElapsed,
} from '../../domain/calendar/days.ts';
import { addWorkingDays, workingDaysElapsed } from '../../domain/calendar/working-days.ts';

/** The instants where a day count goes wrong when it is taken in UTC or as 24-hour steps. */
const risky = {
  parisHalfPastMidnight: '2026-06-10T00:30:00+02:00',
  parisHalfPastEleven: '2026-06-10T23:30:00+02:00',
  utcHalfPastNoon: '2026-06-10T12:30:00Z',
  winterHalfPastEleven: '2026-01-15T23:30:00+01:00',
  springForwardNight: '2027-03-28T01:30:00+01:00',
  fallBackNight: '2027-10-31T02:30:00+01:00',
  newYearsEve: '2026-12-31T23:45:00+01:00',
} as const;

const paris = (instant: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(instant),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('the Paris day of an instant', () => {
  it('is the day on Paris clocks at 00:30, 23:30 and 12:30 UTC, summer and winter', () => {
    expect(parisDay(risky.parisHalfPastMidnight)).toBe('2026-06-10');
    expect(parisDay(risky.parisHalfPastEleven)).toBe('2026-06-10');
    expect(parisDay(risky.utcHalfPastNoon)).toBe('2026-06-10');
    expect(parisDay(risky.winterHalfPastEleven)).toBe('2026-01-15');
    // Where UTC already says tomorrow, or still says yesterday:
    expect(new Date(risky.parisHalfPastMidnight).toISOString().slice(0, 10)).toBe('2026-06-09');
    expect(parisDay('2026-12-31T23:30:00Z')).toBe('2027-01-01');
  });

  it('on New Year’s Eve at 23:45 Paris is still 31 December, and its ISO week is the last of the year', () => {
    expect(parisDay(risky.newYearsEve)).toBe('2026-12-31');
    expect(isoWeek(parisDay(risky.newYearsEve))).toBe('2026-W53');
    expect(isoWeek(parisDay(addParisDays(risky.newYearsEve, 1)))).toBe('2026-W53');
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });

  it('reads the machine’s clock for today, in Paris whatever the hour', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const [instant, day] of [
      [risky.parisHalfPastMidnight, '2026-06-10'],
      [risky.parisHalfPastEleven, '2026-06-10'],
      [risky.newYearsEve, '2026-12-31'],
      ['2026-12-31T23:30:00Z', '2027-01-01'],
    ] as const) {
      vi.setSystemTime(new Date(instant));
      expect(todayInParis(), instant).toBe(day);
    }
  });
});

describe('days between Paris days', () => {
  it('count calendar days, not 24-hour spans', () => {
    expect(parisDaysBetween('2026-06-09T23:50:00+02:00', '2026-06-10T00:10:00+02:00')).toBe(1);
    expect(parisDaysBetween(risky.parisHalfPastMidnight, risky.parisHalfPastEleven)).toBe(0);
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2027-10-30', '2027-11-01')).toBe(2);
    expect(daysBetween('2026-06-10', '2026-06-01')).toBe(-9);
  });

  it('count whole days spent between instants, 23- and 25-hour days included', () => {
    expect(wholeParisDaysElapsed('2027-03-27T10:00:00+01:00', '2027-03-28T10:00:00+02:00')).toBe(1);
    expect(wholeParisDaysElapsed('2027-03-27T10:00:00+01:00', '2027-03-28T09:59:00+02:00')).toBe(0);
    expect(wholeParisDaysElapsed('2027-10-30T10:00:00+02:00', '2027-10-31T10:00:00+01:00')).toBe(1);
  });
});

describe('adding days and months', () => {
  it('keeps 10:00 on Paris clocks across the last Sundays of March and October', () => {
    expect(paris(addParisDays('2027-03-27T10:00:00+01:00', 1))).toBe('2027-03-28 10:00');
    expect(paris(addParisDays('2027-03-20T10:00:00+01:00', 15))).toBe('2027-04-04 10:00');
    expect(paris(addParisDays('2027-10-30T10:00:00+02:00', 1))).toBe('2027-10-31 10:00');
    expect(paris(addParisDays('2027-10-20T10:00:00+02:00', 15))).toBe('2027-11-04 10:00');
    // A day of 23 hours, then one of 25:
    expect(addParisDays('2027-03-27T10:00:00+01:00', 1) - Date.parse('2027-03-27T10:00:00+01:00')).toBe(23 * 3_600_000);
    expect(addParisDays('2027-10-30T10:00:00+02:00', 1) - Date.parse('2027-10-30T10:00:00+02:00')).toBe(25 * 3_600_000);
  });

  it('moves a time skipped by the March switch to the same instant an hour later', () => {
    expect(paris(addParisDays('2027-03-27T02:30:00+01:00', 1))).toBe('2027-03-28 03:30');
    expect(parisTimeOfDay(risky.springForwardNight)).toEqual({ hour: 1, minute: 30 });
    expect(paris(atParisTime('2027-03-28', 10))).toBe('2027-03-28 10:00');
  });

  it('clamps months to the month’s end: 31 January + 1 month, 29 February, 31 August + 6 months', () => {
    expect(shiftDayByMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(shiftDayByMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(shiftDayByMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(shiftDayByMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(paris(addParisMonths('2027-01-31T10:00:00+01:00', 1))).toBe('2027-02-28 10:00');
    expect(paris(addParisMonths('2027-08-31T10:00:00+02:00', 6))).toBe('2028-02-29 10:00');
  });

  it('has birthdays of 29 February on 1 March in common years', () => {
    expect(anniversary('2024-02-29', 1)).toBe('2025-03-01');
    expect(anniversary('2024-02-29', 4)).toBe('2028-02-29');
    expect(anniversary('2020-06-10', 7)).toBe('2027-06-10');
  });

  it('shifts days across month, year and daylight-saving boundaries', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2028-03-01', -1)).toBe('2028-02-29');
    expect(shiftDay('2027-03-27', 2)).toBe('2027-03-29');
  });
});

describe('the end of a deadline’s last day', () => {
  it('is midnight Paris time: 23:00 UTC in winter, 22:00 UTC in summer, on the switch days too', () => {
    expect(new Date(endOfParisDay('2026-12-31')).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(new Date(endOfParisDay('2026-06-10')).toISOString()).toBe('2026-06-10T22:00:00.000Z');
    expect(new Date(endOfParisDay('2027-03-28')).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(new Date(endOfParisDay('2027-10-31')).toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(endOfParisDay('2027-03-28') - startOfParisDay('2027-03-28')).toBe(23 * 3_600_000);
  });
});

describe('working days in Paris time', () => {
  it('count from 23:30 Paris on a Friday as from that Friday, not from UTC’s', () => {
    // 23:30 Paris on Friday 29 May 2026 is 21:30 UTC the same Friday; two working days later is Tuesday 2 June.
    expect(paris(addWorkingDays(new Date('2026-05-29T23:30:00+02:00'), 2).getTime())).toBe('2026-06-02 23:30');
    // 00:30 Paris on Monday 1 June 2026 (Sunday 22:30 UTC) + 1 working day: Tuesday 00:30.
    expect(paris(addWorkingDays(new Date('2026-06-01T00:30:00+02:00'), 1).getTime())).toBe('2026-06-02 00:30');
  });

  it('skip New Year’s Day from New Year’s Eve at 23:45', () => {
    expect(paris(addWorkingDays(new Date(risky.newYearsEve), 1).getTime())).toBe('2027-01-04 23:45');
  });

  it('count the whole working days spent between two instants', () => {
    const monday = new Date('2026-06-01T10:00:00+02:00');
    expect(workingDaysElapsed(monday, new Date('2026-06-01T18:00:00+02:00'))).toBe(0);
    expect(workingDaysElapsed(monday, new Date('2026-06-02T10:00:00+02:00'))).toBe(1);
    expect(workingDaysElapsed(monday, new Date('2026-06-08T09:00:00+02:00'))).toBe(4);
  });
});

describe('days as people write them', () => {
  it('formats a day, and tells real days from impossible ones', () => {
    expect(formatFrenchDay('1940-03-02')).toBe('02/03/1940');
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2027-13-01')).toBe(false);
  });
});
