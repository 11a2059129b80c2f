import { describe, expect, it } from 'vitest';
import { parisDay } from '../../domain/calendar/days.ts';
import {
  calendarMonth,
  estimateMonthlyCost,
  type FacilityPrices,
  facilityMonthlyCost,
  formatCents,
  type MonthlyCostInput,
  priceDating,
  priceOriginOf,
  toCents,
} from '../../domain/directory/monthly-cost.ts';

/** Intl writes a narrow no-break space in thousands and a no-break space before €: read them as spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

const declared = (on: string): MonthlyCostInput['origin'] => ({ kind: 'declared', on });

describe('the monthly cost estimate of an EHPAD', () => {
  it('counts the days of the Paris calendar month, leap Februaries included', () => {
    expect(calendarMonth('2026-12-02')).toEqual({
      month: '2026-12',
      first: '2026-12-01',
      days: 31,
      label: 'décembre 2026',
    });
    expect(calendarMonth('2026-04-30').days).toBe(30);
    expect(calendarMonth('2027-02-14').days).toBe(28);
    expect(calendarMonth('2028-02-01')).toMatchObject({ days: 29, label: 'février 2028' });
    // 23:30 UTC on 31 December is already January in Paris: the estimate is January's.
    expect(calendarMonth(parisDay('2026-12-31T23:30:00Z'))).toMatchObject({ month: '2027-01', days: 31 });
    expect(calendarMonth(parisDay('2027-02-28T22:59:00Z'))).toMatchObject({ month: '2027-02', days: 28 });
    expect(calendarMonth(parisDay('2027-02-28T23:00:00Z'))).toMatchObject({ month: '2027-03', days: 31 });
  });

  it('adds accommodation × days and the GIR 5-6 tariff × days, in exact cents', () => {
    // 136,50 € × 31 = 4 231,50 € ; 6,12 € × 31 = 189,72 € ; total 4 421,22 €.
    const estimate = estimateMonthlyCost({
      month: '2026-12-02',
      today: '2026-12-02',
      accommodationPerDay: 136.5,
      dependenceGir56PerDay: 6.12,
      origin: declared('2026-11-15'),
    });
    expect(estimate).toMatchObject({ month: '2026-12', days: 31, status: 'complete', totalCents: 442_122 });
    expect(estimate.terms).toMatchObject([
      { code: 'hebergement', perDayCents: 13_650, days: 31, amountCents: 423_150 },
      { code: 'dependance_gir_5_6', perDayCents: 612, days: 31, amountCents: 18_972 },
    ]);
    expect(plain(estimate.summary)).toBe(
      'Environ 4 421,22 € pour 31 jours de décembre 2026 : hébergement et tarif dépendance GIR 5-6.',
    );
    expect(plain(estimate.terms[0]?.explanation ?? '')).toContain('136,50 € par jour × 31 jours = 4 231,50 €.');
    expect(plain(estimate.terms[1]?.explanation ?? '')).toContain('6,12 € par jour × 31 jours = 189,72 €.');
    expect(estimate.terms[1]?.explanation).toContain('ticket modérateur');
    expect(estimate.warnings).toEqual([]);
    expect(estimate.dating).toEqual({
      on: '2026-11-15',
      label: 'Prix déclarés par l’établissement le 15/11/2026.',
      old: false,
    });
    expect(estimate.aids.map((aid) => aid.label)).toEqual([
      'Aide sociale à l’hébergement (ASH)',
      'Aide au logement (APL ou ALS)',
      'Réduction d’impôt pour frais d’hébergement et de dépendance',
    ]);
    expect(estimate.aids[2]?.explanation).toContain('crédit d’impôt');
    expect(estimate.notes.join(' ')).toContain('Assurance maladie');
  });

  it('gives February its 28 or 29 days', () => {
    // 80,34 € × 29 = 2 329,86 € ; 5,85 € × 29 = 169,65 € ; total 2 499,51 €.
    const leap = estimateMonthlyCost({
      month: '2028-02-10',
      today: '2028-02-10',
      accommodationPerDay: 80.34,
      dependenceGir56PerDay: 5.85,
      origin: declared('2028-01-05'),
    });
    expect(leap).toMatchObject({ days: 29, totalCents: 249_951 });
    expect(plain(leap.summary)).toContain('Environ 2 499,51 € pour 29 jours de février 2028');
    // 100,10 € (10 010 cents, not 10 009,999…) × 28 = 2 802,80 € ; 7,03 € × 28 = 196,84 € ; total 2 999,64 €.
    const common = estimateMonthlyCost({
      month: '2027-02-01',
      today: '2027-02-01',
      accommodationPerDay: 100.1,
      dependenceGir56PerDay: 7.03,
      origin: declared('2027-01-20'),
    });
    expect(common.terms.map((term) => term.amountCents)).toEqual([280_280, 19_684]);
    expect(common.totalCents).toBe(299_964);
  });

  it('says a lower bound when the GIR 5-6 tariff is missing, and no total without an accommodation price', () => {
    // 92,00 € × 30 = 2 760,00 €, dependence not known.
    const partial = estimateMonthlyCost({
      month: '2026-04-01',
      today: '2026-04-01',
      accommodationPerDay: 92,
      dependenceGir56PerDay: null,
      origin: declared('2026-03-01'),
    });
    expect(partial).toMatchObject({ status: 'partial', totalCents: 276_000 });
    expect(partial.terms[1]).toMatchObject({ perDayCents: null, amountCents: null });
    expect(partial.terms[1]?.explanation).toContain('n’a pas déclaré son tarif dépendance GIR 5-6');
    expect(plain(partial.summary)).toBe(
      'Au moins 2 760,00 € pour 30 jours d’avril 2026 : hébergement seul, le tarif dépendance GIR 5-6 n’étant pas connu.',
    );
    expect(partial.warnings).toEqual([
      'Tarif dépendance GIR 5-6 non connu : il s’ajoute chaque jour (souvent quelques euros), demandez-le à l’établissement.',
    ]);

    const none = estimateMonthlyCost({
      month: '2026-04-01',
      today: '2026-04-01',
      accommodationPerDay: null,
      dependenceGir56PerDay: null,
      origin: { kind: 'unknown' },
    });
    expect(none).toMatchObject({ status: 'unavailable', totalCents: null });
    expect(none.summary).toBe('Pas d’estimation pour avril 2026 : le prix d’hébergement n’est pas connu.');
    expect(none.warnings[0]).toBe(
      'Prix d’hébergement non connu : pas d’estimation possible, demandez-le à l’établissement.',
    );
    // Nothing is said of the age of prices that do not exist.
    expect(none.warnings).toHaveLength(2);
    expect(none.aids).toHaveLength(3);
  });

  it('dates each price, and flags one declared a year ago or more, or a shipped one that may date from 2022', () => {
    expect(priceDating(declared('2025-12-03'), '2026-12-02')).toMatchObject({ old: false });
    expect(priceDating(declared('2025-12-03'), '2026-12-03')).toEqual({
      on: '2025-12-03',
      label: 'Prix déclarés par l’établissement le 03/12/2025, il y a plus d’un an.',
      old: true,
    });
    const shipped = estimateMonthlyCost({
      month: '2026-12-02',
      today: '2026-12-02',
      accommodationPerDay: 107.58,
      dependenceGir56PerDay: null,
      origin: { kind: 'shipped', file: 'finess_fr_ehpad.csv' },
    });
    expect(shipped.dating.on).toBeNull();
    expect(shipped.dating.old).toBe(true);
    expect(shipped.dating.label).toContain('déclarés entre 2022 et janvier 2026');
    expect(shipped.warnings).toContain('Ces prix peuvent être anciens.');
    // 107,58 € × 31 = 3 334,98 €.
    expect(shipped.totalCents).toBe(333_498);
    expect(priceDating({ kind: 'shipped', file: 'etalab-cs1100507-stock.csv' }, '2026-12-02')).toMatchObject({
      on: null,
      old: true,
    });
    expect(priceDating({ kind: 'demo' }, '2026-12-02')).toMatchObject({ old: false });
  });

  it('reads prices as cents and writes euros the French way', () => {
    expect(toCents(136.5)).toBe(13_650);
    expect(toCents(0.07)).toBe(7);
    expect(toCents(null)).toBeNull();
    expect(toCents(0)).toBeNull();
    expect(plain(formatCents(442_122))).toBe('4 421,22 €');
  });

  it('reads a directory row: declared prices first, then the shipped file, and only for EHPAD and USLD', () => {
    const row: FacilityPrices = {
      kind: 'ehpad',
      pricePerDay: 107.58,
      dependenceGir56PerDay: null,
      tariffsDeclaredAt: null,
      isDemo: false,
      source: 'finess',
      sourceFile: 'finess_fr_ehpad.csv',
    };
    expect(priceOriginOf(row)).toEqual({ kind: 'shipped', file: 'finess_fr_ehpad.csv' });
    // Declared at 23:30 UTC on 31 December: 1 January in Paris.
    expect(priceOriginOf({ ...row, tariffsDeclaredAt: '2026-12-31T23:30:00Z' })).toEqual({
      kind: 'declared',
      on: '2027-01-01',
    });
    expect(priceOriginOf({ ...row, source: 'demo', isDemo: true })).toEqual({ kind: 'demo' });
    expect(priceOriginOf({ ...row, pricePerDay: null })).toEqual({ kind: 'unknown' });
    expect(priceOriginOf({ ...row, source: 'seed' })).toEqual({ kind: 'unknown' });

    // 23:30 UTC on 28 February 2027 is 1 March in Paris: 107,58 € × 31 = 3 334,98 €.
    expect(facilityMonthlyCost(row, new Date('2027-02-28T23:30:00Z'))).toMatchObject({
      month: '2027-03',
      days: 31,
      totalCents: 333_498,
    });
    expect(facilityMonthlyCost({ ...row, kind: 'usld' }, new Date('2027-02-10T10:00:00Z'))).toMatchObject({
      days: 28,
      totalCents: 301_224,
    });
    for (const kind of ['smr', 'had', 'soins_palliatifs', 'ssiad', 'residence_autonomie'] as const) {
      expect(facilityMonthlyCost({ ...row, kind }, new Date('2027-02-10T10:00:00Z')), kind).toBeNull();
    }
  });
});
