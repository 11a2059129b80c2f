import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createServerApp } from '../../app/server-app.ts';
import { testClientDataConverter } from './payload-keys.ts';
import { createScratchDatabase } from './scratch-database.ts';
import { sessionJar } from './sessions.ts';

/**
 * The HTTP app wired as in production over a scratch database of its own (the national directory
 * is loaded there, not in the database the referral tests share), as the demo users (real sessions).
 */
export async function createDirectoryPlatform(prefix: string) {
  const database = await createScratchDatabase(inject('databaseUrl'), prefix);
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const app = createServerApp({
    db: database.db,
    temporal: new Client({ connection, namespace: 'default', dataConverter: testClientDataConverter }),
    taskQueue: `${prefix}-unused`,
    searchAttributes: false,
    devMailbox: false,
    appUrl: 'http://localhost:3000',
  });
  const cookieOf = sessionJar(database.db);
  return {
    db: database.db,
    app,
    cookieOf,
    async api<T = Record<string, unknown>>(
      method: string,
      path: string,
      options: { as?: string; body?: unknown } = {},
    ): Promise<{ status: number; body: T }> {
      const headers: Record<string, string> = {};
      if (options.as) headers.cookie = await cookieOf(options.as);
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await app.request(path, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await connection.close();
      await database.drop();
    },
  };
}
