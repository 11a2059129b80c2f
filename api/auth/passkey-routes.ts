import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthDependencies } from '../../services/identity/deps.ts';
import { addressRange, consumeRateLimit } from '../../services/identity/rate-limit.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';
import type { AppEnv } from '../env.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';
import { openSession } from './cookies.ts';
import { authenticationOptions, authenticationResponseSchema, verifyPasskeyLogin } from './passkey-ceremony.ts';
import { clientIp } from './request-info.ts';

const refusal = { description: 'Refus', content: { 'application/json': { schema: errorBodySchema } } };

/**
 * Passwordless login with a passkey: the authenticator proves possession and verifies the person
 * (PIN, fingerprint), which is two factors in one; no e-mailed code follows.
 */
export function passkeyLoginRoutes(deps: AuthDependencies) {
  const settings = { ...defaultAuthSettings, ...deps.auth };
  const { db } = deps;
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/passkey/options',
      summary: 'Se connecter avec une clé d’accès : options pour startAuthentication (5 minutes)',
      tags: ['Connexion'],
      responses: {
        200: {
          description: 'Options WebAuthn (PublicKeyCredentialRequestOptionsJSON)',
          content: { 'application/json': { schema: z.object({}).passthrough() } },
        },
        429: refusal,
      },
    }),
    async (c) => {
      const ip = clientIp(c, settings.trustProxy);
      await consumeRateLimit(
        db,
        `login:ip:${addressRange(ip)}`,
        settings.loginPerIp.limit,
        settings.loginPerIp.windowSeconds,
      );
      return c.json(await authenticationOptions(c, db, deps.appUrl), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/passkey/login',
      summary: 'Se connecter avec la réponse de la clé d’accès (aucun code envoyé)',
      tags: ['Connexion'],
      request: { body: jsonBody(z.object({ response: authenticationResponseSchema })) },
      responses: {
        200: {
          description: 'Connecté',
          content: {
            'application/json': {
              schema: z.object({ status: z.literal('authenticated'), cguRequired: z.boolean() }),
            },
          },
        },
        401: refusal,
        410: refusal,
        429: refusal,
      },
    }),
    async (c) => {
      const ip = clientIp(c, settings.trustProxy);
      const { userId } = await verifyPasskeyLogin(c, db, deps.appUrl, { response: c.req.valid('json').response, ip });
      return c.json(await openSession({ ...deps, settings }, c, userId, { method: 'passkey' }), 200);
    },
  );

  return api;
}
