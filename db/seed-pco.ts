import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from './client.ts';
import { users } from './schema.ts';
import { pcoPlatformMembers, pcoPlatforms } from './schema-pco.ts';

/**
 * Demo PCO TND platforms for the seed départements (one per département and age range; Bouches-du-Rhône
 * has no 7–12 platform, to show that case), and the people who work there. Administrators maintain
 * the real table through the API.
 */
export const demoPcoPlatforms = [
  {
    name: 'PCO TND Rhône 0–6 ans (démo)',
    departement: '69',
    ageRange: '0-6',
    email: 'pco-069-0-6@demo.parcours.local',
  },
  {
    name: 'PCO TND Rhône 7–12 ans (démo)',
    departement: '69',
    ageRange: '7-12',
    email: 'pco-069-7-12@demo.parcours.local',
  },
  {
    name: 'PCO TND Bouches-du-Rhône 0–6 ans (démo)',
    departement: '13',
    ageRange: '0-6',
    email: 'pco-013-0-6@demo.parcours.local',
  },
  {
    name: 'PCO TND Paris 0–6 ans (démo)',
    departement: '75',
    ageRange: '0-6',
    email: 'pco-075-0-6@demo.parcours.local',
  },
] as const;

export const demoPcoUsers = [
  {
    id: '00000000-0000-4000-8000-000000000031',
    displayName: 'Dr Sarah Haddad (médecin, PCO Rhône 0–6)',
    email: 'medecin.pco69@demo.parcours.local',
    platform: { departement: '69', ageRange: '0-6', role: 'doctor' },
  },
  {
    id: '00000000-0000-4000-8000-000000000032',
    displayName: 'Thomas Morel (coordinateur, PCO Rhône 0–6)',
    email: 'coordination.pco69@demo.parcours.local',
    platform: { departement: '69', ageRange: '0-6', role: 'coordinator' },
  },
  {
    id: '00000000-0000-4000-8000-000000000033',
    displayName: 'Dr Louis Garnier (médecin, PCO Bouches-du-Rhône 0–6)',
    email: 'medecin.pco13@demo.parcours.local',
    platform: { departement: '13', ageRange: '0-6', role: 'doctor' },
  },
  {
    id: '00000000-0000-4000-8000-000000000041',
    displayName: 'Camille Roy (administratrice)',
    email: 'admin@demo.parcours.local',
    platform: undefined,
  },
] as const;

export async function seedPcoDemoData(db: Database): Promise<void> {
  for (const platform of demoPcoPlatforms) {
    await db
      .insert(pcoPlatforms)
      .values({ ...platform, isDemo: true })
      .onConflictDoNothing();
  }
  for (const user of demoPcoUsers) {
    await db
      .insert(users)
      .values({
        id: user.id,
        role: user.platform ? 'pco_member' : 'admin',
        displayName: user.displayName,
        email: user.email,
        emailVerifiedAt: new Date(),
      })
      .onConflictDoNothing();
    // Demo accounts are never asked to confirm their address (also those seeded before the column).
    await db
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.id, user.id), isNull(users.emailVerifiedAt)));
    if (!user.platform) continue;
    const [platform] = await db
      .select({ id: pcoPlatforms.id })
      .from(pcoPlatforms)
      .where(
        and(eq(pcoPlatforms.departement, user.platform.departement), eq(pcoPlatforms.ageRange, user.platform.ageRange)),
      );
    if (!platform) continue;
    await db
      .insert(pcoPlatformMembers)
      .values({ userId: user.id, platformId: platform.id, role: user.platform.role })
      .onConflictDoNothing();
  }
}
