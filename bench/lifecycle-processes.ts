import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Hono } from 'hono';
import postgres from 'postgres';
import type { BareActivities } from './bare-lifecycle-workflow.ts';

/**
 * The two yardsticks of bench/lifecycle.ts, each in a process of its own like the platform's
 * server and worker, so that CPU time is read per process:
 *   tsx bench/lifecycle-processes.ts bare-worker        (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE)
 *   tsx bench/lifecycle-processes.ts minimal-endpoint   (DATABASE_URL, PORT)
 * Each prints "ready" on stdout once it serves.
 */

const mode = process.argv[2];

if (mode === 'bare-worker') {
  const noop = async () => {};
  const activities: BareActivities = { project: noop, enqueue: noop, deliver: noop };
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: required('TEMPORAL_NAMESPACE'),
    taskQueue: required('TASK_QUEUE'),
    workflowsPath: fileURLToPath(new URL('./bare-lifecycle-workflow.ts', import.meta.url)),
    activities,
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  console.log('ready');
  await running;
  await connection.close();
} else if (mode === 'minimal-endpoint') {
  // A 20-line Hono + PostgreSQL INSERT: what one HTTP write costs on this machine, nothing else.
  const sql = postgres(required('DATABASE_URL'), { max: 10, onnotice: () => {} });
  await sql`create table if not exists bench_minimal (id bigserial primary key, body jsonb not null, at timestamptz not null default now())`;
  const app = new Hono();
  app.post('/write', async (c) => {
    const body = await c.req.json();
    const [row] = await sql`insert into bench_minimal (body) values (${sql.json(body)}) returning id`;
    return c.json({ id: String(row?.id) }, 201);
  });
  const server = serve({ fetch: app.fetch, port: Number(required('PORT')), hostname: '127.0.0.1' }, () =>
    console.log('ready'),
  );
  process.once('SIGTERM', () => {
    server.close();
    void sql.end().then(() => process.exit(0));
  });
} else {
  console.error('usage: tsx bench/lifecycle-processes.ts bare-worker|minimal-endpoint');
  process.exit(2);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
