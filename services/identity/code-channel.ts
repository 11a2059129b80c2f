import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import type { CodeChannel } from '../../domain/identity/account-security.ts';
import type { MessageRecipient } from '../../domain/messages/case-messages.ts';
import { verifiedSmsNumber } from '../../domain/phone-numbers.ts';
import { appendAudit } from './audit.ts';

/** Where a person's login code goes: SMS only to a verified number, e-mail otherwise. */
export async function loginCodeRecipient(
  db: Database,
  userId: string,
): Promise<{ recipient: MessageRecipient; channel: CodeChannel }> {
  const [user] = await db
    .select({ phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt, codeChannel: users.codeChannel })
    .from(users)
    .where(eq(users.id, userId));
  const phone = user ? verifiedSmsNumber(user) : undefined;
  if (user?.codeChannel === 'sms' && phone) return { recipient: { type: 'address', phone }, channel: 'sms' };
  return { recipient: { type: 'user', userId }, channel: 'email' };
}

/** Chooses where login codes go; SMS needs a verified number. Setting the same channel again changes nothing. */
export async function setCodeChannel(
  db: Database,
  input: { userId: string; channel: CodeChannel; ip: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt, codeChannel: users.codeChannel })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update');
    if (!user) throw new AppError('auth.unauthenticated');
    if (input.channel === 'sms' && !verifiedSmsNumber(user)) throw new AppError('account.phone_not_verified');
    if (user.codeChannel === input.channel) return;
    await tx.update(users).set({ codeChannel: input.channel }).where(eq(users.id, input.userId));
    await appendAudit(tx, {
      event: 'code_channel.changed',
      userId: input.userId,
      ip: input.ip,
      details: { channel: input.channel },
    });
  });
}
