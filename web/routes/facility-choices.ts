import { facilityQuery, searchFacilities } from '../../api/facilities/search.ts';
import type { Database } from '../../db/client.ts';
import type { FacilityKind } from '../../domain/facility-kinds.ts';
import { type FacilityChoices, type FacilitySearch, facilityListLimit } from '../components/facility-search.tsx';

/** The search as typed (a wrong département is simply not applied). */
export function readFacilitySearch(departement: string | undefined, text: string | undefined): FacilitySearch {
  const trimmed = (departement ?? '').trim().toUpperCase();
  return {
    departement: facilityQuery.shape.departement.safeParse(trimmed).success ? trimmed : '',
    text: (text ?? '').trim().slice(0, 100),
  };
}

export async function findFacilityChoices(
  db: Database,
  kind: FacilityKind,
  search: FacilitySearch,
  exclude: ReadonlySet<string> = new Set(),
): Promise<FacilityChoices> {
  const found = await searchFacilities(db, {
    kind,
    ...(search.departement ? { departement: search.departement } : {}),
    ...(search.text ? { q: search.text } : {}),
    limit: facilityListLimit + exclude.size,
  });
  const facilities = found.filter((facility) => !exclude.has(facility.id)).slice(0, facilityListLimit);
  const total = Math.max(facilities.length, (found.total ?? found.length) - exclude.size);
  return { facilities, total };
}
