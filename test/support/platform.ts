import { randomUUID } from 'node:crypto';
import { type ServerType, serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { createReferralWorker } from '../../bin/create-worker.ts';
import { createServerApp } from '../../bin/server-app.ts';
import { connectDatabase, type Database } from '../../db/client.ts';
import { facilities, outboxMessages } from '../../db/schema.ts';
import { freePort } from './ports.ts';

/** Demo people seeded by the global setup (db/seed-data.ts), by what they are in the story. */
export const demo = {
  physician: '00000000-0000-4000-8000-000000000001',
  otherPhysician: '00000000-0000-4000-8000-000000000002',
  berthetMember: '00000000-0000-4000-8000-000000000011',
  /** Médecin coordonnateur of EHPAD Sergent Berthet: may read the medical part. */
  berthetDoctor: '00000000-0000-4000-8000-000000000015',
  elisabethMember: '00000000-0000-4000-8000-000000000012',
  sixiemeMember: '00000000-0000-4000-8000-000000000013',
  revelMember: '00000000-0000-4000-8000-000000000014',
} as const;

export const demoFiness = {
  berthet: '690003777',
  elisabeth: '690003983',
  sixieme: '690006937',
  revel: '690001524',
} as const;

export interface RunningWorker {
  stop: () => Promise<void>;
}

export interface TestPlatform {
  db: Database;
  client: Client;
  taskQueue: string;
  appUrl: string;
  app: ReturnType<typeof createServerApp>;
  startWorker: () => Promise<RunningWorker>;
  /** Calls the API as a demo user (or anonymously), JSON in and out. */
  api: <T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { as?: string; body?: unknown; rawBody?: string },
  ) => Promise<{ status: number; body: T }>;
  facilityId: (finess: string) => Promise<string>;
  messagesOf: (referralId: string) => Promise<(typeof outboxMessages.$inferSelect)[]>;
  close: () => Promise<void>;
}

/**
 * One test file's view of the shared real services: its own task queue (so its workers see only
 * its workflows), a database pool, a Temporal client and the HTTP app wired as in production.
 */
export async function createTestPlatform(
  options: { devIdentity?: boolean; appUrl?: string } = {},
): Promise<TestPlatform> {
  const database = connectDatabase(inject('databaseUrl'), { max: 5 });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection, namespace: 'default' });
  const taskQueue = `test-${randomUUID()}`;
  const appUrl = options.appUrl ?? 'http://localhost:3000';
  const app = createServerApp({
    db: database.db,
    temporal: client,
    taskQueue,
    searchAttributes: true,
    devIdentity: options.devIdentity ?? true,
    devMailbox: true,
    // Each auth scenario gives its own address (X-Forwarded-For): per-IP limits stay per test.
    auth: { trustProxy: true },
    appUrl,
  });
  const workers: Worker[] = [];
  const nativeConnections: NativeConnection[] = [];

  return {
    db: database.db,
    client,
    taskQueue,
    appUrl,
    app,
    async startWorker() {
      const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
      nativeConnections.push(nativeConnection);
      const worker = await createReferralWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        db: database.db,
        appUrl,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      workers.push(worker);
      const running = worker.run();
      return {
        async stop() {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
        },
      };
    },
    async api(method, path, { as, body, rawBody } = {}) {
      const headers: Record<string, string> = {};
      if (as) headers['x-parcours-user'] = as;
      if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
      const response = await app.request(path, {
        method,
        headers,
        ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async facilityId(finess) {
      const [row] = await database.db
        .select({ id: facilities.id })
        .from(facilities)
        .where(eq(facilities.finess, finess));
      if (!row) throw new Error(`demo facility ${finess} is not seeded`);
      return row.id;
    },
    messagesOf(referralId) {
      return database.db.select().from(outboxMessages).where(eq(outboxMessages.referralId, referralId));
    },
    async close() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await Promise.allSettled(workers.map((worker) => worker.getState() !== 'STOPPED' && waitStopped(worker)));
      for (const nativeConnection of nativeConnections) await nativeConnection.close();
      await connection.close();
      await database.close();
    },
  };
}

async function waitStopped(worker: Worker): Promise<void> {
  while (worker.getState() !== 'STOPPED' && worker.getState() !== 'FAILED') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The whole platform on a real port, with a worker: for browser tests. */
export async function startTestPlatform(): Promise<{ baseUrl: string; db: Database; stop: () => Promise<void> }> {
  // The port first: the app's own address (links, WebAuthn origin) must be the one the browser uses.
  const port = await freePort();
  const platform = await createTestPlatform({ appUrl: `http://localhost:${port}` });
  const worker = await platform.startWorker();
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: platform.app.fetch, hostname: '127.0.0.1', port }, () => resolve(started));
  });
  return {
    baseUrl: `http://localhost:${port}`,
    db: platform.db,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await worker.stop();
      await platform.close();
    },
  };
}
