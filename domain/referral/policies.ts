import type { Actor } from '../identity/users.ts';
import type { DossierPart } from './dossier.ts';
import { activePhysicianId } from './family.ts';
import type { FamilyOrigin } from './state.ts';

/**
 * Who may do what with a referral. Pure functions, called on every read and write by the API
 * and the web pages alike.
 */
export interface ReferralAccessFacts {
  requesterId: string;
  /** The patient's département, when known: what a coordinator's territory is matched against. */
  departement?: string | null;
  /** Facilities that received a request for this case. */
  facilityIds: readonly string[];
  /**
   * A family request's people (absent: a professional's request): its référents, the médecin
   * traitant who may read and write the medical part now (designated, not declined), and whether
   * they share the GIR with the référents.
   */
  family?: { referentIds: readonly string[]; physicianId?: string | undefined; girShared: boolean };
}

/** The facts of a case and its requests, as every check reads them: a facility counts once its request is sent. */
export function referralAccessFacts(
  referral: { requesterId: string; departement: string | null; family?: FamilyOrigin | null },
  tasks: readonly { facilityId: string; sentAt: Date | null }[],
): ReferralAccessFacts {
  const origin = referral.family;
  return {
    requesterId: referral.requesterId,
    departement: referral.departement,
    facilityIds: tasks.filter((task) => task.sentAt !== null).map((task) => task.facilityId),
    ...(origin?.kind === 'family'
      ? {
          family: {
            referentIds: origin.referentIds,
            physicianId: activePhysicianId(origin),
            girShared: origin.physician?.girShared === true,
          },
        }
      : {}),
  };
}

/** A référent of this family request (the person or a relative): everything but the medical part. */
export function isReferent(actor: Actor, referral: Pick<ReferralAccessFacts, 'family'>): boolean {
  return actor.role === 'particulier' && (referral.family?.referentIds.includes(actor.id) ?? false);
}

/** The médecin traitant designated on this family request, until they decline. */
export function isDesignatedPhysician(actor: Actor, referral: Pick<ReferralAccessFacts, 'family'>): boolean {
  return actor.role === 'physician' && !!referral.family?.physicianId && referral.family.physicianId === actor.id;
}

/** The requester of a professional's request (a physician): the medical and autonomy parts are theirs. */
function isProfessionalRequester(actor: Actor, referral: ReferralAccessFacts): boolean {
  return isRequester(actor, referral) && referral.family === undefined;
}

export function canCreateReferral(actor: Actor): boolean {
  return actor.role === 'physician';
}

export function isRequester(actor: Actor, referral: Pick<ReferralAccessFacts, 'requesterId'>): boolean {
  return actor.id === referral.requesterId;
}

export function canViewReferral(actor: Actor, referral: ReferralAccessFacts): boolean {
  return (
    isRequester(actor, referral) ||
    isReferent(actor, referral) ||
    isDesignatedPhysician(actor, referral) ||
    referral.facilityIds.some((id) => actor.facilityIds.includes(id)) ||
    coordinatesReferral(actor, referral)
  );
}

/** The cases « en anomalie » (codes only) are for administrators, who correct them with the technical team. */
export function canSeeCaseAnomalies(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** The coordination worklist and its relances are the coordinators' own. */
export function isCoordinator(actor: Actor): boolean {
  return actor.role === 'coordinator';
}

/** A coordinator sees the cases of the départements they watch (never their medical part). */
export function watchesTerritory(actor: Actor, departement: string | null | undefined): boolean {
  return isCoordinator(actor) && !!departement && actor.territories.includes(departement);
}

/**
 * A coordinator follows a case of their territory once it is sent (a request went to a facility):
 * a draft is its physician's alone, and does not exist for anyone else.
 */
export function coordinatesReferral(actor: Actor, referral: ReferralAccessFacts): boolean {
  return watchesTerritory(actor, referral.departement) && referral.facilityIds.length > 0;
}

/**
 * Whether one facility's request within a visible case is visible too: the requester and the
 * territory's coordinator follow every facility; a facility member, only their own facilities'.
 */
export function canViewFacilityTask(actor: Actor, referral: ReferralAccessFacts, facilityId: string): boolean {
  return (
    isRequester(actor, referral) ||
    isReferent(actor, referral) ||
    coordinatesReferral(actor, referral) ||
    (referral.facilityIds.includes(facilityId) && actor.facilityIds.includes(facilityId))
  );
}

/** A facility sees and answers only the requests addressed to it. */
export function canActForFacility(actor: Actor, facilityId: string): boolean {
  return actor.role === 'facility_member' && actor.facilityIds.includes(facilityId);
}

/**
 * The dossier itself (address, person to contact and their phone, legal protection, aids) is read
 * by the parties only: a coordinator acts on a stall with the case's summary (name, birth date,
 * kind, facilities, statuses, stalled marks, missing parts), never with the dossier.
 */
export function canReadDossier(actor: Actor, referral: ReferralAccessFacts): boolean {
  return (
    isRequester(actor, referral) ||
    isReferent(actor, referral) ||
    isDesignatedPhysician(actor, referral) ||
    referral.facilityIds.some((id) => actor.facilityIds.includes(id))
  );
}

/**
 * The autonomy part (AGGIR grid and GIR) is read as in the national dossier: by the requesting
 * physician and by every member of a facility the case is addressed to (admissions staff, not only
 * its doctor); the medical part stays theirs alone.
 */
export function canReadAutonomyPart(actor: Actor, referral: ReferralAccessFacts): boolean {
  // A family request's référents never read the grid (the GIR only if the physician shares it).
  if (actor.role === 'particulier') return false;
  return canReadDossier(actor, referral);
}

/** The GIR alone: whoever reads the autonomy part, and a family's référents when the physician shares it. */
export function canReadGir(actor: Actor, referral: ReferralAccessFacts): boolean {
  return canReadAutonomyPart(actor, referral) || (isReferent(actor, referral) && referral.family?.girShared === true);
}

/** The medical part is read by physicians and by facility doctors (médecin coordonnateur) only. */
export function canReadMedicalPart(actor: Actor, referral: ReferralAccessFacts): boolean {
  // Never a particulier: a family request's référents (its requester too) do not read the medical part.
  if (actor.role === 'particulier') return false;
  if (isProfessionalRequester(actor, referral) || isDesignatedPhysician(actor, referral)) return true;
  return referral.facilityIds.some((id) => actor.facilityRoles[id] === 'doctor');
}

/** The dossier parts this person may read, in the dossier's order; none for whoever may not read the dossier. */
export function readableDossierParts(actor: Actor, referral: ReferralAccessFacts): DossierPart[] {
  if (!canReadDossier(actor, referral)) return [];
  return [
    'administrative',
    ...(canReadAutonomyPart(actor, referral) ? (['autonomy'] as const) : []),
    ...(canReadMedicalPart(actor, referral) ? (['medical'] as const) : []),
  ];
}

/** A family request is created by a person or a relative from their espace particulier. */
export function canCreateFamilyRequest(actor: Actor): boolean {
  return actor.role === 'particulier';
}
