import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';
import {
  createAndSendReferral,
  type ReferralCommandContext,
  runFacilityCommand,
  runRequesterCommand,
} from './commands.ts';
import { listFacilityInbox, listRequesterReferrals, loadReferralDetail } from './read-model.ts';
import {
  acceptBody,
  cancelBody,
  chooseBody,
  createReferralBody,
  referralParams,
  refuseBody,
  taskParams,
} from './schemas.ts';
import { inboxItemSchema, referralDetailSchema, referralSummarySchema } from './views.ts';

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBodySchema } },
});
const refusals = {
  401: refusal('Non authentifié'),
  403: refusal('Action non autorisée'),
  404: refusal('Demande introuvable'),
  409: refusal('Transition impossible dans l’état actuel'),
  422: refusal('Données invalides'),
  503: refusal('Service de workflows indisponible'),
};
const detail = (description: string) => ({
  description,
  content: { 'application/json': { schema: referralDetailSchema } },
});
const list = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({ items: z.array(schema) }) } },
});

/** A command on one case: its route's shape, and the new state as the answer. */
function commandRoute<P extends typeof referralParams | typeof taskParams, B extends z.ZodType>(
  path: string,
  summary: string,
  tag: string,
  params: P,
  body: B,
) {
  return createRoute({
    method: 'post',
    path,
    summary,
    tags: [tag],
    request: { params, body: jsonBody(body) },
    responses: { 200: detail('Nouvel état de la demande'), ...refusals },
  });
}

const requesterTag = 'Demandes';
const facilityTag = 'Réponses des établissements';

/** Referral routes: commands go to the case's workflow, reads come from the read model. */
export function referralRoutes(ctx: ReferralCommandContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/referrals',
      summary: 'Créer une demande et l’envoyer aux établissements choisis',
      tags: [requesterTag],
      request: { body: jsonBody(createReferralBody) },
      responses: { 201: detail('Demande créée et envoyée'), ...refusals },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const caseId = await createAndSendReferral(ctx, actor, c.req.valid('json'));
      return c.json(await loadReferralDetail(ctx.db, actor, caseId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/referrals',
      summary: 'Mes demandes (demandeur)',
      tags: [requesterTag],
      responses: { 200: list(referralSummarySchema, 'Demandes du demandeur'), 401: refusals[401] },
    }),
    async (c) => c.json({ items: await listRequesterReferrals(ctx.db, requireActor(c.get('actor'))) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/referrals/{id}',
      summary: 'Détail d’une demande, avec son historique',
      tags: [requesterTag],
      request: { params: referralParams },
      responses: { 200: detail('Demande'), ...refusals },
    }),
    async (c) => c.json(await loadReferralDetail(ctx.db, requireActor(c.get('actor')), c.req.valid('param').id), 200),
  );

  app.openapi(
    commandRoute(
      '/referrals/{id}/choose',
      'Choisir un établissement ayant donné son accord (annule les autres demandes)',
      requesterTag,
      referralParams,
      chooseBody,
    ),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      await runRequesterCommand(ctx, actor, id, { type: 'choose', ...c.req.valid('json') });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  app.openapi(
    commandRoute(
      '/referrals/{id}/cancel',
      'Annuler la demande (les demandes en cours sont retirées)',
      requesterTag,
      referralParams,
      cancelBody,
    ),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      await runRequesterCommand(ctx, actor, id, { type: 'cancel', ...c.req.valid('json') });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  app.openapi(
    commandRoute(
      '/referrals/{id}/tasks/{taskId}/accept',
      'Donner un accord, avec une date d’entrée proposée',
      facilityTag,
      taskParams,
      acceptBody,
    ),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id, taskId } = c.req.valid('param');
      await runFacilityCommand(ctx, actor, id, { type: 'accept', taskId, ...c.req.valid('json') });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  app.openapi(
    commandRoute(
      '/referrals/{id}/tasks/{taskId}/refuse',
      'Refuser, avec un motif',
      facilityTag,
      taskParams,
      refuseBody,
    ),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id, taskId } = c.req.valid('param');
      await runFacilityCommand(ctx, actor, id, { type: 'refuse', taskId, ...c.req.valid('json') });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/referrals/{id}/tasks/{taskId}/confirm-admission',
      summary: 'Confirmer l’entrée de la personne dans l’établissement choisi',
      tags: [facilityTag],
      request: { params: taskParams },
      responses: { 200: detail('Nouvel état de la demande'), ...refusals },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id, taskId } = c.req.valid('param');
      await runFacilityCommand(ctx, actor, id, { type: 'confirmAdmission', taskId });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      summary: 'Demandes reçues par les établissements de l’utilisateur',
      tags: [facilityTag],
      responses: { 200: list(inboxItemSchema, 'Demandes reçues'), 401: refusals[401] },
    }),
    async (c) => c.json({ items: await listFacilityInbox(ctx.db, requireActor(c.get('actor'))) }, 200),
  );

  return app;
}
