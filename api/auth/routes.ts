import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../db/client.ts';
import { facilityMemberships, users } from '../../db/schema.ts';
import { coordinatorTerritories } from '../../db/schema-coordination.ts';
import {
  cguAcceptances,
  emailVerificationTokens,
  invitations,
  loginChallenges,
  passwordResetTokens,
  trustedDevices,
  userPasswords,
} from '../../db/schema-identity.ts';
import { duration } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { looksLikeRpps } from '../../domain/identity/rpps.ts';
import { loginCodeMessage, passwordResetMessage } from '../../domain/messages/account-messages.ts';
import { freeText, personName } from '../../domain/vocabulary.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';
import { loginCodeRecipient } from '../account/code-channel.ts';
import type { AppEnv } from '../env.ts';
import { logUnexpected } from '../errors.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';
import { appendAudit } from './audit.ts';
import {
  confirmDoctorGrant,
  doctorGrantConfirmationInput,
  doctorGrantViewSchema,
  pendingDoctorGrants,
} from './doctor-grants.ts';
import {
  invitationInput,
  invitationViewSchema,
  listInvitations,
  sendInvitation,
  withdrawInvitation,
} from './invitations.ts';
import {
  deviceCookie,
  deviceToken,
  hasAcceptedCurrentCgu,
  openSession as openSessionFor,
  trustDevice,
} from './open-session.ts';
import { minimumPasswordLength, setPassword, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import {
  addressRange,
  checkFailureDelay,
  clearFailures,
  consumeRateLimit,
  rateLimited,
  recordFailure,
} from './rate-limit.ts';
import { clientIp, secureCookies } from './request-info.ts';
import {
  clearSessionCookie,
  createSession,
  invalidateSession,
  readSessionCookie,
  setSessionCookie,
} from './sessions.ts';
import { type AuthSettings, defaultAuthSettings } from './settings.ts';
import { hashToken, randomCode, randomToken, sameHash } from './tokens.ts';

export { deviceCookie, hasAcceptedCurrentCgu } from './open-session.ts';
export { type AuthSettings, defaultAuthSettings } from './settings.ts';
export const challengeCookie = 'parcours_login';

export interface AuthDependencies {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** Public address of the web UI, for the links in messages. */
  appUrl: string;
  auth?: Partial<AuthSettings> | undefined;
}

const loginAnswer = z
  .object({
    status: z.enum(['authenticated', 'code_required']),
    cguRequired: z.boolean().optional(),
    validForMinutes: z.number().optional(),
  })
  .openapi('LoginAnswer');

const errors = {
  401: { description: 'Refus', content: { 'application/json': { schema: errorBodySchema } } },
  429: {
    description: 'Trop de tentatives (en-tête Retry-After)',
    content: { 'application/json': { schema: errorBodySchema } },
  },
};

/**
 * An RPPS as typed, an e-mail address in lower case. A control character (a NUL, which PostgreSQL
 * cannot even compare) is no one's identifier: refused before any query.
 */
function normalizeIdentifier(identifier: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(identifier)) throw new AppError('request.invalid_characters');
  return looksLikeRpps(identifier) ? identifier.trim() : identifier.trim().toLowerCase();
}

/** 24 hours: these lifetimes are durations, not Paris calendar days. */
const day = duration.hours(24);

