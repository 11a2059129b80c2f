import type { Client } from '@temporalio/client';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { cguAcceptances, emailVerificationTokens, trustedDevices } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { emailVerificationMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';
import { appendAudit } from './audit.ts';
import { clientIp, secureCookies } from './request-info.ts';
import { createSession, setSessionCookie } from './sessions.ts';
import type { AuthSettings } from './settings.ts';
import { hashToken, randomToken } from './tokens.ts';

export const deviceCookie = 'parcours_device';

/** What opening a session needs: the database, the message sending, the login settings. */
export interface SessionServices {
  db: Database;
  temporal: Client;
  taskQueue: string;
  appUrl: string;
  settings: Pick<AuthSettings, 'emailVerificationValidityHours' | 'trustProxy'>;
}

/**
 * Opens a session for a person who proved who they are (password and code, passkey, Pro Santé Connect):
 * cookie, `login.success` audit row, the e-mail verification link if never sent.
 */
export async function openSession(
  services: SessionServices,
  c: Context,
  userId: string,
  details?: Record<string, string>,
) {
  const ip = clientIp(c, services.settings.trustProxy);
  const { token, expiresAt } = await createSession(services.db, userId, { ip, userAgent: c.req.header('user-agent') });
  setSessionCookie(c, token, expiresAt);
  await appendAudit(services.db, { event: 'login.success', userId, ip, ...(details ? { details } : {}) });
  await sendVerificationOnce(services, userId);
  return { status: 'authenticated' as const, cguRequired: !(await hasAcceptedCurrentCgu(services.db, userId)) };
}

/** An unverified account gets one verification link, the first time it logs in. */
export async function sendVerificationOnce(services: SessionServices, userId: string): Promise<void> {
  const { db } = services;
  const [user] = await db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  if (!user || user.verifiedAt) return;
  const token = randomToken();
  const id = hashToken(token);
  const validForHours = services.settings.emailVerificationValidityHours;
  // The advisory lock makes "none sent yet" and the insert one step, even for two logins at once.
  const inserted = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`parcours.email_verification:${userId}`}))`);
    const [already] = await tx
      .select({ id: emailVerificationTokens.id })
      .from(emailVerificationTokens)
      .where(eq(emailVerificationTokens.userId, userId))
      .limit(1);
    if (already) return false;
    await tx
      .insert(emailVerificationTokens)
      .values({ id, userId, expiresAt: new Date(Date.now() + validForHours * 60 * 60_000) });
    return true;
  });
  if (!inserted) return;
  await sendMessages(services.temporal, {
    taskQueue: services.taskQueue,
    key: `email-verification/${id}`,
    messages: [
      emailVerificationMessage({
        recipient: { type: 'user', userId },
        verifyUrl: `${services.appUrl}/connexion/verifier-email?jeton=${token}`,
        validForHours,
      }),
    ],
  });
}

/** This browser's device token (long-lived cookie), created on first use. */
export function deviceToken(c: Context): string {
  const existing = getCookie(c, deviceCookie);
  if (existing && /^[a-z2-7]{32}$/.test(existing)) return existing;
  const token = randomToken();
  setCookie(c, deviceCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    maxAge: 400 * 24 * 60 * 60,
  });
  return token;
}

/** Records that this browser just passed a strong check for this person: no code for a while. */
export async function trustDevice(db: Database, c: Context, userId: string): Promise<void> {
  const device = hashToken(deviceToken(c));
  await db
    .insert(trustedDevices)
    .values({ id: device, userId, lastCodeAt: new Date() })
    .onConflictDoUpdate({ target: [trustedDevices.id, trustedDevices.userId], set: { lastCodeAt: new Date() } });
}

export async function hasAcceptedCurrentCgu(db: Database, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ version: cguAcceptances.version })
    .from(cguAcceptances)
    .where(and(eq(cguAcceptances.userId, userId), eq(cguAcceptances.version, currentCgu().version)));
  return row !== undefined;
}
