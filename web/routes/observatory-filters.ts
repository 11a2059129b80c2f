import { isCalendarDay, shiftDay } from '../../domain/calendar/days.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';

/** The observatory's filters as the query string carries them (`departement`, `du`, `au`, `type`). */
export interface ObservatoryFilters {
  departements: string[];
  from: string;
  to: string;
  kind: FacilityKind | undefined;
}

const departementCode = /^(?:\d{2}|2A|2B|97\d)$/;

/**
 * Reads the filters, or says in French what is wrong. No period: the last twelve months up to
 * today (Paris days). Départements may be repeated or written « 69, 33 ».
 */
export function parseObservatoryFilters(
  query: { departement: string[]; du?: string | undefined; au?: string | undefined; type?: string | undefined },
  today: string,
): { ok: true; filters: ObservatoryFilters } | { ok: false; error: string } {
  const departements = [
    ...new Set(
      query.departement
        .flatMap((value) => value.split(/[\s,;]+/))
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  if (departements.some((code) => !departementCode.test(code))) {
    return { ok: false, error: 'Un département s’écrit avec son numéro : 69, 2A, 974…' };
  }
  const to = query.au || today;
  const from = query.du || shiftDay(to, -364);
  if (!isCalendarDay(from) || !isCalendarDay(to)) return { ok: false, error: 'Indiquez des dates valides.' };
  if (from > to) return { ok: false, error: 'La date de début doit précéder la date de fin.' };
  if (query.type && !Object.hasOwn(facilityKinds, query.type)) {
    return { ok: false, error: 'Ce type d’établissement n’existe pas.' };
  }
  return { ok: true, filters: { departements, from, to, kind: (query.type || undefined) as FacilityKind | undefined } };
}
