import { anniversary, type CalendarDay, completedMonths, completedYears } from '../calendar/days.ts';

/**
 * Who may be oriented to a PCO, and to which one (CSP R2135-1): a 0–6 platform until the day
 * before the 7th birthday, a 7–12 platform until the day before the 12th. Rights at the MDPH or
 * support by a medico-social service do not bar an orientation: whether a CDAPH decision already
 * gives equivalent care is for the platform's doctor to judge (refusal reason
 * `cdaph_equivalent`); the physician's form records both facts for that doctor to read.
 */
export type PcoAgeRange = '0-6' | '7-12';

export const pcoAgeRangeLabels: Record<PcoAgeRange, string> = {
  '0-6': 'PCO 0–6 ans',
  '7-12': 'PCO 7–12 ans',
};

/** The date of the n-th birthday (29 February → 1 March in common years, see `anniversary`). */
export function nthBirthday(birthDate: CalendarDay, years: number): CalendarDay {
  return anniversary(birthDate, years);
}

/** Completed months of age on `date` (both Paris calendar days: use `todayInParis()` for today). */
export function ageInMonths(birthDate: CalendarDay, date: CalendarDay): number {
  return completedMonths(birthDate, date);
}

/** Completed years of age on `date`, with the birthday rule of `nthBirthday`. */
export function ageInYears(birthDate: CalendarDay, date: CalendarDay): number {
  return completedYears(birthDate, date);
}

export type EligibilityRefusalCode = 'pco.not_born' | 'pco.too_old';

export type Eligibility =
  | { eligible: true; ageRange: PcoAgeRange; ageYears: number; ageMonths: number }
  | { eligible: false; code: EligibilityRefusalCode };

export function pcoEligibility(input: { birthDate: CalendarDay; referralDate: CalendarDay }): Eligibility {
  if (input.birthDate > input.referralDate) return { eligible: false, code: 'pco.not_born' };
  const ageYears = ageInYears(input.birthDate, input.referralDate);
  const ageMonths = ageInMonths(input.birthDate, input.referralDate);
  if (ageYears < 7) return { eligible: true, ageRange: '0-6', ageYears, ageMonths };
  if (ageYears < 12) return { eligible: true, ageRange: '7-12', ageYears, ageMonths };
  return { eligible: false, code: 'pco.too_old' };
}
