import type { Actor } from './users.ts';

/** What an invitation would create, as far as the policy cares. */
export type InvitationTarget = { role: 'facility_member'; facilityId: string } | { role: 'coordinator' };

/** The facilities this person manages: their members are the ones they may invite. */
export function managedFacilityIds(actor: Actor): string[] {
  if (actor.role !== 'facility_member') return [];
  return Object.entries(actor.facilityRoles)
    .filter(([, role]) => role === 'manager')
    .map(([facilityId]) => facilityId);
}

/**
 * Who invites whom: an administrator invites facility members of any facility and coordinators;
 * a facility manager, members of the facilities they manage only.
 */
export function canInvite(actor: Actor, target: InvitationTarget): boolean {
  if (actor.role === 'admin') return true;
  return target.role === 'facility_member' && managedFacilityIds(actor).includes(target.facilityId);
}

/** Who has the invitations page and list at all: administrators and facility managers. */
export function canManageInvitations(actor: Actor): boolean {
  return actor.role === 'admin' || managedFacilityIds(actor).length > 0;
}

/** An invitation already sent is seen and withdrawn by whoever could send it now. */
export function canManageInvitation(actor: Actor, invitation: { facilityId: string | null }): boolean {
  if (actor.role === 'admin') return true;
  return (
    invitation.facilityId !== null && canInvite(actor, { role: 'facility_member', facilityId: invitation.facilityId })
  );
}
