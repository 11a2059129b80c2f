import { index, pgSequence, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
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
