import { eq } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { loginChallenges } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import type { IdentityDeps } from './deps.ts';
import { newLoginCode, pendingChallenge } from './login-challenges.ts';
import { rateLimited } from './rate-limit.ts';

export type ResendLoginCodeResult = { kind: 'code_sent'; validForMinutes: number };

/**
 * A new code for the pending login (the previous one stops working): once a minute at most, five
 * sendings per challenge. Refusals: `auth.rate_limited`, `auth.code_locked`, `auth.code_expired`.
 */
export async function resendLoginCode(
  deps: IdentityDeps,
  options: { challengeToken: string | undefined; ip: string },
): Promise<ResendLoginCodeResult> {
  const { db, settings } = deps;
  const challenge = await pendingChallenge(deps, options.challengeToken);
  const wait = Math.ceil((challenge.sentAt.getTime() + settings.resendCooldownSeconds * 1000 - Date.now()) / 1000);
  if (wait > 0) throw rateLimited(wait);
  if (challenge.sends >= settings.maxCodeSends) throw new AppError('auth.code_locked');
  const sends = challenge.sends + 1;
  const { codeHash, send, channel } = await newLoginCode(deps, challenge.userId, challenge.id, sends);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(loginChallenges)
      .set({ codeHash, sends, sentAt: now, expiresAt: new Date(now.getTime() + settings.codeValidityMinutes * 60_000) })
      .where(eq(loginChallenges.id, challenge.id));
    await appendAudit(tx, { event: 'code.sent', userId: challenge.userId, ip: options.ip, details: { channel } });
  });
  await send();
  return { kind: 'code_sent', validForMinutes: settings.codeValidityMinutes };
}
