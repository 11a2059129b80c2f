import { eq } from 'drizzle-orm';
import { loginChallenges } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { loginCodeMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../notifications/send-messages.ts';
// Temporary crossings (allowed in .dependency-cruiser.cjs) until these move out of api/.
import { loginCodeRecipient } from './code-channel.ts';
import type { IdentityDeps } from './deps.ts';
import { hashToken, randomCode } from './tokens.ts';

/**
 * A new code for a pending login, not yet sent: its hash to store, the channel for the audit row and
 * the sending, to call once the challenge row holds the hash (`sends` keys the message: once each).
 */
export async function newLoginCode(deps: IdentityDeps, userId: string, challengeId: string, sends: number) {
  const code = randomCode();
  const { settings } = deps;
  // By e-mail, or by SMS to a verified number when the person chose so (account page).
  const { recipient, channel } = await loginCodeRecipient(deps.db, userId);
  const message = loginCodeMessage({
    recipient,
    code,
    validForMinutes: settings.codeValidityMinutes,
    expiresAt: new Date(Date.now() + settings.codeValidityMinutes * 60_000),
  });
  return {
    channel,
    codeHash: hashToken(`${challengeId}:${code}`),
    send: () =>
      sendMessages(deps.temporal, {
        taskQueue: deps.taskQueue,
        key: `login-code/${challengeId}/${sends}`,
        messages: [message],
      }),
  };
}

/** The login waiting for its code that the challenge cookie names; expired or used is `auth.code_expired`. */
export async function pendingChallenge(deps: Pick<IdentityDeps, 'db'>, challengeToken: string | undefined) {
  if (!challengeToken) throw new AppError('auth.code_expired');
  const [challenge] = await deps.db
    .select()
    .from(loginChallenges)
    .where(eq(loginChallenges.id, hashToken(challengeToken)));
  if (!challenge || challenge.consumedAt || challenge.expiresAt.getTime() <= Date.now()) {
    throw new AppError('auth.code_expired');
  }
  return challenge;
}
