import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listDossiersToComplete } from '../../services/family/physician-dossiers.ts';
import { listFamilyRequests } from '../../services/family/requests.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { jsonBody, refusal, validationHook } from '../openapi.ts';
import type { ReferralCommandContext } from '../referrals/commands.ts';
import { createdReferralDetail } from '../referrals/read-model.ts';
import { referralDetailSchema } from '../referrals/views.ts';
import { createFamilyRequest, createFamilyRequestBody } from './requests.ts';

const tag = 'Espace particulier';

const familyRequestItem = z
  .object({
    id: z.uuid(),
    dossierNumber: z.string().openapi({ description: 'Numéro de dossier, par exemple P-2026-000123' }),
    personName: z.string(),
    statusLabel: z.string(),
    updatedAt: z.string(),
    href: z.string(),
  })
  .openapi('FamilyRequestItem');

const dossierToComplete = z
  .object({
    id: z.uuid(),
    dossierNumber: z.string(),
    personName: z.string(),
    birthDate: z.string(),
    designatedAt: z.string(),
    href: z.string(),
  })
  .openapi('DossierToComplete');

/** The espace particulier's requests: created by the person or a relative, followed by its référents. */
export function familyRoutes(ctx: ReferralCommandContext & { clock?: (() => Date) | undefined }) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/family/requests',
      summary:
        'Créer une demande pour soi ou un proche (espace particulier) : identité et volet administratif ; le médecin traitant complète ensuite le volet médical',
      tags: [tag],
      request: { body: jsonBody(createFamilyRequestBody) },
      responses: {
        201: {
          description: 'Demande créée (brouillon), avec son numéro de dossier',
          content: { 'application/json': { schema: referralDetailSchema } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux comptes de l’espace particulier'),
        422: refusal('Données invalides'),
        503: refusal('Service de workflows indisponible'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const created = await createFamilyRequest(ctx, actor, c.req.valid('json'), ctx.clock?.() ?? new Date());
      return c.json(await createdReferralDetail(ctx, actor, { ...created, facilities: [] }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/family/requests',
      summary: 'Les demandes que je suis comme référent (espace particulier)',
      tags: [tag],
      responses: {
        200: {
          description: 'Demandes suivies, la dernière modifiée d’abord',
          content: { 'application/json': { schema: z.object({ items: z.array(familyRequestItem) }) } },
        },
        401: refusal('Non authentifié'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      return c.json({ items: await listFamilyRequests(ctx.db, actor.id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/physician/dossiers-a-completer',
      summary:
        'Dossiers à compléter (médecin traitant) : les demandes des familles qui m’ont désigné, en attente de mon volet médical et de la grille AGGIR',
      tags: ['Médecin traitant'],
      responses: {
        200: {
          description: 'Dossiers en attente, le plus ancien d’abord',
          content: { 'application/json': { schema: z.object({ items: z.array(dossierToComplete) }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux médecins'),
      },
    }),
    async (c) => c.json({ items: await listDossiersToComplete(ctx.db, requireActor(c.get('actor'))) }, 200),
  );

  return app;
}
