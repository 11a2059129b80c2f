import { type FacilityRole, facilityRoles, userRoles } from './users.ts';

/** An invitation's life: waiting for its link to be used, then accepted, expired or withdrawn. */
export const invitationStatuses = {
  pending: 'En attente',
  accepted: 'Acceptée',
  expired: 'Expirée',
  withdrawn: 'Retirée',
} as const;

export type InvitationStatus = keyof typeof invitationStatuses;

export const invitationValidityDays = 7;

export function invitationStatus(
  invitation: { acceptedAt: Date | null; withdrawnAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.withdrawnAt) return 'withdrawn';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** What the account will be, in words: the facility role of a member, else the platform role. */
export function invitationRoleLabel(role: string, facilityRole: string | null): string {
  if (facilityRole && Object.hasOwn(facilityRoles, facilityRole)) return facilityRoles[facilityRole as FacilityRole];
  return role === 'coordinator' ? userRoles.coordinator : userRoles.facility_member;
}

/** A département code: 01–95 (2A and 2B for Corsica, no 20), or an overseas one (971–976). */
export const departementCodePattern = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6])$/;
