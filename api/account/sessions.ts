import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessions } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { describeUserAgent } from '../../domain/identity/account-security.ts';
import { sessionLifetimeMs } from '../../services/identity/sessions.ts';
import { hashToken } from '../../services/identity/tokens.ts';
import { appendAudit } from '../auth/audit.ts';

export interface SessionView {
  /** A public handle of the session: never the stored hash, which the page has no need to know. */
  id: string;
  createdAt: string;
  /** When it was last renewed (sliding expiry: a renewal moves the expiry 30 days ahead). */
  renewedAt: string;
  expiresAt: string;
  ip: string | null;
  browser: string;
  current: boolean;
}

/** The public handle of a stored session id. */
export function sessionHandle(sessionId: string): string {
  return hashToken(`session-handle:${sessionId}`).slice(0, 32);
}

/** The id of the session a request came with (the hash of its cookie token), if any. */
export function currentSessionId(token: string | undefined): string | undefined {
  return token ? hashToken(token) : undefined;
}

export async function listSessions(
  db: Database,
  userId: string,
  currentId: string | undefined,
): Promise<SessionView[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.createdAt));
  return rows.map((row) => ({
    id: sessionHandle(row.id),
    createdAt: row.createdAt.toISOString(),
    renewedAt: new Date(row.expiresAt.getTime() - sessionLifetimeMs).toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ip: row.ip,
    browser: describeUserAgent(row.userAgent),
    current: row.id === currentId,
  }));
}

/** Ends one of the person's sessions (another device, or this one); a session of someone else is not found. */
export async function revokeSession(
  db: Database,
  input: { userId: string; handle: string; ip: string },
): Promise<void> {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, input.userId));
  const target = rows.find((row) => sessionHandle(row.id) === input.handle);
  if (!target) throw new AppError('account.session_not_found');
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.id, target.id), eq(sessions.userId, input.userId)))
    .returning({ id: sessions.id });
  if (deleted.length > 0) {
    await appendAudit(db, { event: 'session.revoked', userId: input.userId, ip: input.ip, details: { count: '1' } });
  }
}

/** Ends every session of the person but the one making the request. */
export async function revokeOtherSessions(
  db: Database,
  input: { userId: string; currentId: string | undefined; ip: string },
): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, input.userId), ...(input.currentId ? [ne(sessions.id, input.currentId)] : [])))
    .returning({ id: sessions.id });
  if (deleted.length > 0) {
    await appendAudit(db, {
      event: 'session.revoked',
      userId: input.userId,
      ip: input.ip,
      details: { count: String(deleted.length) },
    });
  }
  return deleted.length;
}
