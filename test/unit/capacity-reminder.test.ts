import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../domain/calendar/days.ts';
import { capacityReminderKey, isCapacityReminderDay } from '../../domain/directory/capacity-reminder.ts';

describe('the capacity reminder’s calendar', () => {
  it('falls on Mondays only', () => {
    expect(isCapacityReminderDay('2026-11-30')).toBe(true);
    for (const day of ['2026-11-29', '2026-12-01', '2026-12-05']) expect(isCapacityReminderDay(day), day).toBe(false);
  });

  it('keys a reminder by ISO week, whose Thursday decides the year', () => {
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2026-12-06')).toBe('2026-W49');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(capacityReminderKey('f1', '2026-12-02')).toBe('capacity-reminder/f1/2026-W49');
  });
});
