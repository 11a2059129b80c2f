import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  personCommand,
  type ReferralCommandName,
  referralCommand,
  referralCommandNames,
} from '../../domain/referral/commands.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { jsonBody, refusal, validationHook } from '../openapi.ts';
import { createReferral, type ReferralCommandContext, runCommand } from './commands.ts';
import {
  answerCommand,
  createdReferralDetail,
  listFacilityInbox,
  listRequesterReferrals,
  loadDossier,
  openReferral,
} from './read-model.ts';
import {
  createReferralBody,
  dossierQuery,
  inboxQuery,
  referralListQuery,
  referralParams,
  taskParams,
} from './schemas.ts';
import { dossierViewSchema, inboxItemSchema, referralDetailSchema, referralSummarySchema } from './views.ts';

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

const tags = {
  requester: 'Demandes',
  facility: 'Réponses des établissements',
  coordinator: 'Coordination',
  physician: 'Médecin traitant',
} as const;
const requesterTag = tags.requester;
const facilityTag = tags.facility;

/** The HTTP part of the command table (domain/referral/commands.ts): each command's address. */
const commandRoutes = {
  updateDossier: { method: 'put', path: '/referrals/{id}/dossier' },
  send: { method: 'post', path: '/referrals/{id}/send' },
  addFacilities: { method: 'post', path: '/referrals/{id}/facilities' },
  choose: { method: 'post', path: '/referrals/{id}/choose' },
  cancel: { method: 'post', path: '/referrals/{id}/cancel' },
  withdraw: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/withdraw' },
  answerInfo: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/answer-info' },
  markRead: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/read' },
  startReview: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/review' },
  waitlist: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/waitlist' },
  requestInfo: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/request-info' },
  accept: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/accept' },
  refuse: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/refuse' },
  confirmAdmission: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/confirm-admission' },
  reportAdmissionImpossible: { method: 'post', path: '/referrals/{id}/tasks/{taskId}/admission-impossible' },
  designatePhysician: { method: 'post', path: '/referrals/{id}/physician' },
  completeByPhysician: { method: 'post', path: '/referrals/{id}/physician/complete' },
  // The physician who declines sees the case no more: no case in the answer.
  declineAsPhysician: { method: 'post', path: '/referrals/{id}/physician/decline', answer: 'none' },
  remind: { method: 'post', path: '/referrals/{id}/coordination/remind' },
  addNote: { method: 'post', path: '/referrals/{id}/coordination/notes' },
  escalate: { method: 'post', path: '/referrals/{id}/coordination/escalate' },
  suggestFacilities: { method: 'post', path: '/referrals/{id}/coordination/suggestions' },
  takeCharge: { method: 'post', path: '/referrals/{id}/coordination/take-charge' },
} as const satisfies Record<ReferralCommandName, { method: 'post' | 'put'; path: string; answer?: 'none' }>;

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
      const created = await createReferral(ctx, actor, c.req.valid('json'));
      return c.json(await createdReferralDetail(ctx, actor, created), 201);
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
      return c.json(await openReferral(ctx, actor, id), 200);
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

  for (const name of referralCommandNames) commandRoute(app, ctx, name);

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

/** One command's operation: its address, documentation and payload from the table; answers with the case. */
function commandRoute(app: OpenAPIHono<AppEnv>, ctx: ReferralCommandContext, name: ReferralCommandName): void {
  const spec = referralCommand(name);
  const declared: { method: 'post' | 'put'; path: string; answer?: 'none' } = commandRoutes[name];
  const { method, path } = declared;
  const route = {
    method,
    path,
    summary: spec.label,
    tags: [tags[spec.party]],
    responses:
      declared.answer === 'none'
        ? { 204: { description: 'Fait ; la demande ne vous est plus visible' }, ...refusals }
        : { 200: detail('Nouvel état de la demande'), ...refusals },
  };
  const params = spec.target === 'task' ? taskParams : referralParams;
  const answer = async (c: Context<AppEnv>, { id, taskId }: { id: string; taskId?: string }, payload: object) => {
    const actor = requireActor(c.get('actor'));
    if (declared.answer === 'none') {
      await runCommand(ctx, actor, id, personCommand(name, taskId, payload));
      return c.body(null, 204);
    }
    // The answer is the state the Update returned, not a second read of the case.
    return c.json(await answerCommand(ctx, actor, id, personCommand(name, taskId, payload)), 200);
  };
  if (spec.payload === undefined) {
    app.openapi(createRoute({ ...route, request: { params } }), (c) => answer(c, c.req.valid('param'), {}));
    return;
  }
  const body = jsonBody(spec.payload);
  app.openapi(createRoute({ ...route, request: { params, body } }), (c) =>
    answer(c, c.req.valid('param'), c.req.valid('json')),
  );
}
