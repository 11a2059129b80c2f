import { describe, expect, it } from 'vitest';
import { ageInMonths, ageInYears, nthBirthday, pcoEligibility } from '../../domain/pco/eligibility.ts';
import { bracketFor, currentScreeningGrid, evaluateScreening, screeningDomains } from '../../domain/pco/screening.ts';

const eligibility = (birthDate: string, referralDate: string) => pcoEligibility({ birthDate, referralDate });

describe('PCO eligibility by age', () => {
  it('routes to the 0–6 platform until the day before the 7th birthday, to 7–12 on the birthday', () => {
    expect(eligibility('2019-05-10', '2026-05-09')).toMatchObject({ eligible: true, ageRange: '0-6', ageYears: 6 });
    expect(eligibility('2019-05-10', '2026-05-10')).toMatchObject({ eligible: true, ageRange: '7-12', ageYears: 7 });
  });

  it('refuses from the 12th birthday, and a birth date after the referral', () => {
    expect(eligibility('2014-05-10', '2026-05-09')).toMatchObject({ eligible: true, ageRange: '7-12', ageYears: 11 });
    expect(eligibility('2014-05-10', '2026-05-10')).toEqual({ eligible: false, code: 'pco.too_old' });
    expect(eligibility('2026-06-01', '2026-05-10')).toEqual({ eligible: false, code: 'pco.not_born' });
  });

  it('gives a child born on 29 February its birthday on 1 March in common years', () => {
    expect(nthBirthday('2020-02-29', 7)).toBe('2027-03-01');
    expect(nthBirthday('2020-02-29', 8)).toBe('2028-02-29');
    expect(eligibility('2020-02-29', '2027-02-28')).toMatchObject({ ageRange: '0-6', ageYears: 6 });
    expect(eligibility('2020-02-29', '2027-03-01')).toMatchObject({ ageRange: '7-12', ageYears: 7 });
    expect(ageInYears('2020-02-29', '2024-02-29')).toBe(4);
    expect(ageInYears('2020-02-29', '2024-02-28')).toBe(3);
  });

  it('counts completed months', () => {
    expect(ageInMonths('2023-01-31', '2023-02-28')).toBe(0);
    expect(ageInMonths('2023-01-31', '2023-03-31')).toBe(2);
    expect(ageInMonths('2023-05-10', '2026-05-10')).toBe(36);
  });

  it('does not bar a child who already has MDPH rights or ESMS support: the platform’s doctor judges', () => {
    // The rights are no input of eligibility any more; the physician's form records them for the doctor.
    expect(eligibility('2022-01-01', '2026-01-01')).toMatchObject({ eligible: true, ageRange: '0-6', ageYears: 4 });
  });
});

describe('the screening grid and its orientation rule', () => {
  const grid = currentScreeningGrid;

  it('covers every month from birth to the day before 7 years with exactly one bracket', () => {
    for (let months = 0; months < 84; months += 1) expect(bracketFor(grid, months), `${months} months`).toBeDefined();
    expect(bracketFor(grid, 84)).toBeUndefined();
  });

  it('asks about cognition from 4 years only', () => {
    for (const bracket of grid.brackets) {
      expect(bracket.items.cognition !== undefined, bracket.id).toBe(bracket.fromMonths >= 42);
    }
  });

  it('on every bracket: signs in two domains suggest orientation, in one domain do not', () => {
    for (const bracket of grid.brackets) {
      const age = bracket.fromMonths + 1;
      const [first, second] = screeningDomains
        .filter((domain) => bracket.items[domain]?.length)
        .map((domain) => bracket.items[domain]?.[0]?.id ?? '');
      const one = evaluateScreening(grid, age, { checkedItems: [first ?? ''], generalSigns: [] });
      const two = evaluateScreening(grid, age, { checkedItems: [first ?? '', second ?? ''], generalSigns: [] });
      expect(one.ok && one.evaluation.suggestsOrientation, `${bracket.id}: one domain`).toBe(false);
      expect(two.ok && two.evaluation.suggestsOrientation, `${bracket.id}: two domains`).toBe(true);
    }
  });

  it('suggests orientation on any regression, and counts atypical behaviour as a domain', () => {
    const regression = evaluateScreening(grid, 36, { checkedItems: [], generalSigns: ['regression'] });
    expect(regression.ok && regression.evaluation).toMatchObject({ suggestsOrientation: true, regression: true });
    const atypical = evaluateScreening(grid, 36, { checkedItems: ['3y-la-1'], generalSigns: ['atypical_behaviour'] });
    expect(atypical.ok && atypical.evaluation.suggestsOrientation).toBe(true);
    const concernOnly = evaluateScreening(grid, 36, { checkedItems: [], generalSigns: ['parental_concern'] });
    expect(concernOnly.ok && concernOnly.evaluation).toMatchObject({
      suggestsOrientation: false,
      parentalConcern: true,
    });
  });

  it('follows a configured rule instead of the default', () => {
    const strict = { ...grid.defaultRule, minDomains: 1 };
    const result = evaluateScreening(grid, 36, { checkedItems: ['3y-la-1'], generalSigns: [] }, strict);
    expect(result.ok && result.evaluation.suggestsOrientation).toBe(true);
  });

  it('refuses signs that are not in the bracket of the child’s age', () => {
    expect(evaluateScreening(grid, 36, { checkedItems: ['12m-gm-1'], generalSigns: [] })).toEqual({
      ok: false,
      code: 'pco.unknown_screening_item',
      unknownItems: ['12m-gm-1'],
    });
  });
});
