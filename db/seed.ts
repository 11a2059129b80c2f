import { eq } from 'drizzle-orm';
import type { Database } from './client.ts';
import { facilities, facilityMemberships, users } from './schema.ts';
import { demoUsers, seedFacilities } from './seed-data.ts';
import { seedPcoDemoData } from './seed-pco.ts';

/** Demo facilities and users; safe to run at every start (upserts, never duplicates). */
export async function seedDemoData(db: Database): Promise<void> {
  await seedPcoDemoData(db);
  await db.transaction(async (tx) => {
    for (const facility of seedFacilities) {
      const existing = facility.finess
        ? await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.finess, facility.finess))
        : await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.name, facility.name));
      if (existing.length > 0) continue;
      await tx.insert(facilities).values({ ...facility, email: demoFacilityEmail(facility.finess ?? facility.name) });
    }
    for (const user of demoUsers) {
      await tx
        .insert(users)
        .values({
          id: user.id,
          role: user.role,
          displayName: user.displayName,
          email: user.email,
          rpps: user.rpps ?? null,
        })
        .onConflictDoNothing();
      if (!user.facility) continue;
      const [facility] = await tx
        .select({ id: facilities.id })
        .from(facilities)
        .where(eq(facilities.name, user.facility.name));
      if (!facility) continue;
      await tx
        .insert(facilityMemberships)
        .values({ userId: user.id, facilityId: facility.id, role: user.facility.role })
        .onConflictDoNothing();
    }
  });
}

function demoFacilityEmail(key: string): string {
  return `admissions+${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@demo.parcours.local`;
}
