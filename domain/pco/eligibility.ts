/**
 * Who may be oriented to a PCO, and to which one (CSP R2135-1): a 0–6 platform until the day
 * before the 7th birthday, a 7–12 platform where the département has one, never a child who
 * already has MDPH rights or support from a medico-social service.
 */
export type PcoAgeRange = '0-6' | '7-12';

export const pcoAgeRangeLabels: Record<PcoAgeRange, string> = {
  '0-6': 'PCO 0–6 ans',
  '7-12': 'PCO 7–12 ans',
};

/**
 * The date of the n-th birthday. A child born on 29 February has it on 1 March in common years
 * (the day after 28 February), the reading retained by French case law for ages in years.
 */
export function nthBirthday(birthDate: string, years: number): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year + years, month - 1, day));
  // Date.UTC rolls 29 February of a common year over to 1 March, which is the rule above.
  return target.toISOString().slice(0, 10);
}

/** Completed months of age on `date` (both YYYY-MM-DD). */
export function ageInMonths(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let months = (y - by) * 12 + (m - bm);
  if (d < bd) months -= 1;
  return months;
}

/** Completed years of age on `date`, with the birthday rule of `nthBirthday`. */
export function ageInYears(birthDate: string, date: string): number {
  const [by] = birthDate.split('-').map(Number) as [number];
  const [y] = date.split('-').map(Number) as [number];
  let years = y - by;
  if (nthBirthday(birthDate, years) > date) years -= 1;
  return years;
}

export type EligibilityRefusalCode = 'pco.not_born' | 'pco.too_old' | 'pco.already_supported';

export type Eligibility =
  | { eligible: true; ageRange: PcoAgeRange; ageYears: number; ageMonths: number }
  | { eligible: false; code: EligibilityRefusalCode };

export function pcoEligibility(input: {
  birthDate: string;
  referralDate: string;
  hasMdphRights: boolean;
  hasEsmsSupport: boolean;
}): Eligibility {
  if (input.birthDate > input.referralDate) return { eligible: false, code: 'pco.not_born' };
  if (input.hasMdphRights || input.hasEsmsSupport) return { eligible: false, code: 'pco.already_supported' };
  const ageYears = ageInYears(input.birthDate, input.referralDate);
  const ageMonths = ageInMonths(input.birthDate, input.referralDate);
  if (ageYears < 7) return { eligible: true, ageRange: '0-6', ageYears, ageMonths };
  if (ageYears < 12) return { eligible: true, ageRange: '7-12', ageYears, ageMonths };
  return { eligible: false, code: 'pco.too_old' };
}
