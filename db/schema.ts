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

export const facilities = pgTable(
  'facilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    finess: varchar('finess', { length: 9 }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    departement: varchar('departement', { length: 3 }).notNull(),
    commune: text('commune').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    /** Demo facilities are invented for kinds absent from the shipped FINESS extracts; the UI says so. */
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('facilities_finess_key').on(table.finess),
    index('facilities_kind_dep_idx').on(table.kind, table.departement),
  ],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  role: text('role').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email').notNull().unique(),
  rpps: varchar('rpps', { length: 11 }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const facilityMemberships = pgTable(
  'facility_memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    role: text('role').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.facilityId] })],
);

/** Read model of a case; written only by the workflow's projection activity. */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id),
    patientLastName: text('patient_last_name').notNull(),
    patientFirstName: text('patient_first_name').notNull(),
    patientBirthDate: date('patient_birth_date').notNull(),
    patientSex: text('patient_sex').notNull(),
    departement: varchar('departement', { length: 3 }),
    cancellationReason: text('cancellation_reason'),
    rulesVersion: integer('rules_version').notNull().default(1),
    dossierVersion: integer('dossier_version').notNull().default(0),
    missingParts: jsonb('missing_parts').$type<{ path: string; label: string }[]>().notNull().default(sql`'[]'::jsonb`),
    gir: integer('gir'),
    /** Stalled marks (reason, party who must act, task, since): the coordinator's worklist. */
    stalled: boolean('stalled').notNull().default(false),
    stalledMarks: jsonb('stalled_marks')
      .$type<{ reason: string; party: string; taskId?: string; since: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    nextDeadlineAt: timestamp('next_deadline_at', { withTimezone: true }),
    secondWaveSendAt: timestamp('second_wave_send_at', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    /** Sequence of the last event projected: a late, older projection never overwrites a newer one. */
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [
    index('referrals_requester_idx').on(table.requesterId, table.updatedAt),
    index('referrals_stalled_idx').on(table.departement, table.updatedAt).where(sql`${table.stalled}`),
    index('referrals_identity_idx').on(table.patientBirthDate, table.patientLastName),
  ],
);

export const facilityTasks = pgTable(
  'facility_tasks',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    status: text('status').notNull(),
    wave: integer('wave').notNull().default(1),
    readAt: timestamp('read_at', { withTimezone: true }),
    clockPausedMs: integer('clock_paused_ms').notNull().default(0),
    infoQuestion: text('info_question'),
    infoAskedAt: timestamp('info_asked_at', { withTimezone: true }),
    infoAnswer: text('info_answer'),
    infoAnsweredAt: timestamp('info_answered_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    proposedEntryDate: date('proposed_entry_date'),
    placeHeldUntil: date('place_held_until'),
    placeReleasedAt: timestamp('place_released_at', { withTimezone: true }),
    admissionImpossibleReason: text('admission_impossible_reason'),
    answeredDossierVersion: integer('answered_dossier_version'),
    requesterRemindedAt: timestamp('requester_reminded_at', { withTimezone: true }),
    refusalReason: text('refusal_reason'),
    refusalComment: text('refusal_comment'),
    cancellationReason: text('cancellation_reason'),
    version: integer('version').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('facility_tasks_referral_facility_key').on(table.referralId, table.facilityId),
    index('facility_tasks_inbox_idx').on(table.facilityId, table.updatedAt),
  ],
);

/** Append-only log of everything that happened to a case, numbered per case by the workflow. */
export const referralEvents = pgTable(
  'referral_events',
  {
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    taskId: uuid('task_id'),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.referralId, table.seq] })],
);

/**
 * Every version of a case's dossier (administrative and medical parts), written by the workflow's
 * projection; facilities see which version they answered.
 */
export const dossierVersions = pgTable(
  'dossier_versions',
  {
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    version: integer('version').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    authorId: uuid('author_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.referralId, table.version] })],
);

/** Messages waiting for (or done with) delivery; the idempotency key makes every send happen once. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    channel: text('channel').notNull(),
    recipientAddress: text('recipient_address').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    referralId: uuid('referral_id'),
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('outbox_recipient_idx').on(table.recipientAddress, table.createdAt)],
);
