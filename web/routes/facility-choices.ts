import { type CommuneView, resolveTypedCommune } from '../../api/facilities/communes.ts';
import { facilityQuery, searchFacilities } from '../../api/facilities/search.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import {
  type FacilityChoices,
  type FacilitySearch,
  facilityListLimit,
  noFacilitySearch,
  radiusChoices,
} from '../components/facility-search.tsx';
import type { WebDependencies } from '../dependencies.ts';

/**
 * The search as typed, read through `read` (the query parameters of a GET form, or the hidden
 * `recherche.*` fields of a POST form). A wrong département, code or radius is simply not applied.
 */
export function readFacilitySearch(read: (name: string) => string | undefined): FacilitySearch {
  const departement = (read('departement') ?? '').trim().toUpperCase();
  const communeCode = (read('commune-insee') ?? '').trim().toUpperCase();
  const radiusKm = Number((read('rayon') ?? '').trim());
  return {
    departement: facilityQuery.shape.departement.safeParse(departement).success ? departement : '',
    text: (read('etablissement') ?? '').trim().slice(0, 100),
    commune: (read('commune') ?? '').trim().slice(0, 100),
    communeCode: /^[0-9AB]{5}$/.test(communeCode) ? communeCode : '',
    radiusKm: radiusChoices.find((km) => km === radiusKm) ?? noFacilitySearch.radiusKm,
  };
}

interface CommuneOutcome {
  origin: CommuneView | null;
  candidates: CommuneView[];
  question?: string;
  error?: string;
}

async function communeOf(db: WebDependencies['db'], search: FacilitySearch): Promise<CommuneOutcome> {
  const resolution = await resolveTypedCommune(db, search.commune, search.communeCode);
  switch (resolution.status) {
    case 'empty':
      return { origin: null, candidates: [] };
    case 'resolved':
      return {
        origin: resolution.commune,
        candidates: resolution.choice?.candidates ?? [],
        ...(resolution.choice ? { question: resolution.choice.question } : {}),
      };
    case 'ask':
      return { origin: null, candidates: resolution.candidates, question: resolution.question };
    case 'unknown':
      return { origin: null, candidates: [], error: resolution.message };
  }
}

export async function findFacilityChoices(
  db: WebDependencies['db'],
  kind: FacilityKind,
  search: FacilitySearch,
  exclude: ReadonlySet<string> = new Set(),
): Promise<FacilityChoices> {
  const commune = await communeOf(db, search);
  const found = await searchFacilities(db, {
    kind,
    ...(search.departement ? { departement: search.departement } : {}),
    ...(search.text ? { q: search.text } : {}),
    // The documented ranking: proximity, declared places, responsiveness.
    ...(commune.origin
      ? { commune: commune.origin.insee, radiusKm: search.radiusKm, sort: 'pertinence' as const }
      : {}),
    limit: facilityListLimit + exclude.size,
  });
  const facilities = found.filter((facility) => !exclude.has(facility.id)).slice(0, facilityListLimit);
  const total = Math.max(facilities.length, (found.total ?? found.length) - exclude.size);
  return {
    facilities,
    total,
    origin: commune.origin,
    communeCandidates: commune.candidates,
    ...(commune.question ? { communeQuestion: commune.question } : {}),
    ...(commune.error ? { communeError: commune.error } : {}),
  };
}
