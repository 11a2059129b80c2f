import { and, eq, sql } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { loginChallenges } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import type { IdentityDeps } from './deps.ts';
import type { DeviceToken } from './login.ts';
import { pendingChallenge } from './login-challenges.ts';
import { deviceTokenFrom, openSession, trustDevice } from './open-session.ts';
import { addressRange, consumeRateLimit } from './rate-limit.ts';
import type { NewSession } from './sessions.ts';
import { hashToken, sameHash } from './tokens.ts';

export interface ConfirmLoginCodeOptions {
  /** The challenge cookie of the pending login. */
  challengeToken: string | undefined;
  code: string;
  ip: string;
  userAgent?: string | undefined;
  deviceToken?: string | undefined;
}

export type ConfirmLoginCodeResult = {
  kind: 'signed_in';
  session: NewSession;
  cguRequired: boolean;
  device: DeviceToken;
};

/**
 * Confirms a login with the code it sent: the session opens and this browser is trusted for a while.
 * Refusals: `auth.code_invalid`, `auth.code_locked` (5 attempts per challenge), `auth.code_expired`.
 */
export async function confirmLoginCode(
  deps: IdentityDeps,
  options: ConfirmLoginCodeOptions,
): Promise<ConfirmLoginCodeResult> {
  const { db, settings } = deps;
  const { ip } = options;
  // Each challenge allows 5 attempts; the address limit stops one client cycling through many challenges.
  await consumeRateLimit(
    db,
    `otp:ip:${addressRange(ip)}`,
    settings.loginPerIp.limit,
    settings.loginPerIp.windowSeconds,
  );
  const challenge = await pendingChallenge(deps, options.challengeToken);
  const refusal = await db.transaction(async (tx) => {
    // One attempt counted atomically, before the comparison: the sixth is refused even if right.
    const [counted] = await tx
      .update(loginChallenges)
      .set({ attempts: sql`${loginChallenges.attempts} + 1` })
      .where(and(eq(loginChallenges.id, challenge.id), sql`${loginChallenges.attempts} < ${settings.maxCodeAttempts}`))
      .returning();
    if (!counted) return 'auth.code_locked' as const;
    if (!sameHash(hashToken(`${challenge.id}:${options.code}`), counted.codeHash)) {
      await appendAudit(tx, {
        event: 'code.failed',
        userId: challenge.userId,
        ip,
        details: { attempt: String(counted.attempts) },
      });
      return counted.attempts >= settings.maxCodeAttempts
        ? ('auth.code_locked' as const)
        : ('auth.code_invalid' as const);
    }
    const [consumed] = await tx
      .update(loginChallenges)
      .set({ consumedAt: new Date() })
      .where(and(eq(loginChallenges.id, challenge.id), sql`${loginChallenges.consumedAt} is null`))
      .returning();
    return consumed ? undefined : ('auth.code_expired' as const);
  });
  // Thrown once committed: the attempt and its audit row stay.
  if (refusal) throw new AppError(refusal);
  const device = deviceTokenFrom(options.deviceToken);
  await trustDevice(db, { userId: challenge.userId, deviceToken: device.token });
  const opened = await openSession(deps, {
    userId: challenge.userId,
    ip,
    userAgent: options.userAgent,
    details: { method: 'password+code' },
  });
  return { kind: 'signed_in', ...opened, device };
}
