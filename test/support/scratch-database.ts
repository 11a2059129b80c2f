import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';

/**
 * A fresh, migrated database on the run's PostgreSQL, for tests that load reference data (the
 * national directory) and must not change what the other test files see in the shared one.
 */
export async function createScratchDatabase(
  baseUrl: string,
  prefix: string,
): Promise<DatabaseConnection & { url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const connection = connectDatabase(url.toString(), { max: 4 });
  return {
    ...connection,
    url: url.toString(),
    async drop() {
      await connection.close();
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
