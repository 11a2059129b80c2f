import { and, eq, sql } from 'drizzle-orm';
// Temporary crossings (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import type { Queryable } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { cguAcceptances, emailVerificationTokens, trustedDevices } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { emailVerificationMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../notifications/send-messages.ts';
import type { IdentityDeps } from './deps.ts';
import { createSession, type NewSession } from './sessions.ts';
import { hashToken, randomToken } from './tokens.ts';

/** What opening a session needs: the database, the message sending, the e-mail verification setting. */
export type SessionDeps = Omit<IdentityDeps, 'settings'> & {
  settings: Pick<IdentityDeps['settings'], 'emailVerificationValidityHours'>;
};

/** A session just opened: the HTTP layer sets its cookie; `cguRequired` sends the person to the CGU first. */
export interface OpenedSession {
  session: NewSession;
  cguRequired: boolean;
}

/**
 * Opens a session for a person who proved who they are (password and code, passkey, Pro Santé Connect):
 * the session row and its `login.success` audit row together, then the e-mail verification link if never sent.
 */
export async function openSession(
  deps: SessionDeps,
  options: { userId: string; ip: string; userAgent?: string | undefined; details?: Record<string, string> | undefined },
): Promise<OpenedSession> {
  const { userId, ip, details } = options;
  const session = await deps.db.transaction(async (tx) => {
    const opened = await createSession(tx, userId, { ip, userAgent: options.userAgent });
    await appendAudit(tx, { event: 'login.success', userId, ip, ...(details ? { details } : {}) });
    return opened;
  });
  await sendVerificationOnce(deps, userId);
  return { session, cguRequired: !(await hasAcceptedCurrentCgu(deps.db, userId)) };
}

/** An unverified account gets one verification link, the first time it logs in. */
export async function sendVerificationOnce(deps: SessionDeps, userId: string): Promise<void> {
  const { db } = deps;
  const [user] = await db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  if (!user || user.verifiedAt) return;
  const token = randomToken();
  const id = hashToken(token);
  const validForHours = deps.settings.emailVerificationValidityHours;
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
  await sendMessages(deps.temporal, {
    taskQueue: deps.taskQueue,
    key: `email-verification/${id}`,
    messages: [
      emailVerificationMessage({
        recipient: { type: 'user', userId },
        verifyUrl: `${deps.appUrl}/connexion/verifier-email?jeton=${token}`,
        validForHours,
      }),
    ],
  });
}

/**
 * This browser's device token as its cookie holds it, or a new one when it holds none (or a malformed
 * one): `minted` tells the HTTP layer to set the cookie.
 */
export function deviceTokenFrom(cookie: string | undefined): { token: string; minted: boolean } {
  if (cookie && /^[a-z2-7]{32}$/.test(cookie)) return { token: cookie, minted: false };
  return { token: randomToken(), minted: true };
}

/** Records that this browser just passed a strong check for this person: no code for a while. */
export async function trustDevice(db: Queryable, options: { userId: string; deviceToken: string }): Promise<void> {
  await db
    .insert(trustedDevices)
    .values({ id: hashToken(options.deviceToken), userId: options.userId, lastCodeAt: new Date() })
    .onConflictDoUpdate({ target: [trustedDevices.id, trustedDevices.userId], set: { lastCodeAt: new Date() } });
}

export async function hasAcceptedCurrentCgu(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ version: cguAcceptances.version })
    .from(cguAcceptances)
    .where(and(eq(cguAcceptances.userId, userId), eq(cguAcceptances.version, currentCgu().version)));
  return row !== undefined;
}
