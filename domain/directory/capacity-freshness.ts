import { parisDay, parisDaysBetween, shiftDay, startOfParisDay } from '../calendar/days.ts';

/**
 * How old a facility's declaration of available places is, and whether it is too old to trust:
 * past `staleAfterDays` (configurable, `PARCOURS_CAPACITY_STALE_DAYS`) the directory says so and
 * the facility's managers are nudged to declare again.
 */
export const defaultCapacityStaleDays = 7;

/** Paris calendar days since the declaration: 1 ("hier") for one made yesterday evening, whatever the hour now. */
export function declarationAgeDays(declaredAt: Date | string | null, now: Date): number | null {
  if (!declaredAt) return null;
  return Math.max(0, parisDaysBetween(declaredAt, now));
}

/** Declarations made before this instant are older than `staleAfterDays` days (the start of that Paris day). */
export function staleDeclarationsBefore(now: Date, staleAfterDays: number): Date {
  return new Date(startOfParisDay(shiftDay(parisDay(now), -staleAfterDays)));
}

export function isDeclarationStale(declaredAt: Date | string | null, now: Date, staleAfterDays: number): boolean {
  const age = declarationAgeDays(declaredAt, now);
  return age === null || age > staleAfterDays;
}

/** "aujourd’hui", "hier", "il y a 3 jours", "il y a 2 mois". */
export function ageLabel(days: number): string {
  if (days <= 0) return 'aujourd’hui';
  if (days === 1) return 'hier';
  if (days < 60) return `il y a ${days} jours`;
  const months = Math.floor(days / 30);
  if (months < 24) return `il y a ${months} mois`;
  return `il y a ${Math.floor(days / 365)} ans`;
}

export interface CapacitySummary {
  availablePlaces: number | null;
  declaredAt: Date | string | null;
}

/** The sentence shown beside a facility about its places. */
export function capacityLabel(capacity: CapacitySummary, now: Date, staleAfterDays: number): string {
  const age = declarationAgeDays(capacity.declaredAt, now);
  if (age === null || capacity.availablePlaces === null) return 'Places disponibles non déclarées';
  const places =
    capacity.availablePlaces === 0
      ? 'Aucune place disponible'
      : capacity.availablePlaces === 1
        ? '1 place disponible'
        : `${capacity.availablePlaces} places disponibles`;
  const stale = age > staleAfterDays ? ' — déclaration ancienne, à confirmer' : '';
  return `${places} (déclaré ${ageLabel(age)})${stale}`;
}
