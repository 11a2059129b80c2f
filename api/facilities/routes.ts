import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq, ilike, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities } from '../../db/schema.ts';
import { type FacilityKind, facilityKinds, facilityKindValues } from '../../domain/facility-kinds.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../openapi.ts';

const facilityQuery = z.object({
  kind: z.enum(facilityKindValues, { message: 'Type d’établissement inconnu.' }).optional(),
  departement: z
    .string()
    .regex(/^[0-9AB]{2,3}$/, 'Département invalide.')
    .optional(),
  q: z.string().trim().max(100).optional(),
});

/** The facility directory, as far as the referral form needs it (search by need comes later). */
export function facilityRoutes(db: Database) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/facilities',
      summary: 'Rechercher des établissements',
      tags: ['Établissements'],
      request: { query: facilityQuery },
      responses: {
        200: {
          description: 'Établissements',
          content: { 'application/json': { schema: z.object({ items: z.array(z.object({}).passthrough()) }) } },
        },
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json({ items: await searchFacilities(db, query) }, 200);
    },
  );
  return app;
}

export async function searchFacilities(db: Database, query: z.infer<typeof facilityQuery>) {
  const filters: SQL[] = [];
  if (query.kind) filters.push(eq(facilities.kind, query.kind));
  if (query.departement) filters.push(eq(facilities.departement, query.departement));
  if (query.q) filters.push(ilike(facilities.name, `%${query.q.replace(/[%_\\]/g, '\\$&')}%`));
  const rows = await db
    .select()
    .from(facilities)
    .where(and(...filters))
    .orderBy(asc(facilities.name))
    .limit(200);
  return rows.map((row) => ({
    id: row.id,
    finess: row.finess,
    name: row.name,
    kind: row.kind as FacilityKind,
    kindLabel: facilityKinds[row.kind as FacilityKind].label,
    departement: row.departement,
    commune: row.commune,
    isDemo: row.isDemo,
  }));
}
