import type { Actor } from '../identity/users.ts';

/**
 * Who keeps a facility's directory entry true: its managers edit the profile (description, offer,
 * contact); its managers and admissions staff declare the available places.
 */
export function canEditFacilityProfile(actor: Actor, facilityId: string): boolean {
  return actor.role === 'facility_member' && actor.facilityRoles[facilityId] === 'manager';
}

export function canDeclareCapacity(actor: Actor, facilityId: string): boolean {
  const role = actor.facilityRoles[facilityId];
  return actor.role === 'facility_member' && (role === 'manager' || role === 'staff');
}

/** Whether a facility's messages come one by one or in a daily digest is its manager's choice. */
export function canSetFacilityDigest(actor: Actor, facilityId: string): boolean {
  return actor.role === 'facility_member' && actor.facilityRoles[facilityId] === 'manager';
}
