// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import type { IdentityDeps } from './deps.ts';
import { invalidateSession } from './sessions.ts';

/** Ends the session a cookie holds, with its `logout` audit row; no session, nothing to do (the cookie is cleared anyway). */
export async function logout(
  deps: Pick<IdentityDeps, 'db'>,
  options: { sessionToken: string | undefined; userId: string | null; ip: string },
): Promise<void> {
  const { sessionToken } = options;
  if (!sessionToken) return;
  await deps.db.transaction(async (tx) => {
    await invalidateSession(tx, sessionToken);
    await appendAudit(tx, { event: 'logout', userId: options.userId, ip: options.ip });
  });
}
