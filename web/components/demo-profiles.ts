import { demoUsers } from '../../db/seed-data.ts';
import { demoPcoPlatforms, demoPcoUsers } from '../../db/seed-pco.ts';
import type { UserRole } from '../../domain/identity/users.ts';

/** A demo person the profile picker offers: the seeded users of both seeds, and where each one works. */
export interface DemoProfile {
  id: string;
  displayName: string;
  role: UserRole;
  /** Their facility or PCO platform, if any. */
  place: string | undefined;
}

export const demoProfiles: DemoProfile[] = [
  ...demoUsers.map((user) => ({
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    place: user.facility?.name,
  })),
  ...demoPcoUsers.map((user) => ({
    id: user.id,
    displayName: user.displayName,
    role: user.platform ? ('pco_member' as const) : ('admin' as const),
    place: demoPcoPlatforms.find(
      (platform) => platform.departement === user.platform?.departement && platform.ageRange === user.platform.ageRange,
    )?.name,
  })),
];

/** Where a person lands after taking a profile: the first page of their work. */
export function homeOf(profile: DemoProfile): string {
  switch (profile.role) {
    case 'physician':
      return '/demandes';
    case 'facility_member':
      return '/boite-de-reception';
    case 'pco_member':
      return '/pco/boite-de-reception';
    case 'admin':
      return '/pco/plateformes';
    case 'coordinator':
      return '/coordination';
    default:
      return '/';
  }
}
