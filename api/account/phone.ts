import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { phoneVerifications } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { phoneVerificationMessage } from '../../domain/messages/account-messages.ts';
import { normalisePhoneNumber } from '../../domain/phone-numbers.ts';
import type { AuthDependencies } from '../../services/identity/deps.ts';
import { consumeRateLimit } from '../../services/identity/rate-limit.ts';
import type { AuthSettings } from '../../services/identity/settings.ts';
import { hashToken, randomCode, sameHash } from '../../services/identity/tokens.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';
import { appendAudit } from '../auth/audit.ts';

type PhoneDependencies = Pick<AuthDependencies, 'db' | 'temporal' | 'taskQueue'> & { settings: AuthSettings };

const codeHash = (userId: string, phone: string, code: string) => hashToken(`phone:${userId}:${phone}:${code}`);

/** Hides all but the last two digits, for the security log. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 3)}${'•'.repeat(Math.max(0, e164.length - 5))}${e164.slice(-2)}`;
}

/**
 * Sends a 6-digit code by SMS to the mobile number given. A number other than the account's
 * replaces it unverified at once (SMS login codes fall back to e-mail until it is verified).
 * Again for the same number: only after the cooldown, and at most `maxCodeSends` times.
 */
export async function startPhoneVerification(
  deps: PhoneDependencies,
  input: { userId: string; phone: string; ip: string },
): Promise<{ phone: string; validForMinutes: number }> {
  const { db, settings } = deps;
  const check = normalisePhoneNumber(input.phone);
  if (!check.ok) throw new AppError('account.phone_invalid', check.reason);
  if (!check.mobile) throw new AppError('account.phone_not_mobile');
  const phone = check.e164;
  // SMS cost money: besides the per-number cooldown, a bound per account whatever the numbers tried.
  await consumeRateLimit(db, `phone-code:account:${input.userId}`, 10, 60 * 60);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + settings.codeValidityMinutes * 60_000);
  const code = randomCode();

  const sends = await db.transaction(async (tx) => {
    const [pending] = await tx
      .select()
      .from(phoneVerifications)
      .where(eq(phoneVerifications.userId, input.userId))
      .for('update');
    const sameNumber = pending?.phone === phone;
    if (pending && sameNumber) {
      const wait = Math.ceil((pending.sentAt.getTime() + settings.resendCooldownSeconds * 1000 - now.getTime()) / 1000);
      if (wait > 0) throw new AppError('account.phone_code_too_soon', undefined, { retryAfterSeconds: wait });
      if (pending.sends >= settings.maxCodeSends && pending.expiresAt > now) {
        throw new AppError('account.phone_code_too_soon', undefined, {
          retryAfterSeconds: Math.ceil((pending.expiresAt.getTime() - now.getTime()) / 1000),
        });
      }
    }
    const count = pending && sameNumber && pending.expiresAt > now ? pending.sends + 1 : 1;
    const values = {
      phone,
      codeHash: codeHash(input.userId, phone, code),
      attempts: 0,
      sends: count,
      sentAt: now,
      expiresAt,
    };
    await tx
      .insert(phoneVerifications)
      .values({ userId: input.userId, ...values })
      .onConflictDoUpdate({ target: phoneVerifications.userId, set: values });
    // A new number is the account's from now on, unverified: SMS codes stop until it is proved.
    await tx
      .update(users)
      .set({ phone, phoneVerifiedAt: null, codeChannel: 'email' })
      .where(and(eq(users.id, input.userId), sql`${users.phone} is distinct from ${phone}`));
    return count;
  });

  await sendMessages(deps.temporal, {
    taskQueue: deps.taskQueue,
    key: `phone-verification/${input.userId}/${now.getTime()}`,
    messages: [phoneVerificationMessage({ phone, code, validForMinutes: settings.codeValidityMinutes, expiresAt })],
  });
  await appendAudit(db, {
    event: 'phone.code_sent',
    userId: input.userId,
    ip: input.ip,
    details: { phone: maskPhone(phone), send: String(sends) },
  });
  return { phone, validForMinutes: settings.codeValidityMinutes };
}

/**
 * Checks the SMS code: each attempt is counted before the comparison, so the sixth is refused
 * even when right. The right code makes the number the account's, verified.
 */
export async function confirmPhoneVerification(
  deps: PhoneDependencies,
  input: { userId: string; code: string; ip: string },
): Promise<{ phone: string }> {
  const { db, settings } = deps;
  const [pending] = await db.select().from(phoneVerifications).where(eq(phoneVerifications.userId, input.userId));
  if (!pending || pending.expiresAt.getTime() <= Date.now()) throw new AppError('account.phone_code_expired');
  const [counted] = await db
    .update(phoneVerifications)
    .set({ attempts: sql`${phoneVerifications.attempts} + 1` })
    .where(
      and(
        eq(phoneVerifications.userId, input.userId),
        eq(phoneVerifications.codeHash, pending.codeHash),
        sql`${phoneVerifications.attempts} < ${settings.maxCodeAttempts}`,
      ),
    )
    .returning();
  if (!counted) throw new AppError('account.phone_code_locked');
  if (!sameHash(codeHash(input.userId, counted.phone, input.code), counted.codeHash)) {
    throw new AppError(
      counted.attempts >= settings.maxCodeAttempts ? 'account.phone_code_locked' : 'account.phone_code_invalid',
    );
  }
  const verified = await db.transaction(async (tx) => {
    const [used] = await tx
      .delete(phoneVerifications)
      .where(and(eq(phoneVerifications.userId, input.userId), eq(phoneVerifications.codeHash, counted.codeHash)))
      .returning();
    if (!used) return false;
    await tx.update(users).set({ phone: used.phone, phoneVerifiedAt: new Date() }).where(eq(users.id, input.userId));
    return true;
  });
  if (!verified) throw new AppError('account.phone_code_expired');
  await appendAudit(db, {
    event: 'phone.verified',
    userId: input.userId,
    ip: input.ip,
    details: { phone: maskPhone(counted.phone) },
  });
  return { phone: counted.phone };
}

/** Forgets the number (and any code under way); login codes go back to e-mail. */
export async function removePhone(db: Database, input: { userId: string; ip: string }): Promise<void> {
  const [before] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, input.userId));
  await db.delete(phoneVerifications).where(eq(phoneVerifications.userId, input.userId));
  await db
    .update(users)
    .set({ phone: null, phoneVerifiedAt: null, codeChannel: 'email' })
    .where(eq(users.id, input.userId));
  if (before?.phone) await appendAudit(db, { event: 'phone.removed', userId: input.userId, ip: input.ip });
}
