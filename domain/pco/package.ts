import { type CalendarDay, shiftDayByMonths } from '../calendar/days.ts';

/**
 * The early-intervention package (forfait d'intervention précoce): yearly ceilings per group of
 * professions, counted per year of pathway from validation. Defaults from handicap.gouv
 * (DOMAIN.md §5.1): €1,500 for occupational therapy and psychomotor care, €300 for psychologists'
 * assessments; the amounts are configuration, not law.
 */
export const careProfessions = {
  psychomotricien: 'Psychomotricien',
  ergotherapeute: 'Ergothérapeute',
  psychologue: 'Psychologue',
  medecin: 'Médecin de la plateforme',
  orthophoniste: 'Orthophoniste (hors forfait)',
} as const;
export type CareProfession = keyof typeof careProfessions;

export interface PackageLine {
  id: string;
  label: string;
  professions: CareProfession[];
  ceilingCents: number;
}

export const defaultPackageLines: PackageLine[] = [
  {
    id: 'ergo_psychomot',
    label: 'Ergothérapie et psychomotricité',
    professions: ['ergotherapeute', 'psychomotricien'],
    ceilingCents: 150_000,
  },
  { id: 'psychologue', label: 'Bilans psychologiques', professions: ['psychologue'], ceilingCents: 30_000 },
];

export interface PackageUsage extends PackageLine {
  usedCents: number;
  remainingCents: number;
}

/**
 * Use of each package line during the current year of pathway (items beyond the package
 * excluded): years run from the validation day (`validatedOn`), `today` tells which is current.
 */
export function packageUsage(
  items: readonly { profession: CareProfession; date: string; amountCents: number; beyondPackage: boolean }[],
  validatedOn: CalendarDay,
  today: CalendarDay,
  lines: readonly PackageLine[] = defaultPackageLines,
): PackageUsage[] {
  let yearStart = validatedOn;
  while (shiftDayByMonths(yearStart, 12) <= today) yearStart = shiftDayByMonths(yearStart, 12);
  const yearEnd = shiftDayByMonths(yearStart, 12);
  return lines.map((line) => {
    const usedCents = items
      .filter((item) => !item.beyondPackage && line.professions.includes(item.profession))
      .filter((item) => item.date >= yearStart && item.date < yearEnd)
      .reduce((sum, item) => sum + item.amountCents, 0);
    return { ...line, usedCents, remainingCents: line.ceilingCents - usedCents };
  });
}
