import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { facilities, users } from './schema.ts';

/**
 * Sessions (Lucia recipe): the browser holds a random token; only its SHA-256 (hex) is stored,
 * so a leaked table lets nobody in. Sliding expiry: `expiresAt` moves forward while in use.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** A person's password, hashed with argon2id (PHC string). */
export const userPasswords = pgTable('user_passwords', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  hash: text('hash').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A device (browser) known to a person: the device cookie's SHA-256 and when it last passed a code. */
export const trustedDevices = pgTable(
  'trusted_devices',
  {
    id: text('id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastCodeAt: timestamp('last_code_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.id, table.userId] })],
);

/** A pending one-time login code: the challenge cookie's SHA-256 as id, the code stored hashed. */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sends: integer('sends').notNull().default(1),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (table) => [index('login_challenges_user_idx').on(table.userId)],
);

/** Fixed-window counters shared by every process: `key` names what is limited (`login:ip:…`). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/** Who accepted which version of the CGU, when, from where. */
export const cguAcceptances = pgTable(
  'cgu_acceptances',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
  },
  (table) => [primaryKey({ columns: [table.userId, table.version] })],
);

/**
 * Security events, append-only: each row carries the hash of the previous one (`prevHash`) and its
 * own (`hash`, over the previous hash and its fields), so an edited or removed row breaks the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    event: text('event').notNull(),
    userId: uuid('user_id'),
    ip: text('ip'),
    /** JSON text, hashed as stored (not jsonb: its key order would change). */
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // A person's login history reads their rows, newest first.
  (table) => [index('audit_log_user_idx').on(table.userId, table.seq)],
);

/**
 * A pending "mot de passe oublié" link: only the token's SHA-256 (hex) is stored; single use
 * (`usedAt`), short-lived (`expiresAt`).
 */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('password_reset_tokens_user_idx').on(table.userId)],
);

/**
 * An e-mail verification link: only the token's SHA-256 (hex) is stored; single use (`usedAt`),
 * valid 24 h. One is sent per account (the first login of an unverified account).
 */
export const emailVerificationTokens = pgTable(
  'email_verification_tokens',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('email_verification_tokens_user_idx').on(table.userId)],
);

/**
 * An invitation to create an account (facility member or coordinator): only the token's SHA-256
 * (hex) is stored; single use (`acceptedAt`), valid 7 days, or withdrawn before (`withdrawnAt`).
 */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    /**
     * What pages and API paths name an invitation by: a random uuid, not a digest of `id`, so it is
     * found through its unique index rather than by hashing every invitation in scope.
     */
    handle: uuid('handle').notNull().defaultRandom().unique(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    facilityRole: text('facility_role'),
    /** Départements a coordinator will watch. */
    territories: text('territories').array().notNull().default([]),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedUserId: uuid('accepted_user_id').references(() => users.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id),
  },
  // A manager's list reads their facilities' invitations, newest first.
  (table) => [
    index('invitations_email_idx').on(table.email),
    index('invitations_facility_idx').on(table.facilityId, table.createdAt),
  ],
);

/**
 * A passkey (WebAuthn credential): `id` is the credential id (base64url), `publicKey` its COSE
 * public key (base64url). `counter` follows the authenticator's signature counter.
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default([]),
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull().default(false),
    /** The person's own label ("Téléphone", "Clé USB du cabinet"). */
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [index('passkeys_user_idx').on(table.userId)],
);

/**
 * A pending WebAuthn ceremony: the browser holds a random token (cookie), only its SHA-256 is
 * stored with the challenge sent; single use, a few minutes. `userId` is null for a passwordless
 * login, where the person is known only from the credential.
 */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose').notNull(),
  challenge: text('challenge').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** A phone number being verified: the SMS code stored hashed, 10 minutes, at most 5 attempts. */
export const phoneVerifications = pgTable('phone_verifications', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  phone: text('phone').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  sends: integer('sends').notNull().default(1),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * An OpenID Connect login under way with Pro Santé Connect: the browser holds a random token
 * (cookie), only its SHA-256 is stored with the state, nonce and PKCE verifier; single use.
 */
export const oidcTransactions = pgTable('oidc_transactions', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnPath: text('return_path'),
  /** Set when a signed-in person goes through PSC to prove they are the physician of their account. */
  linkUserId: uuid('link_user_id').references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * A physician identified by Pro Santé Connect who has no account yet: the identity the national
 * service vouched for, held (token hashed, 30 minutes, single use) while they fill the creation form.
 */
export const pscEnrollments = pgTable('psc_enrollments', {
  id: text('id').primaryKey(),
  rpps: text('rpps').notNull(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  email: text('email'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
