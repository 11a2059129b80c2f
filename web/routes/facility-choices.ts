import { type CommuneView, suggestCommunes } from '../../api/facilities/communes.ts';
import { facilityQuery, searchFacilities } from '../../api/facilities/search.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { communeKey } from '../../domain/directory/search-text.ts';
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
  error?: string;
}

/**
 * The commune meant by what was typed: the one picked among several, else the exact match (code,
 * or the very name), else the only one; several and no way to choose → the person picks.
 */
async function resolveCommune(db: WebDependencies['db'], search: FacilitySearch): Promise<CommuneOutcome> {
  if (!search.commune) return { origin: null, candidates: [] };
  const matches = await suggestCommunes(db, search.commune, 8);
  if (matches.length === 0) {
    return {
      origin: null,
      candidates: [],
      error: `Aucune commune ne correspond à « ${search.commune} » : vérifiez l’orthographe ou indiquez le code postal.`,
    };
  }
  const typedKey = communeKey(search.commune);
  const typedCode = search.commune.toUpperCase();
  const exact = matches.filter((commune) => commune.insee === typedCode || communeKey(commune.name) === typedKey);
  const decided = exact.length === 1 ? exact[0] : matches.length === 1 ? matches[0] : undefined;
  if (decided) return { origin: decided, candidates: [] };
  const picked = matches.find((commune) => commune.insee === search.communeCode);
  return { origin: picked ?? null, candidates: matches };
}

export async function findFacilityChoices(
  db: WebDependencies['db'],
  kind: FacilityKind,
  search: FacilitySearch,
  exclude: ReadonlySet<string> = new Set(),
): Promise<FacilityChoices> {
  const commune = await resolveCommune(db, search);
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
    ...(commune.error ? { communeError: commune.error } : {}),
  };
}
