import { describe, expect, it } from 'vitest';
import {
  anonymisedBirthDate,
  anonymisedEventData,
  canManagePersonData,
  defaultRetentionMonths,
  erasureRefusal,
  isRetentionDue,
  keptCode,
  retentionCandidateBound,
  retentionClassOf,
  retentionLastDay,
} from '../../domain/retention.ts';

describe('retention rules', () => {
  it('gives each kind its class and default period', () => {
    expect(retentionClassOf({ caseKind: 'referral', kind: 'ehpad' })).toBe('grand_age');
    expect(retentionClassOf({ caseKind: 'referral', kind: 'usld' })).toBe('grand_age');
    expect(retentionClassOf({ caseKind: 'referral', kind: 'smr' })).toBe('suites_de_soins');
    expect(retentionClassOf({ caseKind: 'referral', kind: 'ssiad' })).toBe('suites_de_soins');
    expect(retentionClassOf({ caseKind: 'pco' })).toBe('pco');
    expect(defaultRetentionMonths).toEqual({ grand_age: 24, suites_de_soins: 12, pco: 36 });
  });

  it('starts the clock on the Paris day of the closing: 23:30 UTC on 31 December is already 1 January', () => {
    expect(retentionLastDay('2026-12-31T23:30:00Z', 12)).toBe('2028-01-01');
    expect(retentionLastDay('2026-12-31T12:30:00Z', 12)).toBe('2027-12-31');
    // Months clamp at the month's end.
    expect(retentionLastDay('2027-01-31T10:00:00Z', 1)).toBe('2027-02-28');
    expect(retentionLastDay('2027-12-31T10:00:00Z', 2)).toBe('2028-02-29');
  });

  it('is due once the last day has ended in Paris, not before', () => {
    const closedAt = '2026-06-10T08:00:00Z';
    // Last day 2027-06-10; it ends at midnight Paris (22:00 UTC in summer).
    expect(isRetentionDue(closedAt, 12, '2027-06-10T21:59:59Z')).toBe(false);
    expect(isRetentionDue(closedAt, 12, '2027-06-10T22:00:00Z')).toBe(true);
    // Across the October switch: the last day of a winter closing ends at 23:00 UTC.
    expect(isRetentionDue('2026-01-15T12:00:00Z', 12, '2027-01-15T22:59:59Z')).toBe(false);
    expect(isRetentionDue('2026-01-15T12:00:00Z', 12, '2027-01-15T23:00:00Z')).toBe(true);
  });

  it('bounds the query so that every due case is a candidate and no later closing is due', () => {
    const nows = ['2027-03-31T10:00:00Z', '2027-03-01T10:00:00Z', '2027-02-28T22:30:00Z', '2028-02-29T12:30:00Z'];
    for (const now of nows) {
      for (const months of [1, 12, 24]) {
        const bound = retentionCandidateBound(months, now).getTime();
        // Every closing day of the 70 days around the bound: due implies before the bound.
        for (let offset = -40; offset <= 30; offset++) {
          const closedAt = new Date(bound + offset * 86_400_000 + 3_600_000);
          if (isRetentionDue(closedAt, months, now)) expect(closedAt.getTime(), `${now} ${months}`).toBeLessThan(bound);
        }
      }
    }
    // 31 March − 1 month clamps to 28 February: a closing on 28 February is due on 31 March.
    expect(isRetentionDue('2027-02-28T10:00:00Z', 1, '2027-03-31T10:00:00Z')).toBe(true);
    expect(retentionCandidateBound(1, '2027-03-31T10:00:00Z').toISOString()).toBe('2027-02-28T23:00:00.000Z');
  });

  it('keeps codes and drops the words people typed', () => {
    expect(keptCode('no_place')).toBe('no_place');
    expect(keptCode('Retour à domicile organisé.')).toBeNull();
    expect(keptCode(null)).toBeNull();
    expect(
      anonymisedEventData({ taskId: 't', reason: 'facility_no_answer', party: 'facility', comment: 'Chambre au 2e' }),
    ).toEqual({ taskId: 't', reason: 'facility_no_answer', party: 'facility' });
    expect(anonymisedEventData({ reason: 'La famille refuse.', question: 'GIR ?', answer: '3' })).toEqual({});
    expect(anonymisedBirthDate('1940-03-03')).toBe('1940-01-01');
  });

  it('erases only closed cases, by administrators only', () => {
    expect(erasureRefusal({ closedAt: null })).toBe('retention.case_open');
    expect(erasureRefusal({ closedAt: '2026-01-01T00:00:00Z' })).toBeUndefined();
    expect(canManagePersonData({ role: 'admin' })).toBe(true);
    for (const role of ['physician', 'facility_member', 'coordinator', 'pco_member'] as const) {
      expect(canManagePersonData({ role })).toBe(false);
    }
  });
});
