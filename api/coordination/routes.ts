import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { todayInParis } from '../../domain/calendar/days.ts';
import { freeText } from '../../domain/vocabulary.ts';
import type { ApiDependencies } from '../dependencies.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { jsonBody, refusal, validationHook } from '../openapi.ts';
import { nudgeStalledReferral, stalledCasesOfTerritory } from './stalled-cases.ts';

const tag = 'Coordination';

/** The coordinators' worklist: stalled cases of their territory, and the relance of the party to act. */
export function coordinationRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/coordination/stalled',
      summary: 'Dossiers en retard du territoire du coordinateur (demandes d’admission et orientations PCO)',
      tags: [tag],
      request: {
        query: z.object({
          departement: z
            .string()
            .regex(/^[0-9AB]{2,3}$/, 'Département invalide.')
            .optional(),
        }),
      },
      responses: {
        200: {
          description: 'Dossiers en retard',
          content: { 'application/json': { schema: z.object({ items: z.array(z.object({}).passthrough()) }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux coordinateurs'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      return c.json({ items: await stalledCasesOfTerritory(deps.db, actor, c.req.valid('query').departement) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/coordination/referrals/{id}/nudge',
      summary: 'Relancer la partie attendue sur une demande en retard (message via la messagerie de la plateforme)',
      tags: [tag],
      request: {
        params: z.object({ id: z.uuid({ message: 'Identifiant de demande invalide.' }) }),
        body: jsonBody(
          z.object({
            note: freeText(1000).min(3, 'Écrivez quelques mots de relance.'),
          }),
        ),
      },
      responses: {
        200: {
          description: 'Relance envoyée',
          content: { 'application/json': { schema: z.object({ sentTo: z.array(z.string()) }) } },
        },
        401: refusal('Non authentifié'),
        404: refusal('Demande introuvable sur votre territoire'),
        409: refusal('Demande non en retard'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const today = todayInParis();
      return c.json(
        await nudgeStalledReferral(deps, actor, c.req.valid('param').id, c.req.valid('json').note, today),
        200,
      );
    },
  );
  return app;
}
