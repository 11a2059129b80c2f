import { eq } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { userPasswords } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import type { IdentityDeps } from './deps.ts';
import { hashPassword, minimumPasswordLength, storePassword, verifyPassword } from './passwords.ts';
import { consumeRateLimit } from './rate-limit.ts';
import { createSession, type NewSession } from './sessions.ts';

export interface ChangePasswordOptions {
  userId: string;
  currentPassword: string;
  newPassword: string;
  ip: string;
  userAgent?: string | undefined;
}

/**
 * Changes the signed-in person's password: every session ends, and a new one opens for this browser
 * (the result's, for its cookie). Refusals: `auth.invalid_credentials`, `auth.weak_password`, `auth.rate_limited`.
 */
export async function changePassword(
  deps: Pick<IdentityDeps, 'db'>,
  options: ChangePasswordOptions,
): Promise<{ session: NewSession }> {
  const { db } = deps;
  const { userId, ip } = options;
  await consumeRateLimit(db, `password:account:${userId}`, 10, 15 * 60);
  const [row] = await db.select().from(userPasswords).where(eq(userPasswords.userId, userId));
  if (!row || !(await verifyPassword(row.hash, options.currentPassword)))
    throw new AppError('auth.invalid_credentials');
  if (options.newPassword.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  const passwordHash = await hashPassword(options.newPassword);
  const session = await db.transaction(async (tx) => {
    await storePassword(tx, userId, passwordHash);
    await appendAudit(tx, { event: 'password.changed', userId, ip });
    return createSession(tx, userId, { ip, userAgent: options.userAgent });
  });
  return { session };
}
