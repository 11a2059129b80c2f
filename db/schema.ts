import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { FamilyOrigin } from '../domain/referral/state.ts';

export const facilities = pgTable(
  'facilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    finess: varchar('finess', { length: 9 }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    departement: varchar('departement', { length: 3 }).notNull(),
    commune: text('commune').notNull(),
    /** Where requests are sent; a placeholder for imported facilities until a manager sets it. */
    email: text('email').notNull(),
    phone: text('phone'),
    /** Demo facilities are invented for kinds absent from the shipped FINESS extracts; the UI says so. */
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** FINESS category (`categetab`) as registered, and its label. */
    categoryCode: varchar('category_code', { length: 4 }),
    categoryLabel: text('category_label'),
    address: text('address'),
    postcode: varchar('postcode', { length: 5 }),
    communeInsee: varchar('commune_insee', { length: 5 }),
    /** WGS84 position; null when the source has none (then the facility has no distance). */
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    /** Price of permanent accommodation per day (€, single room, dependence tariff excluded), where known. */
    pricePerDay: numeric('price_per_day', { precision: 8, scale: 2, mode: 'number' }),
    /** Dependence tariff of GIR 5-6 per day (€, the resident's « ticket modérateur »), declared by the facility. */
    dependenceGir56PerDay: numeric('dependence_gir56_per_day', { precision: 8, scale: 2, mode: 'number' }),
    /**
     * When the facility last declared its prices on its page; null while they are the imported ones.
     * Once set, an import no longer overwrites `price_per_day`.
     */
    tariffsDeclaredAt: timestamp('tariffs_declared_at', { withTimezone: true }),
    accommodationTypes: text('accommodation_types').array().notNull().default(sql`'{}'::text[]`),
    capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
    description: text('description'),
    /** Name and commune, lower case without accents, for text search. */
    searchText: text('search_text').notNull().default(''),
    /** `finess` (imported), `seed` or `demo`; the file a FINESS row last came from. */
    source: text('source').notNull().default('seed'),
    sourceFile: text('source_file'),
    importedAt: timestamp('imported_at', { withTimezone: true }),
    /** Sum over the facility's units, kept with the latest declaration for filtering and ranking. */
    availablePlaces: integer('available_places'),
    installedPlaces: integer('installed_places'),
    capacityDeclaredAt: timestamp('capacity_declared_at', { withTimezone: true }),
    profileUpdatedAt: timestamp('profile_updated_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('facilities_finess_key').on(table.finess),
    index('facilities_kind_dep_idx').on(table.kind, table.departement),
    // Distance search: bounding-box prefilter on indexed coordinates, then exact haversine.
    index('facilities_kind_geo_idx').on(table.kind, table.lat, table.lon),
    index('facilities_geo_idx').on(table.lat, table.lon),
  ],
);

/** A unit of a facility (a wing, a service) with its accommodation type and declared places. */
export const facilityUnits = pgTable(
  'facility_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    name: text('name').notNull(),
    accommodationType: text('accommodation_type').notNull(),
    installedPlaces: integer('installed_places'),
    availablePlaces: integer('available_places').notNull(),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull(),
    declaredBy: uuid('declared_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('facility_units_facility_idx').on(table.facilityId)],
);

/** French communes (COG) and the municipal arrondissements of Paris, Lyon and Marseille, with a centre point. */
export const communes = pgTable(
  'communes',
  {
    insee: varchar('insee', { length: 5 }).primaryKey(),
    name: text('name').notNull(),
    /** `communeKey` of the name: lower case, no accents, "st" → "saint". */
    searchName: text('search_name').notNull(),
    postcodes: text('postcodes').array().notNull(),
    departement: varchar('departement', { length: 3 }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    isArrondissement: boolean('is_arrondissement').notNull().default(false),
  },
  (table) => [
    index('communes_search_name_idx').on(table.searchName.op('text_pattern_ops')),
    index('communes_postcodes_idx').using('gin', table.postcodes),
  ],
);

/** Reference files imported into the directory, by content hash: an unchanged file is skipped. */
export const directoryImports = pgTable('directory_imports', {
  source: text('source').primaryKey(),
  sha256: text('sha256').notNull(),
  counts: jsonb('counts').$type<Record<string, number>>().notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
});

/** What the case events say of each facility's answers, per kind; refreshed periodically, read by the ranking. */
export const facilityAnswerStats = pgTable(
  'facility_answer_stats',
  {
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    kind: text('kind').notNull(),
    sent: integer('sent').notNull(),
    due: integer('due').notNull(),
    answered: integer('answered').notNull(),
    accepted: integer('accepted').notNull(),
    medianAnswerHours: doublePrecision('median_answer_hours'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.facilityId, table.kind] })],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  role: text('role').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email').notNull().unique(),
  rpps: varchar('rpps', { length: 11 }).unique(),
  /** Mobile number in E.164 (`+33612345678`), for SMS notifications; optional. */
  phone: text('phone'),
  /** When the person proved the address is theirs (link e-mailed after their first login); null until then. */
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  /** When `phone` was proved by an SMS code; only a verified number may carry login codes. */
  phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
  /** Where login codes go: `email` (default) or `sms` (needs a verified phone). */
  codeChannel: text('code_channel').notNull().default('email'),
  /** Physicians: the INSEE code of the commune where they practise, when known (the families' search shows it). */
  practiceCommuneInsee: varchar('practice_commune_insee', { length: 5 }),
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
    /**
     * A `doctor` role reads the medical part only once confirmed: by an administrator who checked
     * the RPPS (`admin`) or by the physician's own Pro Santé Connect login (`psc`). Null: pending.
     */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    confirmedWith: text('confirmed_with'),
  },
  (table) => [primaryKey({ columns: [table.userId, table.facilityId] })],
);

