import { index, pgSequence, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { referrals, users } from './schema.ts';

/**
 * The référents of a family request (the person or relatives with a particulier account), as the
 * case's workflow knows them (state.origin.referentIds), projected by activities/project-referral.ts:
 * what « Mon espace » lists and what the policies read.
 */
export const referralReferents = pgTable(
  'referral_referents',
  {
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    addedBy: uuid('added_by').references(() => users.id),
  },
  (table) => [
    primaryKey({ columns: [table.referralId, table.userId] }),
    index('referral_referents_user_idx').on(table.userId),
  ],
);

/**
 * The numbers of the family dossiers (`P-2026-000123`): a PostgreSQL sequence, so two requests
 * created at the same instant never share one; the year is the Paris year of creation.
 */
export const familyDossierNumbers = pgSequence('family_dossier_number_seq', { startWith: 1, increment: 1 });

/**
 * The invitations of a family request, each linked to its case: a référent invited by e-mail (by a
 * référent, the assisting professional, or the physician of their own request), or the médecin
 * traitant not yet on the platform, designated by e-mail. The link holds a random token; only its
 * hash (`id`) is stored. A new invitation of the same address to the same case replaces the pending one.
 */
export const familyInvitations = pgTable(
  'family_invitations',
  {
    id: text('id').primaryKey(),
    handle: uuid('handle').notNull().defaultRandom().unique(),
    /** `referent` or `physician`. */
    kind: text('kind').notNull(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    email: text('email').notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedUserId: uuid('accepted_user_id').references(() => users.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (table) => [
    index('family_invitations_referral_idx').on(table.referralId),
    index('family_invitations_email_idx').on(table.email),
  ],
);
