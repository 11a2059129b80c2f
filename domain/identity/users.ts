/** Who acts: the roles of the platform and what a request handler knows of the acting person. */
export const userRoles = {
  physician: 'Médecin',
  facility_member: 'Membre d’établissement',
  coordinator: 'Coordinateur',
  pco_member: 'Membre d’une plateforme PCO TND',
  admin: 'Administrateur',
  /** A person or a relative (référent) of the « espace particulier »: signs in by e-mail, never a professional of the case. */
  particulier: 'Particulier',
} as const;

export type UserRole = keyof typeof userRoles;

export interface Actor {
  id: string;
  role: UserRole;
  displayName: string;
  /** Facilities this person belongs to (facility members only). */
  facilityIds: string[];
  /** Role in each of those facilities. */
  facilityRoles: Record<string, FacilityRole>;
  /** Role in each PCO TND platform this person works for. */
  pcoRoles: Record<string, PcoRole>;
  /** Départements a coordinator watches. */
  territories: string[];
}

export const pcoRoles = {
  doctor: 'Médecin de la plateforme',
  coordinator: 'Coordinateur de la plateforme',
  staff: 'Personnel de la plateforme',
} as const;

export type PcoRole = keyof typeof pcoRoles;

export const facilityRoles = {
  staff: 'Personnel administratif',
  doctor: 'Médecin coordonnateur',
  manager: 'Responsable de l’établissement',
} as const;

export type FacilityRole = keyof typeof facilityRoles;