/** Login by RPPS or e-mail + password, one-time code on a new device, logout, CGU acceptance. */
export function authRoutes(deps: AuthDependencies) {
  const settings: AuthSettings = { ...defaultAuthSettings, ...deps.auth };
  const { db } = deps;
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const ipOf = (c: Context) => clientIp(c, settings.trustProxy);

  const sessionServices = { ...deps, settings };
  const openSession = (c: Context, userId: string, method: 'password' | 'password+code' = 'password') =>
    openSessionFor(sessionServices, c, userId, { method });

  /** This browser passed a code for the account named by `identifier` recently (the same query whether it exists or not). */
  async function confirmedDevice(c: Context, identifier: string): Promise<boolean> {
    const token = getCookie(c, deviceCookie);
    if (!token) return false;
    const [row] = await db
      .select({ userId: trustedDevices.userId })
      .from(trustedDevices)
      .innerJoin(users, eq(users.id, trustedDevices.userId))
      .where(
        and(
          eq(trustedDevices.id, hashToken(token)),
          gt(trustedDevices.lastCodeAt, new Date(Date.now() - settings.codeIntervalDays * day)),
          looksLikeRpps(identifier) ? eq(users.rpps, identifier) : sql`lower(${users.email}) = ${identifier}`,
        ),
      );
    return row !== undefined;
  }

  async function sendCode(userId: string, challengeId: string, sends: number) {
    const code = randomCode();
    // By e-mail, or by SMS to a verified number when the person chose so (account page).
    const { recipient, channel } = await loginCodeRecipient(db, userId);
    const message = loginCodeMessage({
      recipient,
      code,
      validForMinutes: settings.codeValidityMinutes,
      expiresAt: new Date(Date.now() + settings.codeValidityMinutes * 60_000),
    });
    return {
      channel,
      codeHash: hashToken(`${challengeId}:${code}`),
      send: () =>
        sendMessages(deps.temporal, {
          taskQueue: deps.taskQueue,
          key: `login-code/${challengeId}/${sends}`,
          messages: [message],
        }),
    };
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Connexion par RPPS (médecins) ou e-mail, et mot de passe',
      tags: ['Connexion'],
      request: {
        body: jsonBody(z.object({ identifier: freeText(320).min(1), password: z.string().min(1).max(200) })),
      },
      responses: {
        200: { description: 'Connecté', content: { 'application/json': { schema: loginAnswer } } },
        202: { description: 'Code envoyé par e-mail', content: { 'application/json': { schema: loginAnswer } } },
        ...errors,
      },
    }),
    async (c) => {
      const { identifier, password } = c.req.valid('json');
      const normalized = normalizeIdentifier(identifier);
      const ip = ipOf(c);
      const range = addressRange(ip);
      await consumeRateLimit(db, `login:ip:${range}`, settings.loginPerIp.limit, settings.loginPerIp.windowSeconds);
      // Keyed by the identifier as typed, known or not: an unknown account is throttled the same way.
      const failuresHere = `login:failures:${range}:${hashToken(normalized)}`;
      const failuresAnywhere = `login:failures:${hashToken(normalized)}`;
      await checkFailureDelay(db, failuresHere, settings.loginFailuresPerAddress);
      await checkFailureDelay(db, failuresAnywhere, settings.loginFailuresPerAccount).catch(async (error) => {
        if (!(await confirmedDevice(c, normalized))) throw error;
      });
      const [account] = await db
        .select({ id: users.id, hash: userPasswords.hash })
        .from(users)
        .leftJoin(userPasswords, eq(userPasswords.userId, users.id))
        .where(looksLikeRpps(normalized) ? eq(users.rpps, normalized) : sql`lower(${users.email}) = ${normalized}`);
      const valid = account?.hash ? await verifyPassword(account.hash, password) : await verifyAgainstNothing(password);
      if (!account || !valid) {
        await recordFailure(db, failuresHere, settings.loginFailuresPerAddress);
        await recordFailure(db, failuresAnywhere, settings.loginFailuresPerAccount);
        await appendAudit(db, {
          event: 'login.failure',
          userId: account?.id ?? null,
          ip,
          details: account ? { reason: 'password' } : { reason: 'unknown_identifier' },
        });
        throw new AppError('auth.invalid_credentials');
      }
      await clearFailures(db, failuresHere);
      const device = hashToken(deviceToken(c));
      const [known] = await db
        .select()
        .from(trustedDevices)
        .where(
          and(
            eq(trustedDevices.id, device),
            eq(trustedDevices.userId, account.id),
            gt(trustedDevices.lastCodeAt, new Date(Date.now() - settings.codeIntervalDays * day)),
          ),
        );
      if (known) return c.json(await openSession(c, account.id), 200);

      const challengeToken = randomToken();
      const challengeId = hashToken(challengeToken);
      const { codeHash, send, channel } = await sendCode(account.id, challengeId, 1);
      await db.delete(loginChallenges).where(eq(loginChallenges.userId, account.id));
      const now = new Date();
      await db.insert(loginChallenges).values({
        id: challengeId,
        userId: account.id,
        codeHash,
        expiresAt: new Date(now.getTime() + settings.codeValidityMinutes * 60_000),
        sentAt: now,
      });
      await send();
      await appendAudit(db, { event: 'code.sent', userId: account.id, ip, details: { channel } });
      setCookie(c, challengeCookie, challengeToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: secureCookies(c),
        maxAge: settings.codeValidityMinutes * 60,
      });
      return c.json({ status: 'code_required' as const, validForMinutes: settings.codeValidityMinutes }, 202);
    },
  );

  async function pendingChallenge(c: Context) {
    const token = getCookie(c, challengeCookie);
    if (!token) throw new AppError('auth.code_expired');
    const [challenge] = await db
      .select()
      .from(loginChallenges)
      .where(eq(loginChallenges.id, hashToken(token)));
    if (!challenge || challenge.consumedAt || challenge.expiresAt.getTime() <= Date.now()) {
      throw new AppError('auth.code_expired');
    }
    return challenge;
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/otp',
      summary: 'Confirmer la connexion avec le code reçu',
      tags: ['Connexion'],
      request: {
        body: jsonBody(
          z.object({
            code: z
              .string()
              .trim()
              .regex(/^\d{6}$/, 'six chiffres'),
          }),
        ),
      },
      responses: {
        200: { description: 'Connecté', content: { 'application/json': { schema: loginAnswer } } },
        ...errors,
      },
    }),
    async (c) => {
      const { code } = c.req.valid('json');
      // Each challenge allows 5 attempts; the address limit stops one client cycling through many challenges.
      await consumeRateLimit(
        db,
        `otp:ip:${addressRange(ipOf(c))}`,
        settings.loginPerIp.limit,
        settings.loginPerIp.windowSeconds,
      );
      const challenge = await pendingChallenge(c);
      // One attempt counted atomically, before the comparison: the sixth is refused even if right.
      const [counted] = await db
        .update(loginChallenges)
        .set({ attempts: sql`${loginChallenges.attempts} + 1` })
        .where(
          and(eq(loginChallenges.id, challenge.id), sql`${loginChallenges.attempts} < ${settings.maxCodeAttempts}`),
        )
        .returning();
      if (!counted) throw new AppError('auth.code_locked');
      if (!sameHash(hashToken(`${challenge.id}:${code}`), counted.codeHash)) {
        await appendAudit(db, {
          event: 'code.failed',
          userId: challenge.userId,
          ip: ipOf(c),
          details: { attempt: String(counted.attempts) },
        });
        throw new AppError(counted.attempts >= settings.maxCodeAttempts ? 'auth.code_locked' : 'auth.code_invalid');
      }
      const [consumed] = await db
        .update(loginChallenges)
        .set({ consumedAt: new Date() })
        .where(and(eq(loginChallenges.id, challenge.id), sql`${loginChallenges.consumedAt} is null`))
        .returning();
      if (!consumed) throw new AppError('auth.code_expired');
      deleteCookie(c, challengeCookie, { path: '/', secure: secureCookies(c) });
      await trustDevice(db, c, challenge.userId);
      return c.json(await openSession(c, challenge.userId, 'password+code'), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/otp/resend',
      summary: 'Recevoir un nouveau code',
      tags: ['Connexion'],
      responses: {
        202: { description: 'Nouveau code envoyé', content: { 'application/json': { schema: loginAnswer } } },
        ...errors,
      },
    }),
    async (c) => {
      const challenge = await pendingChallenge(c);
      const wait = Math.ceil((challenge.sentAt.getTime() + settings.resendCooldownSeconds * 1000 - Date.now()) / 1000);
      if (wait > 0) throw rateLimited(wait);
      if (challenge.sends >= settings.maxCodeSends) throw new AppError('auth.code_locked');
      const sends = challenge.sends + 1;
      const { codeHash, send, channel } = await sendCode(challenge.userId, challenge.id, sends);
      const now = new Date();
      await db
        .update(loginChallenges)
        .set({
          codeHash,
          sends,
          sentAt: now,
          expiresAt: new Date(now.getTime() + settings.codeValidityMinutes * 60_000),
        })
        .where(eq(loginChallenges.id, challenge.id));
      await send();
      await appendAudit(db, {
        event: 'code.sent',
        userId: challenge.userId,
        ip: ipOf(c),
        details: { channel },
      });
      return c.json({ status: 'code_required' as const, validForMinutes: settings.codeValidityMinutes }, 202);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Se déconnecter',
      tags: ['Connexion'],
      responses: { 204: { description: 'Déconnecté' } },
    }),
    async (c) => {
      const token = readSessionCookie(c);
      if (token) {
        await invalidateSession(db, token);
        await appendAudit(db, { event: 'logout', userId: c.get('actor')?.id ?? null, ip: ipOf(c) });
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/auth/session',
      summary: 'La personne connectée',
      tags: ['Connexion'],
      responses: {
        200: {
          description: 'Connecté',
          content: {
            'application/json': {
              schema: z.object({ id: z.string(), displayName: z.string(), role: z.string(), cguRequired: z.boolean() }),
            },
          },
        },
        401: errors[401],
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      return c.json(
        {
          id: actor.id,
          displayName: actor.displayName,
          role: actor.role,
          cguRequired: !(await hasAcceptedCurrentCgu(db, actor.id)),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/password',
      summary: 'Changer de mot de passe (toutes les autres sessions sont fermées)',
      tags: ['Connexion'],
      request: {
        body: jsonBody(
          z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        ),
      },
      responses: { 204: { description: 'Mot de passe changé' }, ...errors },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      const { currentPassword, newPassword } = c.req.valid('json');
      await consumeRateLimit(db, `password:account:${actor.id}`, 10, 15 * 60);
      const [row] = await db.select().from(userPasswords).where(eq(userPasswords.userId, actor.id));
      if (!row || !(await verifyPassword(row.hash, currentPassword))) throw new AppError('auth.invalid_credentials');
      await setPassword(db, actor.id, newPassword);
      await appendAudit(db, { event: 'password.changed', userId: actor.id, ip: ipOf(c) });
      const { token, expiresAt } = await createSession(db, actor.id, {
        ip: ipOf(c),
        userAgent: c.req.header('user-agent'),
      });
      setSessionCookie(c, token, expiresAt);
      return c.body(null, 204);
    },
  );

  async function sendResetLink(userId: string, ip: string) {
    const token = randomToken();
    const id = hashToken(token);
    const validForMinutes = settings.passwordResetValidityMinutes;
    await db
      .insert(passwordResetTokens)
      .values({ id, userId, expiresAt: new Date(Date.now() + validForMinutes * 60_000) });
    const resetUrl = `${deps.appUrl}/connexion/nouveau-mot-de-passe?jeton=${token}`;
    await appendAudit(db, { event: 'password.reset_requested', userId, ip });
    await sendMessages(deps.temporal, {
      taskQueue: deps.taskQueue,
      key: `password-reset/${id}`,
      messages: [passwordResetMessage({ recipient: { type: 'user', userId }, resetUrl, validForMinutes })],
    });
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/password-reset',
      summary: 'Mot de passe oublié : recevoir un lien par e-mail (même réponse que le compte existe ou non)',
      tags: ['Connexion'],
      request: { body: jsonBody(z.object({ identifier: freeText(320).min(1) })) },
      responses: { 202: { description: 'Si le compte existe, un lien est envoyé' }, 429: errors[429] },
    }),
    async (c) => {
      const { identifier } = c.req.valid('json');
      const normalized = normalizeIdentifier(identifier);
      const ip = ipOf(c);
      await consumeRateLimit(
        db,
        `reset:ip:${addressRange(ip)}`,
        settings.loginPerIp.limit,
        settings.loginPerIp.windowSeconds,
      );
      await consumeRateLimit(
        db,
        `reset:account:${normalized}`,
        settings.loginPerAccount.limit,
        settings.loginPerAccount.windowSeconds,
      );
      const [account] = await db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(looksLikeRpps(normalized) ? eq(users.rpps, normalized) : sql`lower(${users.email}) = ${normalized}`);
      if (account?.email) {
        // After the answer, not before it: a known account must not answer more slowly than an unknown one.
        const requestId = c.get('requestId');
        setImmediate(() => {
          sendResetLink(account.id, ip).catch((error) => logUnexpected(error, requestId));
        });
      }
      return c.body(null, 202);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/password-reset/confirm',
      summary: 'Choisir un nouveau mot de passe avec le lien reçu (toutes les sessions sont fermées)',
      tags: ['Connexion'],
      request: {
        body: jsonBody(z.object({ token: freeText(200).min(1), newPassword: z.string().min(1).max(200) })),
      },
      responses: {
        204: { description: 'Mot de passe changé' },
        410: { description: 'Lien utilisé ou expiré', content: { 'application/json': { schema: errorBodySchema } } },
        ...errors,
      },
    }),
    async (c) => {
      const { token, newPassword } = c.req.valid('json');
      const ip = ipOf(c);
      await consumeRateLimit(
        db,
        `reset:ip:${addressRange(ip)}`,
        settings.loginPerIp.limit,
        settings.loginPerIp.windowSeconds,
      );
      if (newPassword.length < minimumPasswordLength) throw new AppError('auth.weak_password');
      // Used atomically: of two concurrent uses, one only finds the row still unused.
      const [used] = await db
        .update(passwordResetTokens)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(passwordResetTokens.id, hashToken(token)),
            sql`${passwordResetTokens.usedAt} is null`,
            gt(passwordResetTokens.expiresAt, new Date()),
          ),
        )
        .returning();
      if (!used) throw new AppError('auth.reset_link_invalid');
      await setPassword(db, used.userId, newPassword);
      // Every other pending link of this person is spent too.
      await db
        .update(passwordResetTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResetTokens.userId, used.userId), sql`${passwordResetTokens.usedAt} is null`));
      await appendAudit(db, { event: 'password.reset', userId: used.userId, ip });
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/email-verification/confirm',
      summary: 'Confirmer son adresse e-mail avec le lien reçu',
      tags: ['Connexion'],
      request: { body: jsonBody(z.object({ token: freeText(200).min(1) })) },
      responses: {
        204: { description: 'Adresse confirmée' },
        410: { description: 'Lien utilisé ou expiré', content: { 'application/json': { schema: errorBodySchema } } },
        429: errors[429],
      },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      const ip = ipOf(c);
      await consumeRateLimit(
        db,
        `verify:ip:${addressRange(ip)}`,
        settings.loginPerIp.limit,
        settings.loginPerIp.windowSeconds,
      );
      const [used] = await db
        .update(emailVerificationTokens)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(emailVerificationTokens.id, hashToken(token)),
            sql`${emailVerificationTokens.usedAt} is null`,
            gt(emailVerificationTokens.expiresAt, new Date()),
          ),
        )
        .returning();
      if (!used) throw new AppError('auth.verification_link_invalid');
      const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, used.userId));
      await db
        .update(users)
        .set({ emailVerifiedAt: new Date() })
        .where(and(eq(users.id, used.userId), sql`${users.emailVerifiedAt} is null`));
      await appendAudit(db, {
        event: 'email.verified',
        userId: used.userId,
        ip,
        details: { email: user?.email ?? '' },
      });
      return c.body(null, 204);
    },
  );

  const invitationServices = { db, temporal: deps.temporal, taskQueue: deps.taskQueue, appUrl: deps.appUrl };
  const refusal = { description: 'Refus', content: { 'application/json': { schema: errorBodySchema } } };

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/invitations',
      summary:
        'Inviter par e-mail un membre d’établissement (administrateur ou responsable de l’établissement) ou un coordinateur (administrateur)',
      tags: ['Connexion'],
      request: { body: jsonBody(invitationInput) },
      responses: {
        201: {
          description: 'Invitation envoyée',
          content: { 'application/json': { schema: z.object({ id: z.string(), expiresAt: z.string() }) } },
        },
        403: refusal,
        409: { description: 'Compte existant', content: { 'application/json': { schema: errorBodySchema } } },
        ...errors,
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      const sent = await sendInvitation(invitationServices, { actor, input: c.req.valid('json'), ip: ipOf(c) });
      return c.json({ id: sent.id, expiresAt: sent.expiresAt.toISOString() }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/auth/invitations',
      summary:
        'Invitations des 30 derniers jours : toutes (administrateur) ou celles de ses établissements (responsable)',
      tags: ['Connexion'],
      responses: {
        200: {
          description: 'Invitations, de la plus récente à la plus ancienne',
          content: { 'application/json': { schema: z.object({ items: z.array(invitationViewSchema) }) } },
        },
        401: refusal,
        403: refusal,
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      return c.json({ items: await listInvitations(db, actor) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/invitations/{id}/withdraw',
      summary: 'Retirer une invitation en attente : son lien ne fonctionne plus',
      tags: ['Connexion'],
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: {
        204: { description: 'Invitation retirée' },
        401: refusal,
        403: refusal,
        404: refusal,
        409: refusal,
        429: errors[429],
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      await withdrawInvitation(db, { actor, id: c.req.valid('param').id, ip: ipOf(c) });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/auth/doctor-grants',
      summary: 'Médecins coordonnateurs proposés par les établissements, en attente de confirmation (administrateur)',
      tags: ['Connexion'],
      responses: {
        200: {
          description: 'Rôles de médecin en attente',
          content: { 'application/json': { schema: z.object({ items: z.array(doctorGrantViewSchema) }) } },
        },
        401: refusal,
        403: refusal,
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      return c.json({ items: await pendingDoctorGrants(db, actor) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/doctor-grants/confirm',
      summary: 'Confirmer un médecin coordonnateur proposé, après vérification de son numéro RPPS (administrateur)',
      tags: ['Connexion'],
      request: { body: jsonBody(doctorGrantConfirmationInput) },
      responses: {
        204: { description: 'Rôle confirmé : le volet médical est ouvert à ce médecin' },
        401: refusal,
        403: refusal,
        404: refusal,
        409: refusal,
        422: refusal,
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      await confirmDoctorGrant(db, { actor, ...c.req.valid('json'), ip: ipOf(c) });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/invitations/accept',
      summary: 'Accepter une invitation : nom, mot de passe, CGU ; le compte est créé',
      tags: ['Connexion'],
      request: {
        body: jsonBody(
          z.object({
            token: freeText(200).min(1),
            displayName: personName(200).min(2, 'Deux caractères au moins.'),
            password: z.string().min(1).max(200),
            cguVersion: z.string().min(1).max(40),
          }),
        ),
      },
      responses: {
        201: {
          description: 'Compte créé',
          content: { 'application/json': { schema: z.object({ userId: z.string() }) } },
        },
        410: {
          description: 'Invitation utilisée ou expirée',
          content: { 'application/json': { schema: errorBodySchema } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const ip = ipOf(c);
      await consumeRateLimit(
        db,
        `invite:ip:${addressRange(ip)}`,
        settings.loginPerIp.limit,
        settings.loginPerIp.windowSeconds,
      );
      if (input.password.length < minimumPasswordLength) throw new AppError('auth.weak_password');
      if (input.cguVersion !== currentCgu().version) throw new AppError('auth.cgu_outdated');
      const userId = await db.transaction(async (tx) => {
        const [invitation] = await tx
          .update(invitations)
          .set({ acceptedAt: new Date() })
          .where(
            and(
              eq(invitations.id, hashToken(input.token)),
              sql`${invitations.acceptedAt} is null`,
              sql`${invitations.withdrawnAt} is null`,
              gt(invitations.expiresAt, new Date()),
            ),
          )
          .returning();
        if (!invitation) throw new AppError('auth.invitation_invalid');
        const [taken] = await tx
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.email}) = ${invitation.email}`);
        if (taken) throw new AppError('auth.email_taken');
        const [user] = await tx
          .insert(users)
          .values({
            role: invitation.role,
            displayName: input.displayName,
            email: invitation.email,
            emailVerifiedAt: new Date(),
          })
          .returning({ id: users.id });
        if (!user) throw new Error('user not created');
        if (invitation.facilityId && invitation.facilityRole) {
          await tx
            .insert(facilityMemberships)
            .values({ userId: user.id, facilityId: invitation.facilityId, role: invitation.facilityRole });
        }
        for (const departement of invitation.territories) {
          await tx.insert(coordinatorTerritories).values({ userId: user.id, departement });
        }
        await tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invitation.id));
        await tx.insert(cguAcceptances).values({ userId: user.id, version: input.cguVersion, ip });
        return user.id;
      });
      await setPassword(db, userId, input.password);
      await appendAudit(db, { event: 'invitation.accepted', userId, ip });
      await appendAudit(db, {
        event: 'cgu.accepted',
        userId,
        ip,
        details: { version: input.cguVersion },
      });
      return c.json({ userId }, 201);
    },
  );

  const cguSchema = z
    .object({
      version: z.string(),
      publishedOn: z.string(),
      title: z.string(),
      sections: z.array(z.object({ heading: z.string(), paragraphs: z.array(z.string()) })),
      accepted: z.boolean(),
    })
    .openapi('Cgu');

  api.openapi(
    createRoute({
      method: 'get',
      path: '/auth/cgu',
      summary: 'Conditions générales d’utilisation en vigueur',
      tags: ['Connexion'],
      responses: { 200: { description: 'Texte en vigueur', content: { 'application/json': { schema: cguSchema } } } },
    }),
    async (c) => {
      const actor = c.get('actor');
      const accepted = actor ? await hasAcceptedCurrentCgu(db, actor.id) : false;
      return c.json({ ...currentCgu(), accepted }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/auth/cgu',
      summary: 'Accepter les conditions générales d’utilisation',
      tags: ['Connexion'],
      request: { body: jsonBody(z.object({ version: z.string().min(1).max(40) })) },
      responses: { 204: { description: 'Acceptation enregistrée' }, ...errors },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      const { version } = c.req.valid('json');
      if (version !== currentCgu().version) throw new AppError('auth.cgu_outdated');
      const inserted = await db
        .insert(cguAcceptances)
        .values({ userId: actor.id, version, ip: ipOf(c) })
        .onConflictDoNothing()
        .returning();
      if (inserted.length > 0) {
        await appendAudit(db, { event: 'cgu.accepted', userId: actor.id, ip: ipOf(c), details: { version } });
      }
      return c.body(null, 204);
    },
  );

  return api;
}
