import { randomUUID } from 'node:crypto';
import { type ServerType, serve } from '@hono/node-server';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { sessionCookie } from '../../api/auth/cookies.ts';
import { createReferralWorker } from '../../app/create-worker.ts';
import { createServerMetrics, type ServerMetrics } from '../../app/metrics.ts';
import { freePort } from '../../app/ports.ts';
import { type LocalPsc, startLocalPsc } from '../../app/psc-local.ts';
import { createServerApp } from '../../app/server-app.ts';
import { clientInterceptors } from '../../app/temporal-interceptors.ts';
import { connectDatabase, type Database } from '../../db/client.ts';
import { facilities, outboxMessages } from '../../db/schema.ts';
import { pscRedirectUri } from '../../services/identity/psc-client.ts';
import { randomToken } from '../../services/identity/tokens.ts';
import { testClientDataConverter, testPayloadKeys } from './payload-keys.ts';
import { sessionJar, signIn } from './sessions.ts';

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
  coordinatorRhone: '00000000-0000-4000-8000-000000000021',
  /** Médecin of the Rhône 0–6 PCO. */
  pcoDoctorRhone: '00000000-0000-4000-8000-000000000031',
  admin: '00000000-0000-4000-8000-000000000041',
} as const;

export const demoFiness = {
  berthet: '690003777',
  elisabeth: '690003983',
  sixieme: '690006937',
  revel: '690001524',
} as const;

/**
 * What @hono/node-server hands a request of a client on this machine (`env.incoming`): in-process
 * requests carry it to be what they stand for, a local client (the development mailbox answers
 * only those). A test of another client passes its own.
 */
export const localClient = { incoming: { socket: { remoteAddress: '127.0.0.1' } } } as const;

export interface RunningWorker {
  stop: () => Promise<void>;
}

export interface TestPlatform {
  db: Database;
  client: Client;
  taskQueue: string;
  appUrl: string;
  app: ReturnType<typeof createServerApp>;
  /** The server's metrics (`metrics: true`): its /metrics routes, as the process serves them on their own port. */
  metrics: ServerMetrics | undefined;
  /** A worker in this process; `workflowSpans` receives its workflows' spans (with a bundle built for tracing). */
  startWorker: (options?: {
    workflowSpans?: SpanProcessor;
    workflowBundle?: WorkflowBundleOption;
  }) => Promise<RunningWorker>;
  /** Calls the API as a demo user (through a real session of theirs) or anonymously, JSON in and out, from this machine. */
  api: <T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { as?: string; body?: unknown; rawBody?: string },
  ) => Promise<{ status: number; body: T }>;
  /** The `Cookie` header of a real session of `userId` (one per test file and person). */
  cookieOf: (userId: string) => Promise<string>;
  facilityId: (finess: string) => Promise<string>;
  /** The local stand-in of Pro Santé Connect, when asked for (`psc: true`). */
  psc: LocalPsc | undefined;
  messagesOf: (referralId: string) => Promise<(typeof outboxMessages.$inferSelect)[]>;
  close: () => Promise<void>;
}

/**
 * One test file's view of the shared real services: its own task queue (so its workers see only
 * its workflows), a database pool, a Temporal client and the HTTP app wired as in production.
 */
export async function createTestPlatform(
  options: {
    psc?: boolean;
    appUrl?: string;
    temporalUiOrigin?: string;
    metrics?: boolean;
    clock?: () => Date;
    /** PARCOURS_ADMISSION_NOTICE_DAYS of the server (default 7). */
    admissionNoticeDays?: number;
  } = {},
): Promise<TestPlatform> {
  const database = connectDatabase(inject('databaseUrl'), { max: 5 });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  // Interceptors as bin/server.ts has them: correlation id and trace context to the workflows.
  const client = new Client({
    connection,
    namespace: 'default',
    dataConverter: testClientDataConverter,
    interceptors: clientInterceptors(),
  });
  const taskQueue = `test-${randomUUID()}`;
  const appUrl = options.appUrl ?? 'http://localhost:3000';
  const pscClient = { clientId: 'parcours-tests', clientSecret: randomToken() };
  const psc = options.psc
    ? await startLocalPsc({ port: await freePort(), ...pscClient, redirectUris: [pscRedirectUri(appUrl)] })
    : undefined;
  const metrics = options.metrics ? createServerMetrics({ db: database.db }) : undefined;
  const app = createServerApp({
    metrics,
    db: database.db,
    temporal: client,
    taskQueue,
    searchAttributes: true,
    devMailbox: true,
    // Each auth scenario gives its own address (X-Forwarded-For): per-IP limits stay per test.
    auth: { trustProxy: true },
    appUrl,
    ...(psc ? { psc: { issuer: psc.issuer, ...pscClient } } : {}),
    temporalCodec: { uiOrigin: options.temporalUiOrigin },
    clock: options.clock,
    admissionNoticeDays: options.admissionNoticeDays,
  });
  const workers: Worker[] = [];
  const cookieOf = sessionJar(database.db);
  const nativeConnections: NativeConnection[] = [];

  return {
    db: database.db,
    client,
    taskQueue,
    appUrl,
    app,
    metrics,
    psc,
    async startWorker(workerOptions = {}) {
      const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
      nativeConnections.push(nativeConnection);
      const worker = await createReferralWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        db: database.db,
        appUrl,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        payloadKeys: testPayloadKeys,
        ...workerOptions,
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
      if (as) headers.cookie = await cookieOf(as);
      if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
      const response = await app.request(
        path,
        {
          method,
          headers,
          ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
        },
        localClient,
      );
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    cookieOf,
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
      await psc?.stop();
    },
  };
}

async function waitStopped(worker: Worker): Promise<void> {
  while (worker.getState() !== 'STOPPED' && worker.getState() !== 'FAILED') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The whole platform on a real port, with a worker and the Pro Santé Connect stand-in: for browser tests. */
export async function startTestPlatform(): Promise<{
  baseUrl: string;
  db: Database;
  psc: LocalPsc | undefined;
  /** Opens a real session of `userId` in a browser context, then shows `home`. */
  signIn: (page: Page, userId: string, home: string) => Promise<void>;
  /** What a story needs before its pages: the API as a user, a seeded facility's id. */
  api: TestPlatform['api'];
  facilityId: TestPlatform['facilityId'];
  stop: () => Promise<void>;
}> {
  // The app knows its own address (links in e-mails, PSC's return address, WebAuthn origin): the port is chosen first.
  const port = await freePort();
  const platform = await createTestPlatform({ psc: true, appUrl: `http://localhost:${port}` });
  const worker = await platform.startWorker();
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: platform.app.fetch, hostname: '127.0.0.1', port }, () => resolve(started));
  });
  const baseUrl = `http://localhost:${port}`;
  return {
    baseUrl,
    db: platform.db,
    async signIn(page, userId, home) {
      const { token } = await signIn(platform.db, userId);
      await page
        .context()
        .addCookies([{ name: sessionCookie, value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
      await page.goto(`${baseUrl}${home}`);
    },
    psc: platform.psc,
    api: platform.api,
    facilityId: platform.facilityId,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await worker.stop();
      await platform.close();
    },
  };
}
