import { swaggerUI } from '@hono/swagger-ui';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../domain/errors.ts';
import { accountRoutes } from './account/routes.ts';
import { personDataRoutes } from './administration/person-data.ts';
import { passkeyLoginRoutes } from './auth/passkey-routes.ts';
import { authRoutes } from './auth/routes.ts';
import { coordinationRoutes } from './coordination/routes.ts';
import type { ApiDependencies } from './dependencies.ts';
import { devMailboxOpen, readMailbox } from './dev/mailbox.ts';
import type { AppEnv } from './env.ts';
import { facilityRoutes } from './facilities/routes.ts';
import { familyInvitationRoutes } from './family/invitation-routes.ts';
import { familyRoutes } from './family/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { observatoryRoutes } from './observatory/routes.ts';
import { declareCommonErrors, errorBodySchema, validationHook } from './openapi.ts';
import { pcoRoutes } from './pco/routes.ts';
import { physicianRoutes } from './physicians/routes.ts';
import { referralRoutes } from './referrals/routes.ts';
import { temporalCodecRoutes } from './temporal-codec.ts';

/** The JSON API, mounted under /api by the server. */
export function createApi(deps: ApiDependencies) {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  api.route('/', authRoutes(deps));
  api.route('/', passkeyLoginRoutes(deps));
  api.route('/', accountRoutes(deps));
  api.route('/', referralRoutes(deps));
  api.route('/', notificationRoutes({ db: deps.db, resendWebhookSecret: deps.resendWebhookSecret }));
  api.route('/', facilityRoutes(deps.db, deps.clock));
  api.route('/', physicianRoutes(deps));
  api.route('/', familyRoutes(deps));
  api.route('/', familyInvitationRoutes(deps));
  api.route('/', pcoRoutes(deps));
  api.route('/', coordinationRoutes(deps));
  api.route('/', observatoryRoutes(deps));
  api.route('/', personDataRoutes(deps));
  api.route('/', temporalCodecRoutes({ ...deps, codec: deps.temporalCodec }));

  // Not even documented unless enabled; each request is checked again (production, loopback).
  if (deps.devMailbox) {
    api.openapi(
      createRoute({
        method: 'get',
        path: '/dev/mailbox',
        summary:
          'Boîte mail de développement (messages stockés au lieu d’être envoyés ; depuis cette machine seulement)',
        tags: ['Développement'],
        request: { query: z.object({ to: z.string().max(320).optional() }) },
        responses: {
          200: {
            description: 'Messages, du plus récent au plus ancien',
            content: { 'application/json': { schema: z.object({ items: z.array(z.object({}).passthrough()) }) } },
          },
          404: {
            description: 'Hors de cette machine, ou en production',
            content: { 'application/json': { schema: errorBodySchema } },
          },
        },
      }),
      async (c) => {
        // The same 404 as an address that does not exist.
        if (!devMailboxOpen(c, deps.devMailbox)) throw new AppError('request.not_found');
        return c.json({ items: await readMailbox(deps.db, c.req.valid('query').to) }, 200);
      },
    );
  }

  // Last of the operations: every one gets the statuses any of them may answer.
  declareCommonErrors(api);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/api' }],
    info: {
      title: 'API Parcours',
      version: '0.1.0',
      description: 'Demandes d’admission et d’orientation : chaque demande est un workflow Temporal durable.',
    },
  });
  // Assets served locally (app/server-app.ts): the docs work without internet access.
  api.get('/docs', swaggerUI({ url: '/api/openapi.json', baseUrl: '/static', title: 'API Parcours' }));
  return api;
}
