import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { Hono } from 'hono';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeGracefully } from '../../app/graceful-close.ts';
import { freePort } from '../../app/ports.ts';
import { createServerApp } from '../../app/server-app.ts';
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { loginCodeMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';
import { type ProviderStub, startProviderStub, stubKeys } from '../support/provider-stub.ts';
import { waitFor } from '../support/wait-for.ts';

interface ReadyBody {
  status: string;
  code?: string;
  message?: string;
  checks: Record<string, string>;
}

let connection: Connection;
let client: Client;
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: 'default' });
});
afterAll(async () => {
  await connection?.close();
});

function serverApp(db: DatabaseConnection['db'], temporal: Client = client) {
  return createServerApp({
    db,
    temporal,
    taskQueue: `health-${randomUUID()}`,
    searchAttributes: true,
    devMailbox: false,
    appUrl: 'http://localhost:3000',
  });
}

async function probe(app: ReturnType<typeof serverApp>, path: '/readyz' | '/healthz') {
  const response = await app.request(path);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

describe('the server’s readiness', () => {
  let workDir: string;
  let pgPort: number;
  let database: EmbeddedDatabase | undefined;
  let connectionToPg: DatabaseConnection;

  // A PostgreSQL of this file's own: the test stops it, which the shared one must never be.
  const startPg = async () => {
    database = await startEmbeddedPostgres({
      dataDir: join(workDir, 'pg'),
      port: pgPort,
      database: 'parcours_health',
      persistent: true,
    });
    return database;
  };
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'parcours-health-'));
    // PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
    await chmod(workDir, 0o755);
    pgPort = await freePort();
    const started = await startPg();
    await migrateDatabase(started.url);
    connectionToPg = connectDatabase(started.url, { max: 2 });
  });
  afterAll(async () => {
    await connectionToPg?.close();
    await database?.stop().catch(() => {});
    await rm(workDir, { recursive: true, force: true });
  });

  it('answers 200 when PostgreSQL, its migrations and Temporal are there; 503 naming PostgreSQL while it is stopped; 200 again after', async () => {
    const app = serverApp(connectionToPg.db);
    const ready = await probe(app, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { postgres: 'ok', migrations: 'ok', temporal: 'ok' } });

    await database?.stop();
    database = undefined;
    const down = await app.request('/readyz');
    const downText = await down.text();
    expect(down.status).toBe(503);
    const body = JSON.parse(downText) as ReadyBody;
    expect(body.code).toBe('service.not_ready');
    expect(body.checks).toEqual({ postgres: 'failed', migrations: 'skipped', temporal: 'ok' });
    expect(body.message).toContain('la base PostgreSQL ne répond pas');
    // Nothing an attacker could use: no address, port, user or password of the database.
    expect(downText).not.toContain(String(pgPort));
    expect(downText).not.toContain('parcours-local');
    expect(downText).not.toMatch(/postgres:\/\/|127\.0\.0\.1|ECONNREFUSED/);
    // Alive all the same: an orchestrator must not restart a process whose database is away.
    expect((await probe(app, '/healthz')).body).toEqual({ status: 'alive' });

    await startPg();
    const back = await waitFor('readiness once PostgreSQL is back', async () => {
      const again = await probe(app, '/readyz');
      return again.status === 200 ? again : undefined;
    });
    expect(back.body.checks.postgres).toBe('ok');
  });

  it('answers 503 naming the migrations on a database that lacks them', async () => {
    const name = `parcours_unmigrated_${randomUUID().slice(0, 8)}`;
    const baseUrl = inject('databaseUrl');
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const unmigrated = connectDatabase(url.toString(), { max: 1 });
    try {
      const result = await probe(serverApp(unmigrated.db), '/readyz');
      expect(result.status).toBe(503);
      expect(result.body.checks).toEqual({ postgres: 'ok', migrations: 'failed', temporal: 'ok' });
      expect(result.body.message).toContain('npm run migrate');
    } finally {
      await unmigrated.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('answers 503 naming Temporal when it is unreachable or lacks the namespace', async () => {
    const unreachable = await Connection.connect({
      address: `127.0.0.1:${await freePort()}`,
      connectTimeout: 500,
    }).catch(() => undefined);
    expect(unreachable).toBeUndefined();
    // No retry interceptor: none of its retries may still be pending when the connection closes.
    const lazy = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
    const away = await probe(serverApp(connectionToPg.db, new Client({ connection: lazy })), '/readyz');
    expect(away.status).toBe(503);
    expect(away.body.checks.temporal).toBe('failed');
    expect(away.body.message).toContain('le serveur Temporal est injoignable');
    await lazy.close();

    const wrongNamespace = new Client({ connection, namespace: 'absent-namespace' });
    const absent = await probe(serverApp(connectionToPg.db, wrongNamespace), '/readyz');
    expect(absent.status).toBe(503);
    expect(absent.body.checks).toEqual({ postgres: 'ok', migrations: 'ok', temporal: 'failed' });
  });
});

describe('the server’s graceful close', () => {
  async function slowServer() {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived = () => {};
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const app = new Hono();
    app.get('/slow', async (c) => {
      arrived();
      await released;
      return c.text('fini');
    });
    app.get('/fast', (c) => c.text('ok'));
    const server: Server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { server, base, release, arrival };
  }

  it('refuses new connections at once, lets the request in flight end, then closes', async () => {
    const { server, base, release, arrival } = await slowServer();
    // A keep-alive connection left idle by an earlier request does not hold the close either.
    expect(await (await fetch(`${base}/fast`)).text()).toBe('ok');
    const inFlight = fetch(`${base}/slow`);
    await arrival;
    const closing = closeGracefully(server, 30_000);
    await expect(fetch(`${base}/fast`)).rejects.toThrow();
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('fini');
    expect(await closing).toBe('drained');
  });

  it('cuts a request still running after the bound', async () => {
    const { server, base, arrival, release } = await slowServer();
    const inFlight = fetch(`${base}/slow`).then(
      () => 'answered',
      () => 'cut',
    );
    await arrival;
    expect(await closeGracefully(server, 300)).toBe('forced');
    expect(await inFlight).toBe('cut');
    release();
  });
});

describe('the processes on SIGTERM', () => {
  let stub: ProviderStub;
  let outbox: postgres.Sql;
  beforeAll(async () => {
    stub = await startProviderStub();
    outbox = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await stub?.close();
    await outbox?.end();
  });

  function start(script: 'bin/server.ts' | 'bin/worker.ts', env: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        PARCOURS_DAILY_DIGEST: 'false',
        PARCOURS_RETENTION_SCHEDULE: 'false',
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return child;
  }
  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
  const readyz = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as ReadyBody };
  };

  it('the worker reports ready on its health port, then drains: the delivery in progress ends before it exits', async () => {
    const healthPort = await freePort();
    const taskQueue = `health-worker-${randomUUID()}`;
    const worker = start('bin/worker.ts', {
      TEMPORAL_TASK_QUEUE: taskQueue,
      PARCOURS_WORKER_HEALTH_PORT: String(healthPort),
      RESEND_API_KEY: stubKeys.resend,
      RESEND_BASE_URL: stub.url,
      PARCOURS_MAIL_FROM: 'Parcours <notifications@parcours.example>',
    });
    const exited = exitOf(worker);
    try {
      const ready = await waitFor(
        'the worker’s readiness',
        async () => {
          const result = await readyz(healthPort);
          return result.status === 200 ? result : undefined;
        },
        90_000,
      );
      expect(ready.body.checks).toEqual({ postgres: 'ok', migrations: 'ok', temporal: 'ok', worker: 'ok' });

      const to = `drain-${randomUUID()}@example.fr`;
      const held = stub.hold(to);
      const result = sendMessages(client, {
        taskQueue,
        key: `health-drain/${randomUUID()}`,
        messages: [
          loginCodeMessage({
            recipient: { type: 'address', email: to },
            code: '314159',
            validForMinutes: 10,
            expiresAt: new Date(Date.now() + 10 * 60_000),
          }),
        ],
        wait: true,
      });
      await held.arrived;
      worker.kill('SIGTERM');
      const draining = await waitFor('readiness 503 while draining', async () => {
        const during = await readyz(healthPort);
        return during.status === 503 ? during : undefined;
      });
      expect(draining.body.checks).toEqual({ shutdown: 'failed' });
      expect(worker.exitCode).toBeNull();
      held.release();
      expect(await exited).toBe(0);
      expect(stub.deliveriesTo(to)).toHaveLength(1);
      // The activity ended and recorded it before the process left: the outbox row says sent.
      const [row] = await outbox`select status, sent_at from outbox_messages where recipient_address = ${to}`;
      expect(row?.status).toBe('sent');
      expect(row?.sent_at).not.toBeNull();
      // The workflow itself completes with the next worker on that queue; none comes here.
      void result.catch(() => {});
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
  }, 150_000);

  it('the server reports ready, then exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = start('bin/server.ts', { PORT: String(port) });
    const exited = exitOf(server);
    try {
      await waitFor(
        'the server’s readiness',
        async () => ((await readyz(port)).status === 200 ? true : undefined),
        60_000,
      );
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  }, 90_000);
});
