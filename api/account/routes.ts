import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { users } from '../../db/schema.ts';
import { phoneVerifications } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { freeText } from '../../domain/vocabulary.ts';
import { setCodeChannel } from '../../services/identity/code-channel.ts';
import type { AuthDependencies } from '../../services/identity/deps.ts';
import { listPasskeys, removePasskey } from '../../services/identity/passkeys.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';
import { readSessionCookie } from '../auth/cookies.ts';
import { registerPasskey, registrationOptions, registrationResponseSchema } from '../auth/passkey-ceremony.ts';
import { clientIp } from '../auth/request-info.ts';
import { sixDigitCode } from '../auth/schemas.ts';
import type { AppEnv } from '../env.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';
import { securityHistory } from './history.ts';
import { confirmPhoneVerification, removePhone, startPhoneVerification } from './phone.ts';
import { currentSessionId, listSessions, revokeOtherSessions, revokeSession } from './sessions.ts';

const refusal = { description: 'Refus', content: { 'application/json': { schema: errorBodySchema } } };
const refusals = { 401: refusal, 404: refusal, 409: refusal, 410: refusal, 422: refusal, 423: refusal, 429: refusal };

const accountSchema = z
  .object({
    displayName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    phoneVerifiedAt: z.string().nullable(),
    /** A number waiting for its SMS code, if any. */
    pendingPhone: z.string().nullable(),
    codeChannel: z.enum(['email', 'sms']),
  })
  .openapi('Account');

const sessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    renewedAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable(),
    browser: z.string(),
    current: z.boolean(),
  })
  .openapi('AccountSession');

const historySchema = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        event: z.string(),
        label: z.string(),
        ip: z.string().nullable(),
        method: z.string().nullable(),
      }),
    ),
    page: z.number(),
    pages: z.number(),
    total: z.number(),
  })
  .openapi('SecurityHistory');

const passkeySchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi('Passkey');

function signedIn(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('auth.unauthenticated');
  return actor;
}

/** Account summary: what the account page shows at the top of each section. */
export async function accountSummary(deps: Pick<AuthDependencies, 'db'>, userId: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('auth.unauthenticated');
  const [pending] = await deps.db
    .select({ phone: phoneVerifications.phone, expiresAt: phoneVerifications.expiresAt })
    .from(phoneVerifications)
    .where(eq(phoneVerifications.userId, userId));
  return {
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    phoneVerifiedAt: user.phoneVerifiedAt?.toISOString() ?? null,
    pendingPhone: pending && pending.expiresAt.getTime() > Date.now() ? pending.phone : null,
    codeChannel: user.codeChannel === 'sms' ? ('sms' as const) : ('email' as const),
  };
}

