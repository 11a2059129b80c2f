import type { Actor, FacilityRole } from './users.ts';

/**
 * A facility's `doctor` role opens the medical part, so it is proposed (by a manager's or an
 * administrator's invitation) and only takes effect once the person is known to be a physician: an
 * administrator confirmed their RPPS, or they identified themselves with Pro Santé Connect.
 */
export const doctorGrantStatuses = {
  confirmed: 'Confirmé',
  pending: 'En attente de confirmation',
} as const;

export type DoctorGrantStatus = keyof typeof doctorGrantStatuses;

/** How a grant was confirmed: `rpps` for the doctors who had a PSC-verified RPPS before the rule. */
export const doctorGrantConfirmations = {
  admin: 'RPPS vérifié par un administrateur',
  psc: 'Identification Pro Santé Connect',
  rpps: 'RPPS vérifié par Pro Santé Connect',
} as const;

export type DoctorGrantConfirmation = keyof typeof doctorGrantConfirmations;

export function doctorGrantStatus(membership: { confirmedAt: Date | null }, account: { rpps: string | null }) {
  return membership.confirmedAt && account.rpps ? 'confirmed' : 'pending';
}

/**
 * The role a membership gives today: a doctor's is none until confirmed (the person stays a member
 * of the facility, and sees what any member sees, the medical part aside).
 */
export function effectiveFacilityRole(
  membership: { role: string; confirmedAt: Date | null },
  account: { rpps: string | null },
): FacilityRole | undefined {
  if (membership.role === 'doctor')
    return doctorGrantStatus(membership, account) === 'confirmed' ? 'doctor' : undefined;
  return membership.role === 'staff' || membership.role === 'manager' ? membership.role : undefined;
}

/** Only an administrator confirms someone else's RPPS (a manager proposes, never confirms). */
export function canConfirmDoctorGrants(actor: Actor): boolean {
  return actor.role === 'admin';
}
