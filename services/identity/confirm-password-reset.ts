import { and, eq, gt, sql } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { passwordResetTokens } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import type { IdentityDeps } from './deps.ts';
import { hashPassword, minimumPasswordLength, storePassword } from './passwords.ts';
import { consumeResetAttempt } from './request-password-reset.ts';
import { hashToken } from './tokens.ts';

/**
 * A new password with the link "mot de passe oublié" sent: the link and every other pending one are
 * spent, every session ends (the HTTP layer clears this browser's cookie). Refusals:
 * `auth.reset_link_invalid`, `auth.weak_password`, `auth.rate_limited`.
 */
export async function confirmPasswordReset(
  deps: Pick<IdentityDeps, 'db' | 'settings'>,
  options: { token: string; newPassword: string; ip: string },
): Promise<void> {
  const { db } = deps;
  const { ip } = options;
  await consumeResetAttempt(deps, ip);
  if (options.newPassword.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  await db.transaction(async (tx) => {
    // Used atomically: of two concurrent uses, one only finds the row still unused.
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResetTokens.id, hashToken(options.token)),
          sql`${passwordResetTokens.usedAt} is null`,
          gt(passwordResetTokens.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!used) throw new AppError('auth.reset_link_invalid');
    await storePassword(tx, used.userId, await hashPassword(options.newPassword));
    // Every other pending link of this person is spent too.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.userId, used.userId), sql`${passwordResetTokens.usedAt} is null`));
    await appendAudit(tx, { event: 'password.reset', userId: used.userId, ip });
  });
}
