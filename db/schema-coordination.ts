import { pgTable, primaryKey, uuid, varchar } from 'drizzle-orm/pg-core';
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
