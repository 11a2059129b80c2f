import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';
import { createReferral, type PersonCommand, type ReferralCommandContext, runCommand } from './commands.ts';
import { listFacilityInbox, listRequesterReferrals, loadDossier, loadReferralDetail } from './read-model.ts';
import {
  acceptBody,
  addFacilitiesBody,
  admissionImpossibleBody,
  answerInfoBody,
  cancelBody,
  chooseBody,
  createReferralBody,
  dossierQuery,
  inboxQuery,
  referralListQuery,
  referralParams,
  refuseBody,
  requestInfoBody,
  taskParams,
  updateDossierBody,
  waitlistBody,
} from './schemas.ts';
import { dossierViewSchema, inboxItemSchema, referralDetailSchema, referralSummarySchema } from './views.ts';

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

const requesterTag = 'Demandes';
const facilityTag = 'Réponses des établissements';

interface CommandRoute {
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Builds the command from the validated path (case, task) and body. */
  command: (taskId: string | undefined, body: never) => PersonCommand;
}

/** Every command route: POST, answers with the new state of the case read back from the read model. */
const commandRoutes: CommandRoute[] = [
  {
    path: '/referrals/{id}/send',
    summary: 'Envoyer la demande (dossier complet requis)',
    tag: requesterTag,
    command: () => ({ type: 'send' }),
  },
  {
    path: '/referrals/{id}/facilities',
    summary: 'Ajouter des établissements (envoi immédiat, ou deuxième vague)',
    tag: requesterTag,
    body: addFacilitiesBody,
    command: (_task, body: z.infer<typeof addFacilitiesBody>) => ({ type: 'addFacilities', ...body }),
  },
  {
    path: '/referrals/{id}/choose',
    summary: 'Choisir un établissement ayant donné son accord (retire les autres demandes)',
    tag: requesterTag,
    body: chooseBody,
    command: (_task, body: z.infer<typeof chooseBody>) => ({ type: 'choose', ...body }),
  },
  {
    path: '/referrals/{id}/cancel',
    summary: 'Annuler la demande (les demandes en cours sont retirées)',
    tag: requesterTag,
    body: cancelBody,
    command: (_task, body: z.infer<typeof cancelBody>) => ({ type: 'cancel', ...body }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/withdraw',
    summary: 'Retirer la demande adressée à un établissement',
    tag: requesterTag,
    command: (taskId = '') => ({ type: 'withdraw', taskId }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/answer-info',
    summary: 'Répondre à une demande d’informations (relance le délai de l’établissement)',
    tag: requesterTag,
    body: answerInfoBody,
    command: (taskId = '', body: z.infer<typeof answerInfoBody>) => ({ type: 'answerInfo', taskId, ...body }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/read',
    summary: 'Marquer la demande comme lue',
    tag: facilityTag,
    command: (taskId = '') => ({ type: 'markRead', taskId }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/review',
    summary: 'Mettre la demande à l’étude',
    tag: facilityTag,
    command: (taskId = '') => ({ type: 'startReview', taskId }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/waitlist',
    summary: 'Inscrire en liste d’attente',
    tag: facilityTag,
    body: waitlistBody,
    command: (taskId = '', body: z.infer<typeof waitlistBody>) => ({ type: 'waitlist', taskId, ...body }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/request-info',
    summary: 'Demander des informations complémentaires (suspend le délai de réponse)',
    tag: facilityTag,
    body: requestInfoBody,
    command: (taskId = '', body: z.infer<typeof requestInfoBody>) => ({ type: 'requestInfo', taskId, ...body }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/accept',
    summary: 'Donner un accord, avec une date d’entrée proposée (et une place réservée jusqu’à une date)',
    tag: facilityTag,
    body: acceptBody,
    command: (taskId = '', body: z.infer<typeof acceptBody>) => ({ type: 'accept', taskId, ...body }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/refuse',
    summary: 'Refuser, avec un motif',
    tag: facilityTag,
    body: refuseBody,
    command: (taskId = '', body: z.infer<typeof refuseBody>) => ({ type: 'refuse', taskId, ...body }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/confirm-admission',
    summary: 'Confirmer l’entrée de la personne dans l’établissement choisi',
    tag: facilityTag,
    command: (taskId = '') => ({ type: 'confirmAdmission', taskId }),
  },
  {
    path: '/referrals/{id}/tasks/{taskId}/admission-impossible',
    summary: 'Déclarer l’admission impossible après le choix (rouvre la demande)',
    tag: facilityTag,
    body: admissionImpossibleBody,
    command: (taskId = '', body: z.infer<typeof admissionImpossibleBody>) => ({
      type: 'reportAdmissionImpossible',
      taskId,
      ...body,
    }),
  },
];

/** Referral routes: commands go to the case's workflow, reads come from the read model. */
export function referralRoutes(ctx: ReferralCommandContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/referrals',
      summary: 'Créer une demande (brouillon, ou envoyée aussitôt si le dossier est complet)',
      tags: [requesterTag],
      request: { body: jsonBody(createReferralBody) },
      responses: { 201: detail('Demande créée'), ...refusals },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const caseId = await createReferral(ctx, actor, c.req.valid('json'));
      return c.json(await loadReferralDetail(ctx.db, actor, caseId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/referrals',
      summary: 'Mes demandes (demandeur), filtrables par statut, type, retard et nom',
      tags: [requesterTag],
      request: { query: referralListQuery },
      responses: { 200: list(referralSummarySchema, 'Demandes du demandeur'), 401: refusals[401], 422: refusals[422] },
    }),
    async (c) =>
      c.json({ items: await listRequesterReferrals(ctx.db, requireActor(c.get('actor')), c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/referrals/{id}',
      summary: 'Détail d’une demande, avec son historique (la première ouverture par l’établissement la marque lue)',
      tags: [requesterTag],
      request: { params: referralParams },
      responses: { 200: detail('Demande'), ...refusals },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      const referral = await loadReferralDetail(ctx.db, actor, id);
      const unread = referral.tasks.filter(
        (task) => task.status === 'sent' && actor.facilityIds.includes(task.facility.id),
      );
      if (unread.length === 0 || referral.requester.id === actor.id) return c.json(referral, 200);
      for (const task of unread) await runCommand(ctx, actor, id, { type: 'markRead', taskId: task.id });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/referrals/{id}/dossier',
      summary: 'Dossier de la personne (le volet médical n’est lu que par les médecins)',
      tags: [requesterTag],
      request: { params: referralParams, query: dossierQuery },
      responses: {
        200: { description: 'Dossier', content: { 'application/json': { schema: dossierViewSchema } } },
        ...refusals,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      return c.json(await loadDossier(ctx.db, actor, id, c.get('clientIp'), c.req.valid('query').version), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/referrals/{id}/dossier',
      summary: 'Enregistrer une nouvelle version du dossier (les établissements sollicités sont prévenus)',
      tags: [requesterTag],
      request: { params: referralParams, body: jsonBody(updateDossierBody) },
      responses: { 200: detail('Nouvel état de la demande'), ...refusals },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      await runCommand(ctx, actor, id, { type: 'updateDossier', dossier: c.req.valid('json').dossier });
      return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
    },
  );

  for (const route of commandRoutes) {
    const params = route.path.includes('{taskId}') ? taskParams : referralParams;
    app.openapi(
      createRoute({
        method: 'post',
        path: route.path,
        summary: route.summary,
        tags: [route.tag],
        request: { params, ...(route.body ? { body: jsonBody(route.body) } : {}) },
        responses: { 200: detail('Nouvel état de la demande'), ...refusals },
      }),
      async (c: Context<AppEnv>) => {
        const actor = requireActor(c.get('actor'));
        const { id, taskId } = (
          c.req as unknown as { valid: (target: 'param') => { id: string; taskId?: string } }
        ).valid('param');
        const body = route.body
          ? (c.req as unknown as { valid: (target: 'json') => never }).valid('json')
          : (undefined as never);
        await runCommand(ctx, actor, id, route.command(taskId, body));
        return c.json(await loadReferralDetail(ctx.db, actor, id), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      summary: 'Demandes reçues par les établissements de l’utilisateur',
      tags: [facilityTag],
      request: { query: inboxQuery },
      responses: { 200: list(inboxItemSchema, 'Demandes reçues'), 401: refusals[401], 422: refusals[422] },
    }),
    async (c) =>
      c.json({ items: await listFacilityInbox(ctx.db, requireActor(c.get('actor')), c.req.valid('query')) }, 200),
  );

  return app;
}
