import { and, eq, lt } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { sessions } from '../../db/schema-identity.ts';
import { duration } from '../../domain/calendar/days.ts';
import { hashToken, randomToken } from './tokens.ts';

/** 24 hours: these lifetimes are durations, not Paris calendar days. */
const day = duration.hours(24);
/** A session lives 30 days after its last renewal; it is renewed once less than 15 days remain. */
export const sessionLifetimeMs = 30 * day;
const renewWhenLeftMs = 15 * day;

export interface ValidSession {
  id: string;
  userId: string;
  expiresAt: Date;
  renewed: boolean;
}

/** A session just created: the token goes in the cookie (only its hash is stored), until `expiresAt`. */
export interface NewSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(
  db: Queryable,
  userId: string,
  meta: { ip?: string | undefined; userAgent?: string | undefined } = {},
): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + sessionLifetimeMs);
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  });
  return { token, expiresAt };
}

/** The session a token opens, renewed when half-spent; an expired one is deleted. */
export async function validateSessionToken(db: Database, token: string): Promise<ValidSession | undefined> {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
  const id = hashToken(token);
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  if (!row) return undefined;
  const now = Date.now();
  if (now >= row.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return undefined;
  }
  if (now >= row.expiresAt.getTime() - renewWhenLeftMs) {
    const expiresAt = new Date(now + sessionLifetimeMs);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
    return { id, userId: row.userId, expiresAt, renewed: true };
  }
  return { id, userId: row.userId, expiresAt: row.expiresAt, renewed: false };
}

export async function invalidateSession(db: Queryable, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

/** Ends every session of a person (password change). */
export async function invalidateAllSessions(db: Queryable, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Database): Promise<void> {
  await db.delete(sessions).where(and(lt(sessions.expiresAt, new Date())));
}