/** The signed-in person's own account: sessions, login history, phone, code channel, passkeys. */
export function accountRoutes(deps: AuthDependencies) {
  const settings = { ...defaultAuthSettings, ...deps.auth };
  const { db } = deps;
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const ipOf = (c: Context) => clientIp(c, settings.trustProxy);
  const phoneDeps = { db, temporal: deps.temporal, taskQueue: deps.taskQueue, settings };
  const tags = ['Mon compte'];

  api.openapi(
    createRoute({
      method: 'get',
      path: '/account',
      summary: 'Mon compte : adresse, téléphone, canal des codes de connexion',
      tags,
      responses: {
        200: { description: 'Compte', content: { 'application/json': { schema: accountSchema } } },
        401: refusal,
      },
    }),
    async (c) => c.json(await accountSummary(deps, signedIn(c).id), 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/account/sessions',
      summary: 'Mes sessions ouvertes (celle de cette requête est marquée)',
      tags,
      responses: {
        200: {
          description: 'Sessions, de la plus récente à la plus ancienne',
          content: { 'application/json': { schema: z.object({ items: z.array(sessionSchema) }) } },
        },
        401: refusal,
      },
    }),
    async (c) => {
      const actor = signedIn(c);
      return c.json({ items: await listSessions(db, actor.id, currentSessionId(readSessionCookie(c))) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/account/sessions/{id}',
      summary: 'Fermer une de mes sessions',
      tags,
      request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }) },
      responses: { 204: { description: 'Session fermée' }, ...refusals },
    }),
    async (c) => {
      const actor = signedIn(c);
      await revokeSession(db, { userId: actor.id, handle: c.req.valid('param').id, ip: ipOf(c) });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/account/sessions/revoke-others',
      summary: 'Fermer toutes mes autres sessions (celle-ci reste ouverte)',
      tags,
      responses: {
        200: {
          description: 'Sessions fermées',
          content: { 'application/json': { schema: z.object({ revoked: z.number() }) } },
        },
        401: refusal,
      },
    }),
    async (c) => {
      const actor = signedIn(c);
      const revoked = await revokeOtherSessions(db, {
        userId: actor.id,
        currentId: currentSessionId(readSessionCookie(c)),
        ip: ipOf(c),
      });
      return c.json({ revoked }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/account/history',
      summary: 'Mon historique de connexion et de sécurité (50 par page, du plus récent au plus ancien)',
      tags,
      request: { query: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }) },
      responses: {
        200: { description: 'Événements', content: { 'application/json': { schema: historySchema } } },
        401: refusal,
      },
    }),
    async (c) => c.json(await securityHistory(db, signedIn(c).id, c.req.valid('query').page), 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/account/phone',
      summary: 'Indiquer un numéro de mobile : un code à 6 chiffres est envoyé par SMS (valable 10 minutes)',
      tags,
      request: { body: jsonBody(z.object({ phone: freeText(40).min(1) })) },
      responses: {
        202: {
          description: 'Code envoyé',
          content: {
            'application/json': { schema: z.object({ phone: z.string(), validForMinutes: z.number() }) },
          },
        },
        ...refusals,
      },
    }),
    async (c) => {
      const actor = signedIn(c);
      const sent = await startPhoneVerification(phoneDeps, {
        userId: actor.id,
        phone: c.req.valid('json').phone,
        ip: ipOf(c),
      });
      return c.json(sent, 202);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/account/phone/verify',
      summary: 'Vérifier le numéro avec le code reçu par SMS (5 essais au plus)',
      tags,
      request: {
        body: jsonBody(z.object({ code: sixDigitCode })),
      },
      responses: {
        200: {
          description: 'Numéro vérifié',
          content: { 'application/json': { schema: z.object({ phone: z.string() }) } },
        },
        ...refusals,
      },
    }),
    async (c) => {
      const actor = signedIn(c);
      return c.json(
        await confirmPhoneVerification(phoneDeps, { userId: actor.id, code: c.req.valid('json').code, ip: ipOf(c) }),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/account/phone',
      summary: 'Retirer mon numéro (les codes de connexion repartent par e-mail)',
      tags,
      responses: { 204: { description: 'Numéro retiré' }, 401: refusal },
    }),
    async (c) => {
      await removePhone(db, { userId: signedIn(c).id, ip: ipOf(c) });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/account/code-channel',
      summary: 'Recevoir les codes de connexion par e-mail ou par SMS (numéro vérifié requis)',
      tags,
      request: { body: jsonBody(z.object({ channel: z.enum(['email', 'sms']) })) },
      responses: { 204: { description: 'Choix enregistré' }, ...refusals },
    }),
    async (c) => {
      await setCodeChannel(db, { userId: signedIn(c).id, channel: c.req.valid('json').channel, ip: ipOf(c) });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/account/passkeys',
      summary: 'Mes clés d’accès',
      tags,
      responses: {
        200: {
          description: 'Clés d’accès',
          content: { 'application/json': { schema: z.object({ items: z.array(passkeySchema) }) } },
        },
        401: refusal,
      },
    }),
    async (c) => c.json({ items: await listPasskeys(db, signedIn(c).id) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/account/passkeys/options',
      summary: 'Préparer l’enregistrement d’une clé d’accès (options pour startRegistration, 5 minutes)',
      tags,
      responses: {
        200: {
          description: 'Options WebAuthn (PublicKeyCredentialCreationOptionsJSON)',
          content: { 'application/json': { schema: z.object({}).passthrough() } },
        },
        401: refusal,
      },
    }),
    async (c) => c.json(await registrationOptions(c, db, deps.appUrl, signedIn(c).id), 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/account/passkeys',
      summary: 'Enregistrer la clé d’accès créée par le navigateur, sous le nom choisi',
      tags,
      request: {
        body: jsonBody(z.object({ name: freeText(60).min(1), response: registrationResponseSchema })),
      },
      responses: {
        201: { description: 'Clé d’accès enregistrée', content: { 'application/json': { schema: passkeySchema } } },
        ...refusals,
      },
    }),
    async (c) => {
      const actor = signedIn(c);
      const { name, response } = c.req.valid('json');
      return c.json(await registerPasskey(c, db, deps.appUrl, { userId: actor.id, name, response, ip: ipOf(c) }), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/account/passkeys/{id}',
      summary: 'Supprimer une de mes clés d’accès',
      tags,
      request: { params: z.object({ id: z.string().min(1).max(1400) }) },
      responses: { 204: { description: 'Clé d’accès supprimée' }, ...refusals },
    }),
    async (c) => {
      await removePasskey(db, { userId: signedIn(c).id, id: c.req.valid('param').id, ip: ipOf(c) });
      return c.body(null, 204);
    },
  );

  return api;
}