/** Read model of a case; written only by the workflow's projection activity. */
/** What the read model keeps of a family request's origin (domain/referral/state.ts FamilyOrigin). */
export type FamilyOriginRow = FamilyOrigin;

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
    /** The oldest stalled mark's start: the worklist sorts and filters on how long a case is stuck. */
    stalledSince: timestamp('stalled_since', { withTimezone: true }),
    /** What the territory's coordinators did (last reminder's day, « pris en charge », suggestions). */
    coordination: jsonb('coordination')
      .$type<{
        remindedOn?: string;
        followedUntil?: string;
        followedBy?: string;
        suggestions?: { facilityId: string; facilityName: string }[];
      }>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** « Pris en charge » up to this Paris day included (then back in the worklist if still stalled). */
    followedUntil: date('followed_until'),
    nextDeadlineType: text('next_deadline_type'),
    nextDeadlineAt: timestamp('next_deadline_at', { withTimezone: true }),
    secondWaveAfterDays: integer('second_wave_after_days'),
    secondWaveSendAt: timestamp('second_wave_send_at', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    /** Sequence of the last event projected: a late, older projection never overwrites a newer one. */
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** When retention (or an erasure) removed the patient's identity and dossier; the row stays as statistics. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    /** `family` for a request started by the person or a relative; null for a professional's. */
    origin: text('origin'),
    /** The readable dossier number of a family request (`P-2026-000123`), unique. */
    dossierNumber: text('dossier_number').unique('referrals_dossier_number_key'),
    /** A family request's origin as the workflow holds it (référents, physician, e-mail confirmation). */
    family: jsonb('family').$type<FamilyOriginRow>(),
    /** The médecin traitant who may read and write the medical part now (designated, not declined). */
    physicianId: uuid('physician_id'),
    /**
     * A professional's request: the family its physician invited as référents (a family request's
     * référents are in `family`). Both are also rows of `referral_referents`.
     */
    referentIds: uuid('referent_ids').array(),
  },
  (table) => [
    // The retention run's query: closed cases not yet anonymised, oldest first.
    index('referrals_retention_idx').on(table.closedAt).where(sql`${table.anonymisedAt} is null`),
    index('referrals_requester_idx').on(table.requesterId, table.updatedAt),
    index('referrals_stalled_idx').on(table.departement, table.updatedAt).where(sql`${table.stalled}`),
    // The coordinators' worklist: a territory's stalled cases, by how long they have been stuck.
    index('referrals_stalled_since_idx').on(table.departement, table.stalledSince).where(sql`${table.stalled}`),
    index('referrals_identity_idx').on(table.patientBirthDate, table.patientLastName),
    // The observatory counts a territory's cases over a period.
    index('referrals_departement_created_idx').on(table.departement, table.createdAt),
    // The physician's « Dossiers à compléter ».
    index('referrals_physician_idx').on(table.physicianId).where(sql`${table.physicianId} is not null`),
  ],
);

