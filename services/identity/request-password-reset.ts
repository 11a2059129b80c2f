// Temporary crossings (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { users } from '../../db/schema.ts';
import { passwordResetTokens } from '../../db/schema-identity.ts';
import { passwordResetMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../notifications/send-messages.ts';
import type { IdentityDeps } from './deps.ts';
import { normalizeIdentifier, userByIdentifier } from './identifiers.ts';
import { addressRange, consumeRateLimit } from './rate-limit.ts';
import { hashToken, randomToken } from './tokens.ts';

export interface RequestPasswordResetOptions {
  identifier: string;
  ip: string;
  /** Where a failure of the sending goes: it happens after the answer, so no caller awaits it. */
  onSendError: (error: unknown) => void;
}

/**
 * "Mot de passe oublié": a single-use link by e-mail if the account exists, and the same answer, as
 * fast, when it does not. Refusal: `auth.rate_limited` (per address and per identifier).
 */
export async function requestPasswordReset(deps: IdentityDeps, options: RequestPasswordResetOptions): Promise<void> {
  const { db, settings } = deps;
  const normalized = normalizeIdentifier(options.identifier);
  const { ip } = options;
  await consumeResetAttempt(deps, ip);
  await consumeRateLimit(
    db,
    `reset:account:${normalized}`,
    settings.loginPerAccount.limit,
    settings.loginPerAccount.windowSeconds,
  );
  const [account] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(userByIdentifier(normalized));
  if (account?.email) {
    // After the answer, not before it: a known account must not answer more slowly than an unknown one.
    setImmediate(() => {
      sendResetLink(deps, account.id, ip).catch(options.onSendError);
    });
  }
}

async function sendResetLink(deps: IdentityDeps, userId: string, ip: string): Promise<void> {
  const token = randomToken();
  const id = hashToken(token);
  const validForMinutes = deps.settings.passwordResetValidityMinutes;
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(passwordResetTokens)
      .values({ id, userId, expiresAt: new Date(Date.now() + validForMinutes * 60_000) });
    await appendAudit(tx, { event: 'password.reset_requested', userId, ip });
  });
  const resetUrl = `${deps.appUrl}/connexion/nouveau-mot-de-passe?jeton=${token}`;
  await sendMessages(deps.temporal, {
    taskQueue: deps.taskQueue,
    key: `password-reset/${id}`,
    messages: [passwordResetMessage({ recipient: { type: 'user', userId }, resetUrl, validForMinutes })],
  });
}

/** One attempt at the reset pages from this address (asking for a link or using one), counted together. */
export async function consumeResetAttempt(deps: Pick<IdentityDeps, 'db' | 'settings'>, ip: string): Promise<void> {
  await consumeRateLimit(
    deps.db,
    `reset:ip:${addressRange(ip)}`,
    deps.settings.loginPerIp.limit,
    deps.settings.loginPerIp.windowSeconds,
  );
}
