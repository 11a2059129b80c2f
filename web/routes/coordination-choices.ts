import type { ReferralDetail } from '../../api/referrals/views.ts';
import { noFacilitySearch } from '../components/facility-search.tsx';
import type { WebDependencies } from '../dependencies.ts';
import { findFacilityChoices } from './facility-choices.ts';

/** Facilities a coordinator may suggest on a case: its kind, its département, not addressed nor suggested yet. */
export async function suggestableFacilities(
  db: WebDependencies['db'],
  referral: ReferralDetail,
): Promise<{ id: string; name: string }[]> {
  const coordination = referral.coordination;
  if (!coordination?.departement || referral.status !== 'sent') return [];
  const exclude = new Set([
    ...referral.tasks.map((task) => task.facility.id),
    ...coordination.suggestions.map((facility) => facility.facilityId),
  ]);
  const choices = await findFacilityChoices(
    db,
    referral.kind,
    { ...noFacilitySearch, departement: coordination.departement },
    exclude,
  );
  return choices.facilities.map((facility) => ({ id: facility.id, name: facility.name }));
}
