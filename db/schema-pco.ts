import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { PcoState } from '../domain/pco/orientation-state.ts';
import { users } from './schema.ts';

/** PCO TND platforms, one per département and age range; administrable by administrators. */
export const pcoPlatforms = pgTable(
  'pco_platforms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    departement: varchar('departement', { length: 3 }).notNull(),
    ageRange: text('age_range').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    finess: varchar('finess', { length: 9 }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('pco_platforms_departement_age_key').on(table.departement, table.ageRange)],
);

export const pcoPlatformMembers = pgTable(
  'pco_platform_members',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => pcoPlatforms.id),
    /** doctor (validates prescriptions), coordinator (watches deadlines), staff. */
    role: text('role').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.platformId] })],
);

/** Read model of an orientation; written only by the `pco/<caseId>` workflow's projection. */
export const pcoCases = pgTable(
  'pco_cases',
  {
    id: uuid('id').primaryKey(),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => pcoPlatforms.id),
    ageRange: text('age_range').notNull(),
    childLastName: text('child_last_name').notNull(),
    childFirstName: text('child_first_name').notNull(),
    childBirthDate: date('child_birth_date').notNull(),
    childSex: text('child_sex').notNull(),
    departement: varchar('departement', { length: 3 }).notNull(),
    family: jsonb('family').$type<Record<string, string>>().notNull(),
    screening: jsonb('screening').$type<PcoState['screening']>().notNull(),
    status: text('status').notNull(),
    plan: jsonb('plan').$type<{ setting: string; professions: string[] }>(),
    refusalReason: text('refusal_reason'),
    refusalComment: text('refusal_comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    validatedAt: timestamp('validated_at', { withTimezone: true }),
    firstAssessmentAt: date('first_assessment_at'),
    firstInterventionAt: date('first_intervention_at'),
    synthesisAt: date('synthesis_at'),
    pathwayEndsAt: timestamp('pathway_ends_at', { withTimezone: true }),
    renewed: boolean('renewed').notNull().default(false),
    care: jsonb('care').$type<PcoState['care']>().notNull().default(sql`'[]'::jsonb`),
    outcome: text('outcome'),
    stalled: boolean('stalled').notNull().default(false),
    stalledMarks: jsonb('stalled_marks')
      .$type<{ reason: string; since: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The next legal deadline (reminders aside): what the platform's inbox shows. */
    nextDeadlineType: text('next_deadline_type'),
    nextDeadlineAt: timestamp('next_deadline_at', { withTimezone: true }),
    version: integer('version').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** When retention (or an erasure) removed the child's identity and file; the row stays as statistics. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (table) => [
    index('pco_cases_retention_idx').on(table.closedAt).where(sql`${table.anonymisedAt} is null`),
    index('pco_cases_platform_idx').on(table.platformId, table.updatedAt),
    index('pco_cases_requester_idx').on(table.requesterId, table.updatedAt),
    // The observatory counts a territory's orientations over a period.
    index('pco_cases_departement_submitted_idx').on(table.departement, table.submittedAt),
    // The coordinators' stalled list: a département's late orientations, as referrals_stalled_idx.
    index('pco_cases_stalled_idx').on(table.departement, table.updatedAt).where(sql`${table.stalled}`),
  ],
);

/** Append-only log of an orientation's events, numbered per case by its workflow. */
export const pcoEvents = pgTable(
  'pco_events',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => pcoCases.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.caseId, table.seq] })],
);
