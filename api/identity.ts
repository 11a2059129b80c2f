import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { facilityMemberships, users } from '../db/schema.ts';
import { coordinatorTerritories } from '../db/schema-coordination.ts';
import { pcoPlatformMembers } from '../db/schema-pco.ts';
import { AppError } from '../domain/errors.ts';
import { effectiveFacilityRole } from '../domain/identity/doctor-grants.ts';
import type { Actor, PcoRole, UserRole } from '../domain/identity/users.ts';

export async function loadActor(db: Database, userId: string): Promise<Actor | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const memberships = await db
    .select({
      facilityId: facilityMemberships.facilityId,
      role: facilityMemberships.role,
      confirmedAt: facilityMemberships.confirmedAt,
    })
    .from(facilityMemberships)
    .where(eq(facilityMemberships.userId, userId));
  const pcoMemberships = await db
    .select({ platformId: pcoPlatformMembers.platformId, role: pcoPlatformMembers.role })
    .from(pcoPlatformMembers)
    .where(eq(pcoPlatformMembers.userId, userId));
  const territories = await db
    .select({ departement: coordinatorTerritories.departement })
    .from(coordinatorTerritories)
    .where(eq(coordinatorTerritories.userId, userId));
  return {
    id: user.id,
    role: user.role as UserRole,
    displayName: user.displayName,
    facilityIds: memberships.map((membership) => membership.facilityId),
    // A doctor's role not yet confirmed gives no role at all (membership stays: see facilityIds).
    facilityRoles: Object.fromEntries(
      memberships.flatMap((membership) => {
        const role = effectiveFacilityRole(membership, user);
        return role ? [[membership.facilityId, role]] : [];
      }),
    ),
    pcoRoles: Object.fromEntries(
      pcoMemberships.map((membership) => [membership.platformId, membership.role as PcoRole]),
    ),
    territories: territories.map((territory) => territory.departement),
  };
}

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new AppError('auth.unauthenticated');
  return actor;
}
