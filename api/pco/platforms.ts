import { asc } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { pcoPlatforms } from '../../db/schema-pco.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { canAdministerPlatforms } from '../../domain/pco/policies.ts';
import type { platformBody } from './schemas.ts';

export type PcoPlatform = typeof pcoPlatforms.$inferSelect;
export type PlatformBody = z.infer<typeof platformBody>;

/** The table of PCO TND platforms, by département then age range. */
export function listPlatforms(db: Database): Promise<PcoPlatform[]> {
  return db.select().from(pcoPlatforms).orderBy(asc(pcoPlatforms.departement), asc(pcoPlatforms.ageRange));
}

/** Declares the platform of a département and age range; declaring it again updates it (administrators only). */
export async function upsertPlatform(db: Database, actor: Actor, body: PlatformBody): Promise<PcoPlatform> {
  if (!canAdministerPlatforms(actor)) throw new AppError('auth.forbidden');
  const [platform] = await db
    .insert(pcoPlatforms)
    .values(body)
    .onConflictDoUpdate({
      target: [pcoPlatforms.departement, pcoPlatforms.ageRange],
      set: {
        name: body.name,
        email: body.email,
        phone: body.phone ?? null,
        finess: body.finess ?? null,
        isDemo: false,
      },
    })
    .returning();
  if (!platform) throw new Error('the platform upsert returned no row');
  return platform;
}
