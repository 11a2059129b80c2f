/** Who acts: the roles of the platform and what a request handler knows of the acting person. */
export const userRoles = {
  physician: 'Médecin',
  facility_member: 'Membre d’établissement',
  coordinator: 'Coordinateur',
  admin: 'Administrateur',
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
}

export const facilityRoles = {
  staff: 'Personnel administratif',
  doctor: 'Médecin coordonnateur',
  manager: 'Responsable de l’établissement',
} as const;

export type FacilityRole = keyof typeof facilityRoles;
