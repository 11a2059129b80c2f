import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { todayInParis } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import { requireProfessional } from '../../domain/identity/professional-access.ts';
import { type PcoCommandName, pcoCommand, pcoCommandNames } from '../../domain/pco/commands.ts';
import { ageInMonths } from '../../domain/pco/eligibility.ts';
import { bracketFor, currentScreeningGrid, evaluateScreening } from '../../domain/pco/screening.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { jsonBody, refusal, validationHook } from '../openapi.ts';
import { listPlatforms, upsertPlatform } from './platforms.ts';
import { createOrientationBody, evaluateScreeningBody, gridQuery, orientationParams, platformBody } from './schemas.ts';
import {
  createOrientation,
  loadOrientation,
  type PcoContext,
  type PcoPersonCommand,
  platformInbox,
  requesterOrientations,
  runPcoCommand,
} from './service.ts';

const tag = 'Orientations PCO TND';
const refusals = {
  401: refusal('Non authentifié'),
  403: refusal('Action non autorisée'),
  404: refusal('Orientation introuvable'),
  409: refusal('Action impossible dans l’état actuel'),
  422: refusal('Données invalides'),
};
const anyJson = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({}).passthrough() } },
});

/** The HTTP part of the command table (domain/pco/commands.ts): each command's address under the orientation. */
const commandPaths = {
  validate: 'validate',
  refuse: 'refuse',
  recordCare: 'care',
  recordSynthesis: 'synthesis',
  decideRenewal: 'renewal',
  close: 'close',
} as const satisfies Record<PcoCommandName, string>;

/** A person's command from its validated payload; a care item gets its id here (the page sends its own). */
function personCommand(type: PcoCommandName, payload: object): PcoPersonCommand {
  const ids = type === 'recordCare' ? { id: crypto.randomUUID() } : {};
  return { type, ...ids, ...payload } as PcoPersonCommand;
}

/** The PCO TND orientation API: screening, orientation, the platform's inbox and the pathway. */
export function pcoRoutes(ctx: PcoContext) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/pco/screening-grid',
      summary: 'Grille de repérage pour l’âge de l’enfant (version en vigueur)',
      tags: [tag],
      request: { query: gridQuery },
      responses: { 200: anyJson('Grille de l’âge de l’enfant'), 422: refusals[422] },
    }),
    (c) => {
      const query = c.req.valid('query');
      const months = ageInMonths(query.birthDate, query.screeningDate ?? todayInParis());
      const bracket = bracketFor(currentScreeningGrid, months);
      if (!bracket) throw new AppError('pco.no_age_bracket');
      const grid = currentScreeningGrid;
      return c.json(
        {
          version: grid.version,
          title: grid.title,
          domains: grid.domains,
          generalSigns: grid.generalSigns,
          rule: grid.defaultRule,
          ageMonths: months,
          bracket,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/pco/screenings/evaluate',
      summary: 'Appliquer la règle d’orientation à un repérage (suggestion ; le médecin décide)',
      tags: [tag],
      request: { body: jsonBody(evaluateScreeningBody) },
      responses: { 200: anyJson('Suggestion et raisons'), 422: refusals[422] },
    }),
    (c) => {
      const body = c.req.valid('json');
      const months = ageInMonths(body.birthDate, body.screeningDate ?? todayInParis());
      const result = evaluateScreening(currentScreeningGrid, months, body.answers);
      if (!result.ok) throw new AppError(result.code, undefined, { unknownItems: result.unknownItems });
      return c.json(result.evaluation, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/pco/orientations',
      summary:
        'Orienter un enfant vers la PCO de son département (après confirmation du médecin et consentement des parents)',
      tags: [tag],
      request: { body: jsonBody(createOrientationBody) },
      responses: { 201: anyJson('Orientation créée'), ...refusals },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const id = await createOrientation(ctx, actor, c.req.valid('json'), todayInParis());
      return c.json(await loadOrientation(ctx.db, actor, id, todayInParis(), c.get('clientIp')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/pco/orientations',
      summary: 'Mes orientations (médecin prescripteur)',
      tags: [tag],
      responses: { 200: anyJson('Orientations du médecin'), 401: refusals[401] },
    }),
    async (c) =>
      c.json({ items: await requesterOrientations(ctx.db, requireActor(c.get('actor')), todayInParis()) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/pco/inbox',
      summary:
        'Orientations reçues par la plateforme : âge de l’enfant, jours restants pour valider, prochaine échéance légale',
      tags: [tag],
      responses: { 200: anyJson('Orientations de la plateforme'), 401: refusals[401] },
    }),
    async (c) => c.json({ items: await platformInbox(ctx.db, requireActor(c.get('actor')), todayInParis()) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/pco/orientations/{id}',
      summary: 'Détail d’une orientation, avec son historique et le forfait consommé',
      tags: [tag],
      request: { params: orientationParams },
      responses: { 200: anyJson('Orientation'), ...refusals },
    }),
    async (c) =>
      c.json(
        await loadOrientation(
          ctx.db,
          requireActor(c.get('actor')),
          c.req.valid('param').id,
          todayInParis(),
          c.get('clientIp'),
        ),
        200,
      ),
  );

  for (const name of pcoCommandNames) {
    const spec = pcoCommand(name);
    app.openapi(
      createRoute({
        method: 'post',
        path: `/pco/orientations/{id}/${commandPaths[name]}`,
        summary: spec.label,
        tags: [tag],
        request: { params: orientationParams, body: jsonBody(spec.payload) },
        responses: { 200: anyJson('Nouvel état de l’orientation'), ...refusals },
      }),
      async (c) => {
        const actor = requireActor(c.get('actor'));
        const { id } = c.req.valid('param');
        await runPcoCommand(ctx, actor, id, personCommand(name, c.req.valid('json')));
        return c.json(await loadOrientation(ctx.db, actor, id, todayInParis(), c.get('clientIp')), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/pco/platforms',
      summary: 'Plateformes PCO TND par département et tranche d’âge',
      tags: [tag],
      responses: { 200: anyJson('Plateformes'), 401: refusals[401] },
    }),
    async (c) => {
      requireProfessional(requireActor(c.get('actor')));
      return c.json({ items: await listPlatforms(ctx.db) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/pco/platforms',
      summary: 'Déclarer la plateforme d’un département et d’une tranche d’âge (administrateurs)',
      tags: [tag],
      request: { body: jsonBody(platformBody) },
      responses: { 201: anyJson('Plateforme enregistrée'), ...refusals },
    }),
    async (c) => c.json(await upsertPlatform(ctx.db, requireActor(c.get('actor')), c.req.valid('json')), 201),
  );

  return app;
}
