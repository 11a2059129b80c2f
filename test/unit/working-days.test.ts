import { describe, expect, it } from 'vitest';
import { addWorkingDays, easterSunday, isWorkingDay, publicHolidays } from '../../domain/calendar/working-days.ts';

describe('French working days', () => {
  it('knows Easter for years around today', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('lists the eleven national holidays, and two more in Alsace-Moselle', () => {
    const holidays = publicHolidays(2026);
    expect(holidays.size).toBe(11);
    expect(holidays.get('2026-04-06')).toBe('Lundi de Pâques');
    expect(holidays.get('2026-05-14')).toBe('Ascension');
    expect(holidays.get('2026-05-25')).toBe('Lundi de Pentecôte');
    const alsace = publicHolidays(2026, '67');
    expect(alsace.get('2026-04-03')).toBe('Vendredi saint');
    expect(alsace.get('2026-12-26')).toBe('Saint-Étienne');
  });

  it('skips weekends: two working days after a Friday afternoon is Tuesday afternoon', () => {
    const friday = new Date('2026-11-27T15:00:00Z');
    expect(addWorkingDays(friday, 2).toISOString()).toBe('2026-12-01T15:00:00.000Z');
  });

  it('skips public holidays: two working days after Wednesday 23 December is Monday 28', () => {
    expect(addWorkingDays(new Date('2026-12-23T09:00:00Z'), 2).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    // In Strasbourg, 26 December is a holiday too, but it is a Saturday in 2026: same answer.
    expect(addWorkingDays(new Date('2026-12-23T09:00:00Z'), 2, '67').toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('keeps Good Friday to Alsace-Moselle, whichever département asks first', () => {
    expect(isWorkingDay('2026-04-03', '57')).toBe(false);
    expect(isWorkingDay('2026-04-03', '75')).toBe(true);
    expect(isWorkingDay('2026-04-03')).toBe(true);
    expect(isWorkingDay('2026-04-03', '68')).toBe(false);
    // A holiday everywhere stays one after the Alsace-Moselle year was computed.
    expect(isWorkingDay('2026-04-06', '75')).toBe(false);
  });

  it('reads the day in Paris time, not UTC', () => {
    // 23:30 UTC on Friday 1 May 2026 is already Saturday 2 May in Paris.
    expect(isWorkingDay(new Date('2026-05-01T23:30:00Z'))).toBe(false);
    // 22:30 UTC on Sunday 3 May is Monday 4 May 00:30 in Paris: a working day.
    expect(isWorkingDay(new Date('2026-05-03T22:30:00Z'))).toBe(true);
  });
});
