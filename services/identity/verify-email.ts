import { and, eq, gt, sql } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { users } from '../../db/schema.ts';
import { emailVerificationTokens } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import type { IdentityDeps } from './deps.ts';
import { addressRange, consumeRateLimit } from './rate-limit.ts';
import { hashToken } from './tokens.ts';

/** Confirms an e-mail address with the link sent after the first login. Refusals: `auth.verification_link_invalid`, `auth.rate_limited`. */
export async function verifyEmail(
  deps: Pick<IdentityDeps, 'db' | 'settings'>,
  options: { token: string; ip: string },
): Promise<void> {
  const { db, settings } = deps;
  const { ip } = options;
  await consumeRateLimit(
    db,
    `verify:ip:${addressRange(ip)}`,
    settings.loginPerIp.limit,
    settings.loginPerIp.windowSeconds,
  );
  await db.transaction(async (tx) => {
    const [used] = await tx
      .update(emailVerificationTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(emailVerificationTokens.id, hashToken(options.token)),
          sql`${emailVerificationTokens.usedAt} is null`,
          gt(emailVerificationTokens.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!used) throw new AppError('auth.verification_link_invalid');
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, used.userId));
    await tx
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.id, used.userId), sql`${users.emailVerifiedAt} is null`));
    await appendAudit(tx, { event: 'email.verified', userId: used.userId, ip, details: { email: user?.email ?? '' } });
  });
}
