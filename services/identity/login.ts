import { and, eq, gt } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { users } from '../../db/schema.ts';
import { loginChallenges, trustedDevices, userPasswords } from '../../db/schema-identity.ts';
import { duration } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import type { IdentityDeps } from './deps.ts';
import { normalizeIdentifier, userByIdentifier } from './identifiers.ts';
import { newLoginCode } from './login-challenges.ts';
import { deviceTokenFrom, openSession } from './open-session.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { addressRange, checkFailureDelay, clearFailures, consumeRateLimit, recordFailure } from './rate-limit.ts';
import type { NewSession } from './sessions.ts';
import { hashToken, randomToken } from './tokens.ts';

/** 24 hours: these lifetimes are durations, not Paris calendar days. */
const day = duration.hours(24);

export interface LoginOptions {
  identifier: string;
  password: string;
  ip: string;
  userAgent?: string | undefined;
  /** This browser's device cookie as sent, if any. */
  deviceToken?: string | undefined;
}

/** This browser's device token after a right password; `minted`: set the cookie. */
export type DeviceToken = { token: string; minted: boolean };

export type LoginResult =
  | { kind: 'signed_in'; session: NewSession; cguRequired: boolean; device: DeviceToken }
  | { kind: 'code_sent'; challengeToken: string; validForMinutes: number; device: DeviceToken };

/**
 * Login by RPPS or e-mail and password. A browser that passed a code for this person recently is
 * signed in; any other gets a one-time code (by e-mail or SMS) and a challenge to confirm it with.
 * Refusals: `auth.invalid_credentials` (unknown or wrong, alike), `auth.rate_limited`.
 */
export async function login(deps: IdentityDeps, options: LoginOptions): Promise<LoginResult> {
  const { db, settings } = deps;
  const { ip } = options;
  const normalized = normalizeIdentifier(options.identifier);
  const range = addressRange(ip);
  await consumeRateLimit(db, `login:ip:${range}`, settings.loginPerIp.limit, settings.loginPerIp.windowSeconds);
  // Keyed by the identifier as typed, known or not: an unknown account is throttled the same way.
  const failuresHere = `login:failures:${range}:${hashToken(normalized)}`;
  const failuresAnywhere = `login:failures:${hashToken(normalized)}`;
  await checkFailureDelay(db, failuresHere, settings.loginFailuresPerAddress);
  await checkFailureDelay(db, failuresAnywhere, settings.loginFailuresPerAccount).catch(async (error) => {
    if (!(await confirmedDevice(deps, options.deviceToken, normalized))) throw error;
  });
  const [account] = await db
    .select({ id: users.id, hash: userPasswords.hash })
    .from(users)
    .leftJoin(userPasswords, eq(userPasswords.userId, users.id))
    .where(userByIdentifier(normalized));
  const valid = account?.hash
    ? await verifyPassword(account.hash, options.password)
    : await verifyAgainstNothing(options.password);
  if (!account || !valid) {
    await db.transaction(async (tx) => {
      await recordFailure(tx, failuresHere, settings.loginFailuresPerAddress);
      await recordFailure(tx, failuresAnywhere, settings.loginFailuresPerAccount);
      await appendAudit(tx, {
        event: 'login.failure',
        userId: account?.id ?? null,
        ip,
        details: account ? { reason: 'password' } : { reason: 'unknown_identifier' },
      });
    });
    throw new AppError('auth.invalid_credentials');
  }
  await clearFailures(db, failuresHere);
  const device = deviceTokenFrom(options.deviceToken);
  const [known] = await db
    .select()
    .from(trustedDevices)
    .where(
      and(
        eq(trustedDevices.id, hashToken(device.token)),
        eq(trustedDevices.userId, account.id),
        gt(trustedDevices.lastCodeAt, new Date(Date.now() - settings.codeIntervalDays * day)),
      ),
    );
  if (known) {
    const opened = await openSession(deps, {
      userId: account.id,
      ip,
      userAgent: options.userAgent,
      details: { method: 'password' },
    });
    return { kind: 'signed_in', ...opened, device };
  }

  const challengeToken = randomToken();
  const challengeId = hashToken(challengeToken);
  const { codeHash, send, channel } = await newLoginCode(deps, account.id, challengeId, 1);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.delete(loginChallenges).where(eq(loginChallenges.userId, account.id));
    await tx.insert(loginChallenges).values({
      id: challengeId,
      userId: account.id,
      codeHash,
      expiresAt: new Date(now.getTime() + settings.codeValidityMinutes * 60_000),
      sentAt: now,
    });
    await appendAudit(tx, { event: 'code.sent', userId: account.id, ip, details: { channel } });
  });
  await send();
  return { kind: 'code_sent', challengeToken, validForMinutes: settings.codeValidityMinutes, device };
}

/** This browser passed a code for the account named by `identifier` recently (the same query whether it exists or not). */
async function confirmedDevice(
  deps: IdentityDeps,
  deviceToken: string | undefined,
  identifier: string,
): Promise<boolean> {
  if (!deviceToken) return false;
  const [row] = await deps.db
    .select({ userId: trustedDevices.userId })
    .from(trustedDevices)
    .innerJoin(users, eq(users.id, trustedDevices.userId))
    .where(
      and(
        eq(trustedDevices.id, hashToken(deviceToken)),
        gt(trustedDevices.lastCodeAt, new Date(Date.now() - deps.settings.codeIntervalDays * day)),
        userByIdentifier(identifier),
      ),
    );
  return row !== undefined;
}
