import { and, eq, inArray, isNull } from 'drizzle-orm';
import { searchText } from '../domain/directory/search-text.ts';
import { hashPassword } from '../services/identity/passwords.ts';
import type { Database } from './client.ts';
import { placeholderFacilityEmail } from './import/finess-import.ts';
import { facilities, facilityMemberships, users } from './schema.ts';
import { coordinatorTerritories } from './schema-coordination.ts';
import { userPasswords } from './schema-identity.ts';
import { demoUsers, seedFacilities } from './seed-data.ts';
import { demoPcoUsers, seedPcoDemoData } from './seed-pco.ts';

/**
 * The password of every demo account (login on /connexion by RPPS or e-mail, then the code from
 * the development mailbox). Demo data only: never set on real accounts.
 */
export const demoPassword = 'parcours-demo-2026';

/** Demo facilities and users; safe to run at every start (upserts, never duplicates). */
export async function seedDemoData(db: Database): Promise<void> {
  await seedPcoDemoData(db);
  await db.transaction(async (tx) => {
    for (const facility of seedFacilities) {
      const existing = facility.finess
        ? await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.finess, facility.finess))
        : await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.name, facility.name));
      if (existing.length > 0) continue;
      // Real ones the FINESS import has not brought (yet) are entered as it would; it completes them later.
      await tx.insert(facilities).values({
        ...facility,
        email: placeholderFacilityEmail(facility.finess ?? facility.name),
        searchText: searchText(`${facility.name} ${facility.commune}`),
        source: facility.isDemo ? 'demo' : 'seed',
      });
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
          practiceCommuneInsee: user.practiceCommuneInsee ?? null,
          emailVerifiedAt: new Date(),
        })
        .onConflictDoNothing();
      // Demo accounts are never asked to confirm their address (also those seeded before the column).
      await tx
        .update(users)
        .set({ emailVerifiedAt: new Date() })
        .where(and(eq(users.id, user.id), isNull(users.emailVerifiedAt)));
      if (user.rpps) {
        await tx
          .update(users)
          .set({ rpps: user.rpps })
          .where(and(eq(users.id, user.id), isNull(users.rpps)));
      }
      // Also for a database seeded before the column (a second `npm start`).
      if (user.practiceCommuneInsee) {
        await tx
          .update(users)
          .set({ practiceCommuneInsee: user.practiceCommuneInsee })
          .where(and(eq(users.id, user.id), isNull(users.practiceCommuneInsee)));
      }
      for (const departement of user.territories ?? []) {
        await tx.insert(coordinatorTerritories).values({ userId: user.id, departement }).onConflictDoNothing();
      }
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
      // The demo doctor's RPPS is part of the demo data: their role is confirmed as an administrator would.
      if (user.facility.role === 'doctor' && user.rpps) {
        await tx
          .update(facilityMemberships)
          .set({ confirmedAt: new Date(), confirmedWith: 'admin' })
          .where(
            and(
              eq(facilityMemberships.userId, user.id),
              eq(facilityMemberships.facilityId, facility.id),
              isNull(facilityMemberships.confirmedAt),
            ),
          );
      }
    }
  });
  await seedDemoPasswords(db);
}

/** Gives the demo password to the demo accounts that have none (a changed one is kept). */
async function seedDemoPasswords(db: Database): Promise<void> {
  const ids = [...demoUsers, ...demoPcoUsers].map((user) => user.id);
  const existing = await db
    .select({ userId: userPasswords.userId })
    .from(userPasswords)
    .where(inArray(userPasswords.userId, ids));
  const missing = ids.filter((id) => !existing.some((row) => row.userId === id));
  if (missing.length === 0) return;
  const hash = await hashPassword(demoPassword);
  await db
    .insert(userPasswords)
    .values(missing.map((userId) => ({ userId, hash })))
    .onConflictDoNothing();
}