/**
 * The progress of a new request typed step by step (web/routes/request-steps.tsx): the step to
 * resume at, and the basket of facilities chosen across directory searches. The case itself (its
 * identity and dossier) is the draft case of the workflow; this row is dropped once it is sent.
 */
export const referralDrafts = pgTable('referral_drafts', {
  referralId: uuid('referral_id')
    .primaryKey()
    .references(() => referrals.id, { onDelete: 'cascade' }),
  step: text('step').notNull(),
  /** The basket, in the order the facilities were added. */
  facilityIds: uuid('facility_ids').array().notNull().default(sql`'{}'::uuid[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

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
    /** First decision (accepted, refused or wait-listed), from the case events: the observatory's answer time. */
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** When the facility first put the person on its waiting list. */
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('facility_tasks_referral_facility_key').on(table.referralId, table.facilityId),
    index('facility_tasks_inbox_idx').on(table.facilityId, table.updatedAt),
    // The inbox's order by urgency has an index on expressions, written in migration 0027
    // (facility_tasks_urgency_idx) beside the query it serves (api/referrals/triage-inbox.ts).
    // The observatory: a facility's requests by sending date, with every column it counts, so a
    // territory's year is read from the index alone (bench/results/coordination.md).
    index('facility_tasks_facility_sent_idx').on(
      table.facilityId,
      table.sentAt,
      table.status,
      table.answeredAt,
      table.acceptedAt,
      table.waitlistedAt,
      table.refusalReason,
      table.referralId,
      table.id,
    ),
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

/**
 * Messages waiting for (or done with) delivery, one row per message and channel; the idempotency
 * key makes every send happen once. Status: `queued` (to deliver), `stored` (kept by the
 * development mailbox), `sent` (accepted by the provider), `delivered` (confirmed by its webhook),
 * `failed` (with a reason), `in_app` (preferences: not sent), `digest` (waiting for the daily
 * digest), `digested` (part of a digest message).
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    channel: text('channel').notNull(),
    recipientAddress: text('recipient_address').notNull(),
    /** Who the message is for (`user`, `facility`), when it is a known account or facility. */
    recipientType: text('recipient_type'),
    recipientId: uuid('recipient_id'),
    template: text('template').notNull(),
    /** Preference category of the template (`security` ones ignore preferences). */
    category: text('category'),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    referralId: uuid('referral_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    failureReason: text('failure_reason'),
    /** The digest message that carried this one, once bundled. */
    digestId: uuid('digest_id'),
    /** The HTTP request whose command caused the message (its request id, in every log line of the chain). */
    correlationId: text('correlation_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    /** When the person marked it read on their « Notifications » page (rows addressed to a user only). */
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_recipient_idx').on(table.recipientAddress, table.createdAt),
    // The « Notifications » page and the header's unread count: a person's rows, newest first.
    index('outbox_recipient_user_idx')
      .on(table.recipientId, table.createdAt)
      .where(sql`${table.recipientType} = 'user'`),
    index('outbox_referral_idx').on(table.referralId, table.createdAt),
    index('outbox_provider_message_idx').on(table.providerMessageId),
    index('outbox_digest_pending_idx')
      .on(table.recipientType, table.recipientId)
      .where(sql`${table.status} = 'digest'`),
  ],
);

/** Each call to a provider for a message (or the development mailbox), with its outcome. */
export const messageDeliveryAttempts = pgTable(
  'message_delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => outboxMessages.id),
    /** Temporal's attempt number of the delivery activity. */
    attempt: integer('attempt').notNull(),
    provider: text('provider').notNull(),
    /** `pending` while the call runs; then `sent`, `retry` (temporary error), `rejected` or `unknown`. */
    outcome: text('outcome').notNull(),
    httpStatus: integer('http_status'),
    errorName: text('error_name'),
    errorMessage: text('error_message'),
    providerMessageId: text('provider_message_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('message_attempts_message_idx').on(table.messageId, table.startedAt)],
);

/** What a person wants to hear of, per category of message: e-mail, SMS, both, or only in the app. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    category: text('category').notNull(),
    mode: text('mode').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.category] })],
);

/** A facility with many requests may ask for one daily digest instead of a message per event. */
export const facilityNotificationSettings = pgTable('facility_notification_settings', {
  facilityId: uuid('facility_id')
    .primaryKey()
    .references(() => facilities.id),
  dailyDigest: boolean('daily_digest').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
