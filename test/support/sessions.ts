import { sessionCookie } from '../../api/auth/cookies.ts';
import type { Database } from '../../db/client.ts';
import { cguAcceptances } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { createSession } from '../../services/identity/sessions.ts';

/**
 * A real session for a seeded person, as if they had logged in with their password and code and
 * accepted the CGU in force: a `sessions` row and a `Cookie` header value that opens it. For tests
 * whose subject is not the login itself (the login flows have their own tests).
 */
export async function signIn(
  db: Database,
  userId: string,
  options: { acceptCgu?: boolean } = {},
): Promise<{ token: string; cookie: string }> {
  if (options.acceptCgu ?? true) {
    await db
      .insert(cguAcceptances)
      .values({ userId, version: currentCgu().version, ip: '127.0.0.1' })
      .onConflictDoNothing();
  }
  const { token } = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'parcours-tests' });
  return { token, cookie: `${sessionCookie}=${token}` };
}

/** One session per person for a test file's calls: `cookieOf(userId)` signs in on first use. */
export function sessionJar(db: Database): (userId: string) => Promise<string> {
  const cookies = new Map<string, Promise<string>>();
  return (userId) => {
    let cookie = cookies.get(userId);
    if (!cookie) {
      cookie = signIn(db, userId).then((session) => session.cookie);
      cookies.set(userId, cookie);
    }
    return cookie;
  };
}
