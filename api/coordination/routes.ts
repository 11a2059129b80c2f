import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { todayInParis } from '../../domain/calendar/days.ts';
import type { ApiDependencies } from '../dependencies.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { refusal, validationHook } from '../openapi.ts';
import { stalledWorklist, worklistQuery } from './stalled-cases.ts';

const tag = 'Coordination';

/**
 * The coordinators' worklist: stalled cases of their territory, filtered, sorted and paged. The
 * actions on a case (relance, note, message, suggestions, « pris en charge ») are commands of the
 * case: POST /referrals/{id}/coordination/….
 */
export function coordinationRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/coordination/stalled',
      summary:
        'Dossiers en retard du territoire du coordinateur (demandes d’admission et orientations PCO), filtrables par motif, type, établissement, ancienneté et prise en charge, les plus anciens d’abord, par pages de 20',
      tags: [tag],
      request: { query: worklistQuery },
      responses: {
        200: {
          description: 'Une page de dossiers en retard',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(z.object({}).passthrough()),
                total: z.number().int(),
                page: z.number().int(),
                pageCount: z.number().int(),
                pageSize: z.number().int(),
                facilities: z.array(z.object({ id: z.string(), name: z.string() })),
              }),
            },
          },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux coordinateurs'),
        422: refusal('Filtre invalide'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      return c.json(await stalledWorklist(deps.db, actor, c.req.valid('query'), todayInParis()), 200);
    },
  );
  return app;
}
