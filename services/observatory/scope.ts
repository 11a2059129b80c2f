import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { type ObservatoryAccess, observedDepartements } from '../../domain/referral/observatory-access.ts';
import type { ObservatoryScope } from './facility-figures.ts';
import type { PcoScope } from './pco-figures.ts';

/** What a reader asked for: départements (empty: all theirs), a period of Paris days, a facility kind. */
export interface ObservatoryQuery {
  departements: string[];
  from: string;
  to: string;
  kind: FacilityKind | undefined;
}

/**
 * The scopes a reader's access allows for what they asked, the same for the page, the CSV and
 * the JSON API: a coordinator's départements never leave their territory; a facility manager
 * reads their facilities' rows only, and no PCO figures (those are a territory's).
 */
export function observatoryScopes(
  access: ObservatoryAccess,
  query: ObservatoryQuery,
  today: string,
): { departements: string[]; facilities: ObservatoryScope; pco: PcoScope | undefined } {
  const departements = observedDepartements(access, query.departements);
  const shown = access.kind === 'territory' ? (departements ?? []) : query.departements;
  if (access.kind === 'facilities') {
    return {
      departements: shown,
      facilities: { facilityIds: access.facilityIds, kind: query.kind, from: query.from, to: query.to },
      pco: undefined,
    };
  }
  return {
    departements: shown,
    facilities: { departements, kind: query.kind, from: query.from, to: query.to },
    pco: { departements, from: query.from, to: query.to, today },
  };
}
