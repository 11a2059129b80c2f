import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { freeText } from '../../domain/vocabulary.ts';
import { physicianSearchLimit, searchPhysicians } from '../../services/identity/search-physicians.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { refusal, validationHook } from '../openapi.ts';

const physicianQuery = z.object({
  q: freeText(100)
    .min(2, 'Deux caractères au moins.')
    .openapi({ description: 'Nom (ou partie du nom) du médecin, ou son numéro RPPS (11 chiffres)' }),
  commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, 'Code INSEE de commune attendu, par exemple 69123.')
    .optional()
    .openapi({ description: 'Code INSEE de la commune d’exercice' }),
});

const physicianMatch = z
  .object({
    id: z.string(),
    displayName: z.string(),
    commune: z.object({ insee: z.string(), name: z.string() }).nullable(),
  })
  .openapi('PhysicianMatch');

/** The families' search of their médecin traitant among the physicians registered on Parcours. */
export function physicianRoutes(deps: { db: Database }) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/physicians',
      summary: `Rechercher son médecin traitant parmi les médecins inscrits, par nom et commune d’exercice ou par numéro RPPS (clé vérifiée ; espace particulier ; ${physicianSearchLimit} au plus ; ni e-mail, ni téléphone)`,
      tags: ['Espace particulier'],
      request: { query: physicianQuery },
      responses: {
        200: {
          description: 'Médecins trouvés, par nom',
          content: { 'application/json': { schema: z.object({ items: z.array(physicianMatch) }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux comptes de l’espace particulier'),
        422: refusal('Recherche invalide, ou numéro RPPS dont la clé est fausse (physician.rpps_invalid)'),
        429: refusal('Trop de recherches (en-tête Retry-After)'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { q, commune } = c.req.valid('query');
      return c.json({ items: await searchPhysicians(deps.db, { actor, q, commune }) }, 200);
    },
  );
  return app;
}
