import type { Actor } from './users.ts';

/**
 * Who may do what with a referral. Pure functions, called on every read and write by the API
 * and the web pages alike.
 */
export interface ReferralAccessFacts {
  requesterId: string;
  /** Facilities that received a request for this case. */
  facilityIds: readonly string[];
}

export function canCreateReferral(actor: Actor): boolean {
  return actor.role === 'physician';
}

export function isRequester(actor: Actor, referral: Pick<ReferralAccessFacts, 'requesterId'>): boolean {
  return actor.id === referral.requesterId;
}

export function canViewReferral(actor: Actor, referral: ReferralAccessFacts): boolean {
  return isRequester(actor, referral) || referral.facilityIds.some((id) => actor.facilityIds.includes(id));
}

/** A facility sees and answers only the requests addressed to it. */
export function canActForFacility(actor: Actor, facilityId: string): boolean {
  return actor.role === 'facility_member' && actor.facilityIds.includes(facilityId);
}
