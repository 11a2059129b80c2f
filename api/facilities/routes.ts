import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../domain/errors.ts';
import { requireProfessional } from '../../domain/identity/professional-access.ts';
import { freeText } from '../../domain/vocabulary.ts';
import { staleCapacityFacilities } from '../../services/directory/stale-capacity.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';
import { suggestCommunes } from './communes.ts';
import { monthlyCostSchema } from './monthly-cost.ts';
import { capacityInput, declareCapacity, facilityProfile, profileInput, updateFacilityProfile } from './profile.ts';
import { facilityQuery, searchFacilities } from './search.ts';

export { searchFacilities } from './search.ts';

const passthrough = z.object({}).passthrough();
/** A directory entry: its fields pass through; the monthly cost estimate is described. */
const facilityEntry = z.object({ monthlyCost: monthlyCostSchema }).passthrough();
const idParam = z.object({ id: z.string().uuid('Identifiant invalide.') });
const errors = {
  403: { description: 'Refusé', content: { 'application/json': { schema: errorBodySchema } } },
  404: { description: 'Établissement introuvable', content: { 'application/json': { schema: errorBodySchema } } },
  422: { description: 'Données invalides', content: { 'application/json': { schema: errorBodySchema } } },
};

/** The facility directory: search by need and distance, profiles, declared places, communes. */
export function facilityRoutes(db: Database, clock: () => Date = () => new Date()) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/facilities',
      summary:
        'Rechercher des établissements (type, accueil, département, texte, distance, places, capacités, prix), ' +
        'avec l’estimation du coût mensuel',
      description:
        'Avec `commune` (code INSEE), seuls les établissements situés dans le rayon sont retenus, avec leur distance, ' +
        'et le tri par défaut est la pertinence : score = 0,40 × proximité + 0,25 × disponibilité + 0,35 × réactivité ' +
        '(voir domain/directory/facility-ranking.ts). Chaque résultat porte le détail du score et son explication en français, ' +
        'et, pour un EHPAD ou une USLD, l’estimation du coût mensuel pour la personne (`monthlyCost`, ' +
        'domain/directory/monthly-cost.ts).',
      tags: ['Établissements'],
      request: { query: facilityQuery },
      responses: {
        200: {
          description: 'Établissements',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(facilityEntry),
                total: z.number(),
                origin: passthrough.nullable(),
                radiusKm: z.number().nullable(),
                sort: z.string(),
              }),
            },
          },
        },
        422: errors[422],
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const items = await searchFacilities(db, query, { now: clock() });
      if (query.commune && !items.origin) throw new AppError('commune.unknown');
      return c.json(
        { items: [...items], total: items.total, origin: items.origin, radiusKm: items.radiusKm, sort: items.sort },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/facilities/capacity-reminders',
      summary: 'Établissements dont la déclaration de places est ancienne (à relancer)',
      tags: ['Établissements'],
      request: {
        query: z.object({
          departement: z
            .string()
            .regex(/^[0-9AB]{2,3}$/)
            .optional(),
        }),
      },
      responses: {
        200: {
          description: 'À relancer',
          content: { 'application/json': { schema: z.object({ items: z.array(passthrough) }) } },
        },
      },
    }),
    async (c) => {
      const actor = requireProfessional(requireActor(c.get('actor')));
      const items = await staleCapacityFacilities(db, { departement: c.req.valid('query').departement });
      const visible =
        actor.role === 'facility_member' ? items.filter((item) => actor.facilityIds.includes(item.id)) : items;
      return c.json({ items: visible }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/facilities/{id}',
      summary:
        'Fiche d’un établissement : profil, unités, places déclarées, statistiques de réponse, estimation du coût mensuel',
      tags: ['Établissements'],
      request: { params: idParam },
      responses: {
        200: { description: 'Fiche', content: { 'application/json': { schema: facilityEntry } } },
        404: errors[404],
      },
    }),
    async (c) => c.json(await facilityProfile(db, c.req.valid('param').id, { now: clock() }), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/facilities/{id}/profile',
      summary: 'Modifier le profil (responsable de l’établissement)',
      tags: ['Établissements'],
      request: { params: idParam, body: jsonBody(profileInput) },
      responses: {
        200: { description: 'Fiche à jour', content: { 'application/json': { schema: facilityEntry } } },
        ...errors,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      await updateFacilityProfile(db, actor, id, c.req.valid('json'), clock());
      return c.json(await facilityProfile(db, id, { now: clock() }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/facilities/{id}/capacity',
      summary: 'Déclarer les places disponibles par unité (responsable ou personnel d’admission)',
      tags: ['Établissements'],
      request: { params: idParam, body: jsonBody(capacityInput) },
      responses: {
        200: { description: 'Fiche à jour', content: { 'application/json': { schema: facilityEntry } } },
        ...errors,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      await declareCapacity(db, actor, id, c.req.valid('json'));
      return c.json(await facilityProfile(db, id, { now: clock() }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/communes',
      summary: 'Trouver une commune (nom, code postal ou code INSEE)',
      tags: ['Établissements'],
      request: { query: z.object({ q: freeText(100).min(1) }) },
      responses: {
        200: {
          description: 'Communes',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(passthrough),
                matchedBy: z
                  .enum(['postcode', 'insee', 'name'])
                  .nullable()
                  .openapi({
                    description:
                      'Cinq chiffres sont lus comme un code postal (les arrondissements de Paris, Lyon et Marseille plutôt que la ville), ' +
                      'comme un code INSEE seulement si aucune commune n’a ce code postal, ou écrit « INSEE 69003 ».',
                  }),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json(await suggestCommunes(db, c.req.valid('query').q), 200),
  );
  return app;
}
