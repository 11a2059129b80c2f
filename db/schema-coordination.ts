import { index, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './schema.ts';

/** The départements a coordinator watches: the stalled cases of these territories are their worklist. */
export const coordinatorTerritories = pgTable(
  'coordinator_territories',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    departement: varchar('departement', { length: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.departement] })],
);

/**
 * Cases « en anomalie »: a command whose snapshot the read model refused (domain/anomalies.ts),
 * written by the case's workflow. No foreign key to the case: a case refused at creation has no
 * read-model row. Holds codes only, never the refused value.
 */
export const caseAnomalies = pgTable(
  'case_anomalies',
  {
    /** Also the correlation id the refused command answered with. */
    id: uuid('id').primaryKey(),
    caseKind: text('case_kind').notNull(),
    caseId: uuid('case_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    command: text('command').notNull(),
    reason: text('reason').notNull(),
    sqlstate: varchar('sqlstate', { length: 5 }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('case_anomalies_occurred_idx').on(table.occurredAt),
    index('case_anomalies_case_idx').on(table.caseId),
  ],
);
