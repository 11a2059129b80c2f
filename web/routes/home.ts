import { coordinatorHome, facilityHome, pcoHome, physicianHome } from '../../api/home/dashboards.ts';
import { particulierAccount } from '../../api/home/particulier-home.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { canCreateReferral, isCoordinator } from '../../domain/referral/policies.ts';
import { listFamilyRequests } from '../../services/family/requests.ts';
import type { WebDependencies } from '../dependencies.ts';
import type { HomeSections } from '../pages/home.tsx';

/** One section per role the person holds: a physician who also works for a PCO platform sees both. */
export async function homeSections(deps: WebDependencies, actor: Actor): Promise<HomeSections> {
  const now = deps.clock?.() ?? new Date();
  // « Mon espace »: the account and the requests the person follows as a référent.
  if (actor.role === 'particulier') {
    const [account, requests] = await Promise.all([
      particulierAccount(deps.db, actor),
      listFamilyRequests(deps.db, actor.id),
    ]);
    return { particulier: { ...account, requests } };
  }
  const [physician, facility, coordinator, pco] = await Promise.all([
    canCreateReferral(actor) ? physicianHome(deps.db, actor) : undefined,
    actor.facilityIds.length > 0 ? facilityHome(deps.db, actor, now) : undefined,
    isCoordinator(actor) ? coordinatorHome(deps.db, actor) : undefined,
    Object.keys(actor.pcoRoles).length > 0 ? pcoHome(deps.db, actor, now) : undefined,
  ]);
  return { physician, facility, coordinator, pco };
}
