import type { Actor } from '../identity/users.ts';
import type { ReferralCommandName } from './commands.ts';
import type { DossierPart } from './dossier.ts';
import { activeAssistingProfessionalId, activePhysicianId } from './family.ts';
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
  family?: {
    referentIds: readonly string[];
    physicianId?: string | undefined;
    girShared: boolean;
    /** The professional who created it on the person's behalf, while their access lasts. */
    assistingProfessionalId?: string | undefined;
  };
  /**
   * A professional's request: the family its physician invited as référents (they follow it and
   * choose; the physician stays the requester and keeps the medical part).
   */
  referentIds?: readonly string[];
}

/** The facts of a case and its requests, as every check reads them: a facility counts once its request is sent. */
export function referralAccessFacts(
  referral: {
    requesterId: string;
    departement: string | null;
    family?: FamilyOrigin | null;
    referentIds?: readonly string[] | null;
  },
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
            assistingProfessionalId: activeAssistingProfessionalId(origin),
          },
        }
      : referral.referentIds && referral.referentIds.length > 0
        ? { referentIds: referral.referentIds }
        : {}),
  };
}

/**
 * A référent of this request (the person or a relative): of a family request, or invited by the
 * physician on their own request. Everything but the medical part (and the grid).
 */
export function isReferent(actor: Actor, referral: Pick<ReferralAccessFacts, 'family' | 'referentIds'>): boolean {
  if (actor.role !== 'particulier') return false;
  return (referral.family?.referentIds ?? referral.referentIds ?? []).includes(actor.id);
}

/**
 * The professional (social worker, facility…) who created a family request on the person's behalf,
 * while their access lasts: until a référent takes it over, or as long as the référent keeps them.
 * They read the administrative part, never the medical part nor the grid.
 */
export function isAssistingProfessional(actor: Actor, referral: Pick<ReferralAccessFacts, 'family'>): boolean {
  return actor.role !== 'particulier' && !!actor.id && referral.family?.assistingProfessionalId === actor.id;
}

/**
 * Who gives the requester's commands: the requester (on a family request, the référent who created
 * it or took it over; the other référents follow it, as family-authorization.test.ts states); on a
 * physician's own request, the family they invited also chooses among the acceptances (the
 * physician keeps sending, the dossier and the rest).
 */
export function canGiveRequesterCommand(
  actor: Actor,
  referral: ReferralAccessFacts,
  command: ReferralCommandName,
): boolean {
  if (isRequester(actor, referral)) return true;
  return referral.family === undefined && command === 'choose' && isReferent(actor, referral);
}

/** Who invites a référent by e-mail: a référent, the active assisting professional, or the physician of their own request. */
export function canInviteReferent(actor: Actor, referral: ReferralAccessFacts): boolean {
  if (referral.family !== undefined) return isReferent(actor, referral) || isAssistingProfessional(actor, referral);
  return actor.role === 'physician' && isRequester(actor, referral);
}

/** A professional who may create a family request on the person's behalf (facility or hospital staff, coordination). */
export function canCreateAssistedRequest(actor: Actor): boolean {
  return actor.role === 'facility_member' || actor.role === 'coordinator';
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
    isAssistingProfessional(actor, referral) ||
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
    isAssistingProfessional(actor, referral) ||
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
    isAssistingProfessional(actor, referral) ||
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
  // A family request's référents never read the grid (the GIR only if the physician shares it), nor
  // does the professional who created the request on the person's behalf.
  if (actor.role === 'particulier') return false;
  return (
    isProfessionalRequester(actor, referral) ||
    isDesignatedPhysician(actor, referral) ||
    referral.facilityIds.some((id) => actor.facilityIds.includes(id))
  );
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
