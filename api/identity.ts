import { eq } from 'drizzle-orm';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/client.ts';
import { facilityMemberships, users } from '../db/schema.ts';
import { coordinatorTerritories } from '../db/schema-coordination.ts';
import { pcoPlatformMembers } from '../db/schema-pco.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor, FacilityRole, PcoRole, UserRole } from '../domain/users.ts';
import type { AppEnv } from './env.ts';

export const devUserHeader = 'x-parcours-user';
export const devUserCookie = 'parcours_dev_user';

/**
 * Until accounts and sessions land, the acting person is named by a header (API) or a cookie
 * (web pages), honoured only when the development identity flag is explicitly on.
 */
export function devIdentity(db: Database, enabled: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const claimed = c.req.header(devUserHeader) ?? getCookie(c, devUserCookie);
    if (claimed) {
      if (!enabled) throw new AppError('auth.dev_identity_disabled');
      const actor = await loadActor(db, claimed);
      if (!actor) throw new AppError('auth.unknown_user');
      c.set('actor', actor);
    }
    await next();
  });
}

export async function loadActor(db: Database, userId: string): Promise<Actor | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const memberships = await db
    .select({ facilityId: facilityMemberships.facilityId, role: facilityMemberships.role })
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
    facilityRoles: Object.fromEntries(
      memberships.map((membership) => [membership.facilityId, membership.role as FacilityRole]),
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
