import type { Actor } from '../identity/users.ts';
import { isCoordinator } from './policies.ts';

/**
 * Whose numbers a person may read in the observatory: an administrator every département's, a
 * coordinator their territory's, a facility manager their own facilities' rows only; nobody else.
 */
export type ObservatoryAccess =
  | { kind: 'all' }
  | { kind: 'territory'; departements: string[] }
  | { kind: 'facilities'; facilityIds: string[] };

export function observatoryAccess(actor: Actor): ObservatoryAccess | undefined {
  if (actor.role === 'admin') return { kind: 'all' };
  if (isCoordinator(actor))
    return actor.territories.length > 0 ? { kind: 'territory', departements: [...actor.territories] } : undefined;
  if (actor.role === 'facility_member') {
    const managed = actor.facilityIds.filter((id) => actor.facilityRoles[id] === 'manager');
    return managed.length > 0 ? { kind: 'facilities', facilityIds: managed } : undefined;
  }
  return undefined;
}

/**
 * The départements asked for, kept within the access: a département outside a coordinator's
 * territory is dropped (none left: the whole territory). Undefined means every département.
 */
export function observedDepartements(access: ObservatoryAccess, asked: readonly string[]): string[] | undefined {
  if (access.kind === 'territory') {
    const kept = asked.filter((code) => access.departements.includes(code));
    return kept.length > 0 ? [...new Set(kept)] : access.departements;
  }
  return asked.length > 0 ? [...new Set(asked)] : undefined;
}
