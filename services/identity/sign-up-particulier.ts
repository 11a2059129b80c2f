import { sql } from 'drizzle-orm';
import type { Transaction } from '../../db/client.ts';
import { notificationPreferences, users } from '../../db/schema.ts';
import { cguAcceptances } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { signupExistingAccountMessage } from '../../domain/messages/account-messages.ts';
import { defaultNotificationMode, particulierCategories } from '../../domain/messages/preferences.ts';
import { sendMessages } from '../notifications/send-messages.ts';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from './audit.ts';
import type { IdentityDeps } from './deps.ts';
import { normalizeIdentifier } from './identifiers.ts';
import { sendVerificationOnce } from './open-session.ts';
import { hashPassword, minimumPasswordLength, storePassword } from './passwords.ts';
import { addressRange, consumeRateLimit } from './rate-limit.ts';
import { hashToken } from './tokens.ts';

/** What the person is told after sending the form, whether the address had an account or not. */
export const signUpSentMessage =
  'Un e-mail vient de partir à l’adresse indiquée. Ouvrez-le pour confirmer votre adresse, puis connectez-vous avec votre adresse e-mail et votre mot de passe.';

export interface SignUpParticulierOptions {
  email: string;
  displayName: string;
  password: string;
  /** The CGU version the form showed, and whether the box was ticked. */
  cguVersion: string;
  cguAccepted: boolean;
  ip: string;
}

/**
 * Creates the account of a person or a relative (espace particulier): role `particulier`, e-mail
 * not yet verified, password, CGU accepted, notifications by e-mail; the verification link leaves
 * at once (the same link, and the same « once », as after a professional's first login).
 *
 * An address that already has an account creates nothing and gets a message saying so: the caller
 * answers alike in both cases, so the answer never tells which addresses have an account (the
 * password is hashed in both, so both take as long).
 *
 * Refusals: `auth.rate_limited` (per address of the caller, per e-mail typed), `auth.weak_password`,
 * `auth.cgu_not_accepted`, `auth.cgu_outdated`.
 */
export async function signUpParticulier(deps: IdentityDeps, options: SignUpParticulierOptions): Promise<void> {
  const { db, settings } = deps;
  const { ip } = options;
  const email = normalizeIdentifier(options.email);
  await consumeRateLimit(
    db,
    `signup:ip:${addressRange(ip)}`,
    settings.signUpPerIp.limit,
    settings.signUpPerIp.windowSeconds,
  );
  await consumeRateLimit(
    db,
    `signup:email:${hashToken(email)}`,
    settings.signUpPerEmail.limit,
    settings.signUpPerEmail.windowSeconds,
  );
  if (options.password.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  if (!options.cguAccepted) throw new AppError('auth.cgu_not_accepted');
  if (options.cguVersion !== currentCgu().version) throw new AppError('auth.cgu_outdated');
  const passwordHash = await hashPassword(options.password);

  const created = await db.transaction(async (tx) => {
    // Two sign-ups of one address at once: the second waits, then finds the first's account.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`parcours.signup:${email}`}))`);
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
    if (taken) {
      await appendAudit(tx, { event: 'account.signup_existing', userId: taken.id, ip });
      return { userId: taken.id, existing: true };
    }
    const userId = await insertParticulier(tx, {
      displayName: options.displayName,
      email,
      passwordHash,
      cguVersion: options.cguVersion,
      ip,
      method: 'signup',
    });
    return { userId, existing: false };
  });

  if (!created.existing) {
    await sendVerificationOnce(deps, created.userId);
    return;
  }
  await sendMessages(deps.temporal, {
    taskQueue: deps.taskQueue,
    // One such message per account and hour at most (the per-e-mail limit allows a few attempts).
    key: `signup-existing/${created.userId}/${Math.floor(Date.now() / 3_600_000)}`,
    messages: [
      signupExistingAccountMessage({
        recipient: { type: 'user', userId: created.userId },
        loginUrl: `${deps.appUrl}/connexion`,
        resetUrl: `${deps.appUrl}/connexion/mot-de-passe-oublie`,
      }),
    ],
  });
}

/**
 * A new particulier account, in the caller's transaction: its password, its CGU acceptance, its
 * notifications on by e-mail (written out, so the account keeps them whatever the defaults become),
 * audited. An invitation's link proved the address (`emailVerified`); a sign-up's is still to confirm.
 */
export async function insertParticulier(
  tx: Transaction,
  account: {
    displayName: string;
    email: string;
    passwordHash: string;
    cguVersion: string;
    ip: string | null;
    method: 'signup' | 'invitation';
    emailVerified?: boolean;
  },
): Promise<string> {
  const { ip } = account;
  const [user] = await tx
    .insert(users)
    .values({
      role: 'particulier',
      displayName: account.displayName,
      email: account.email,
      ...(account.emailVerified ? { emailVerifiedAt: new Date() } : {}),
    })
    .returning({ id: users.id });
  if (!user) throw new Error('user not created');
  await storePassword(tx, user.id, account.passwordHash);
  await tx.insert(cguAcceptances).values({ userId: user.id, version: account.cguVersion, ip });
  await tx
    .insert(notificationPreferences)
    .values(particulierCategories.map((category) => ({ userId: user.id, category, mode: defaultNotificationMode })));
  await appendAudit(tx, {
    event: 'account.created',
    userId: user.id,
    ip,
    details: { method: account.method, role: 'particulier' },
  });
  await appendAudit(tx, { event: 'cgu.accepted', userId: user.id, ip, details: { version: account.cguVersion } });
  return user.id;
}
