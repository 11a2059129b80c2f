import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { ReferralDetail } from '../api/referrals/views.ts';
import { formatPayloadKey, newPayloadKey, type PayloadKey } from '../app/payload-codec.ts';
import { freePort, freeSmallPort } from '../app/ports.ts';
import { startTemporalOnPostgres } from '../app/temporal-postgres.ts';
import { temporalCliPath, temporalDevServerArgs } from '../app/temporal-tools.ts';
import { connectDatabase } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { shiftDay, todayInParis } from '../domain/calendar/days.ts';
import { referralWorkflowId } from '../domain/referral/state.ts';
import { completeDossier } from '../test/support/dossiers.ts';
import { sessionJar } from '../test/support/sessions.ts';
import type { BareStep } from './bare-lifecycle-workflow.ts';
import { createParticipants, tag } from './faults.ts';
import { parseWorkerEnv, workerEnvArgument } from './worker-env.ts';

/**
 * The lifecycle benchmark (issue 17): the real lifecycle through the HTTP API — create and send to
 * 5 EHPADs → 1 acceptance + 4 refusals → the requester chooses → the facility confirms the
 * admission — against a bare workflow of the same shape driven by a plain Temporal client
 * (bench/bare-lifecycle-workflow.ts: same Updates, same activities, empty), alternated in one run,
 * at each concurrency, on each backend: the Temporal dev server as `npm start` runs it (SQLite file,
 * WAL) and the real Temporal server on PostgreSQL (bin/temporal-server.sh). Also a minimal Hono +
 * PostgreSQL INSERT at the same concurrency, CPU time per process, and the actions of one lifecycle
 * read from histories. Loopback only; writes bench/results/lifecycle.{json,md}.
 *
 * `npm run bench -- lifecycle [--lifecycles 40] [--concurrency 10,30] [--repetitions 3] [--backends dev,postgres] [--worker-env 'NAME=value;…']`
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = new URL('./results/', import.meta.url);
const facilitiesPerCase = 5;
const facilityCount = 10;
const clockTicks = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU time in 1/100 s.

export type Backend = 'dev' | 'postgres';
type Mode = 'real' | 'bare';
type CommandName = 'create' | 'accept' | 'refuse' | 'choose' | 'confirm';

interface Options {
  lifecycles: number;
  concurrency: number[];
  repetitions: number;
  backends: Backend[];
  /** The real worker's environment under study (bench/worker-env.ts); the bare one keeps its own. */
  workerEnv: Record<string, string>;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'lifecycle'),
    options: {
      lifecycles: { type: 'string', default: '40' },
      concurrency: { type: 'string', default: '10,30' },
      repetitions: { type: 'string', default: '3' },
      backends: { type: 'string', default: 'dev,postgres' },
      'worker-env': { type: 'string' },
    },
    allowPositionals: true,
    strict: false,
  });
  const backends = String(values.backends)
    .split(',')
    .filter((name): name is Backend => name === 'dev' || name === 'postgres');
  return {
    lifecycles: Number(values.lifecycles),
    concurrency: String(values.concurrency).split(',').map(Number),
    repetitions: Number(values.repetitions),
    backends,
    workerEnv: parseWorkerEnv(values['worker-env']),
  };
}

/** One child process of the platform, stopped with SIGTERM (SIGKILL after 15 s). */
interface Child {
  process: ChildProcess;
  stop: () => Promise<void>;
}

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Child {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', log, log] });
  closeSync(log);
  return {
    process: child,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
}

/** CPU seconds of a process (user + system), 0 once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL process on the machine (the platform's and Temporal's). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while we read.
    }
  }
  return total;
}

function logLines(file: string): number {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /error/i.test(line)).length;
  } catch {
    return 0;
  }
}

export interface Environment {
  backend: Backend;
  baseUrl: string;
  appUrl: string;
  minimalUrl: string;
  client: Client;
  taskQueues: Record<Mode, string>;
  pids: {
    temporal: number | undefined;
    server: number | undefined;
    realWorker: number | undefined;
    bareWorker: number | undefined;
    minimal: number | undefined;
  };
  temporalLog: string;
  /** The read model's database and the payload codec's key the platform runs with (to read results, decode states). */
  databaseUrl: string;
  payloadKeys: PayloadKey[];
  cookieOf: (userId: string) => Promise<string>;
  people: Awaited<ReturnType<typeof createParticipants>>;
  stop: () => Promise<void>;
}

export async function startEnvironment(
  backend: Backend,
  dir: string,
  workerEnv: NodeJS.ProcessEnv = {},
): Promise<Environment> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };
  try {
    const database = await startEmbeddedPostgres({
      dataDir: join(dir, 'pg'),
      port: await freePort(),
      database: 'parcours_lifecycle',
      persistent: false,
    });
    stops.push(() => database.stop());
    await migrateDatabase(database.url);
    const connection = connectDatabase(database.url, { max: 4 });
    stops.push(() => connection.close());
    const people = await createParticipants(connection.db, facilityCount);

    const namespace = 'default';
    let temporalAddress: string;
    let temporalPid: number | undefined;
    let temporalLog: string;
    if (backend === 'dev') {
      const port = await freeSmallPort();
      temporalAddress = `127.0.0.1:${port}`;
      temporalLog = join(dir, 'temporal.log');
      const server = startChild(
        temporalCliPath(),
        temporalDevServerArgs({ dbFilename: join(dir, 'temporal.db'), port, namespace }),
        process.env,
        temporalLog,
      );
      stops.push(server.stop);
      temporalPid = server.process.pid;
      await until(
        'Temporal',
        async () => {
          const probe = await Connection.connect({ address: temporalAddress, connectTimeout: 1000 });
          try {
            await probe.workflowService.describeNamespace({ namespace });
            return true;
          } finally {
            await probe.close();
          }
        },
        120_000,
      );
    } else {
      const server = await startTemporalOnPostgres({ workDir: join(dir, 'temporal-postgres'), namespace });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalPid = server.pid;
      temporalLog = server.logFile;
    }

    const payloadKey = newPayloadKey('lifecycle-1');
    const ports = { server: await freePort(), workerHealth: await freePort(), minimal: await freePort() };
    const appUrl = `http://localhost:${ports.server}`;
    const baseUrl = `http://127.0.0.1:${ports.server}`;
    const taskQueues: Record<Mode, string> = { real: 'parcours-lifecycle', bare: 'parcours-lifecycle-bare' };
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(RESEND_|BREVO_|PSC_|TEMPORAL_|DATABASE_URL$|PORT$)/.test(name),
      ),
    );
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueues.real,
      HOST: '127.0.0.1',
      PORT: String(ports.server),
      PARCOURS_APP_URL: appUrl,
      PARCOURS_WORKER_HEALTH_PORT: String(ports.workerHealth),
      PARCOURS_DAILY_DIGEST: 'false',
      PARCOURS_PAYLOAD_KEYS: formatPayloadKey(payloadKey),
    };
    const node = (script: string, ...args: string[]) => ['--import', 'tsx', script, ...args];
    const worker = startChild(
      process.execPath,
      node('bin/worker.ts'),
      { ...env, ...workerEnv },
      join(dir, 'worker.log'),
    );
    stops.push(worker.stop);
    const server = startChild(process.execPath, node('bin/server.ts'), env, join(dir, 'server.log'));
    stops.push(server.stop);
    const bareWorker = startChild(
      process.execPath,
      node('bench/lifecycle-processes.ts', 'bare-worker'),
      { ...env, TASK_QUEUE: taskQueues.bare },
      join(dir, 'bare-worker.log'),
    );
    stops.push(bareWorker.stop);
    const minimal = startChild(
      process.execPath,
      node('bench/lifecycle-processes.ts', 'minimal-endpoint'),
      { ...env, PORT: String(ports.minimal) },
      join(dir, 'minimal.log'),
    );
    stops.push(minimal.stop);
    const httpReady = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
    await until('server', httpReady(`${baseUrl}/readyz`), 300_000);
    await until('worker', httpReady(`http://127.0.0.1:${ports.workerHealth}/readyz`), 300_000);
    await until(
      'bare worker',
      async () => readFileSync(join(dir, 'bare-worker.log'), 'utf8').includes('ready'),
      300_000,
    );
    const minimalUrl = `http://127.0.0.1:${ports.minimal}`;
    await until(
      'minimal endpoint',
      async () => readFileSync(join(dir, 'minimal.log'), 'utf8').includes('ready'),
      60_000,
    );

    const clientConnection = await Connection.connect({ address: temporalAddress });
    stops.push(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace });
    return {
      backend,
      baseUrl,
      appUrl,
      minimalUrl,
      client,
      taskQueues,
      pids: {
        temporal: temporalPid,
        server: server.process.pid,
        realWorker: worker.process.pid,
        bareWorker: bareWorker.process.pid,
        minimal: minimal.process.pid,
      },
      temporalLog,
      databaseUrl: database.url,
      payloadKeys: [payloadKey],
      cookieOf: sessionJar(connection.db),
      people,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What one run of N lifecycles at concurrency C measured. */
interface RunFigures {
  mode: Mode;
  concurrency: number;
  lifecycles: number;
  failed: number;
  seconds: number;
  perSecond: number;
  /** Milliseconds per command, by command (the bare run has one kind: its Updates). */
  latencies: Partial<Record<CommandName | 'update', { p50: number; p95: number; count: number }>>;
  /** CPU ms per lifecycle, by process. */
  cpuMsPerLifecycle: { worker: number; temporal: number; postgres: number; server: number; total: number };
  temporalErrorLines: number;
  workflowIds: string[];
}

let patientIndex = 0;

/** A POST as one of the participants; throws on anything but 2xx. */
export async function postAs(env: Environment, path: string, as: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { cookie: await env.cookieOf(as), origin: env.appUrl };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${env.baseUrl}/api${path}`, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Creates and sends one EHPAD request to 5 facilities (rotating over the participants'). */
export async function createCase(
  env: Environment,
  post: (path: string, as: string, body?: unknown) => Promise<unknown> = (path, as, body) =>
    postAs(env, path, as, body),
): Promise<{ created: ReferralDetail; facilityIds: string[] }> {
  const index = patientIndex++;
  const first = (index * facilitiesPerCase) % facilityCount;
  const facilityIds = Array.from(
    { length: facilitiesPerCase },
    (_, offset) => env.people.facilityIds[(first + offset) % facilityCount] as string,
  );
  const created = (await post('/referrals', env.people.physician, {
    kind: 'ehpad',
    patient: {
      lastName: `Banc-${tag(index)}`,
      firstName: 'Jeanne',
      birthDate: `19${30 + (index % 15)}-0${1 + (index % 9)}-1${index % 10}`,
      sex: 'female',
      departement: '69',
    },
    dossier: completeDossier('ehpad'),
    facilityIds,
  })) as ReferralDetail;
  return { created, facilityIds };
}

async function runReal(env: Environment, lifecycles: number, concurrency: number): Promise<RunFigures> {
  const latencies: Record<CommandName, number[]> = { create: [], accept: [], refuse: [], choose: [], confirm: [] };
  const today = todayInParis();
  const timed = (what: CommandName) => async (path: string, as: string, body?: unknown) => {
    const started = performance.now();
    try {
      return await postAs(env, path, as, body);
    } finally {
      latencies[what].push(performance.now() - started);
    }
  };
  const post = (what: CommandName, path: string, as: string, body?: unknown) => timed(what)(path, as, body);
  const workflowIds: string[] = [];
  const one = async () => {
    const { created, facilityIds } = await createCase(env, timed('create'));
    const memberOf = (facilityId: string) => env.people.members[env.people.facilityIds.indexOf(facilityId)] as string;
    workflowIds.push(referralWorkflowId(created.id));
    const taskOf = (facilityId: string) => created.tasks.find((task) => task.facility.id === facilityId)?.id as string;
    const accepting = facilityIds[0] as string;
    await Promise.all(
      facilityIds.map((facilityId) =>
        facilityId === accepting
          ? post('accept', `/referrals/${created.id}/tasks/${taskOf(facilityId)}/accept`, memberOf(facilityId), {
              proposedEntryDate: shiftDay(today, 5),
            })
          : post('refuse', `/referrals/${created.id}/tasks/${taskOf(facilityId)}/refuse`, memberOf(facilityId), {
              reasonCode: 'no_place',
            }),
      ),
    );
    await post('choose', `/referrals/${created.id}/choose`, env.people.physician, { taskId: taskOf(accepting) });
    await post('confirm', `/referrals/${created.id}/tasks/${taskOf(accepting)}/confirm-admission`, memberOf(accepting));
  };
  const measured = await measure(env, 'real', lifecycles, concurrency, one);
  return {
    ...measured,
    latencies: Object.fromEntries(Object.entries(latencies).map(([name, values]) => [name, percentiles(values)])),
    workflowIds,
  };
}

let bareIndex = 0;

async function runBare(env: Environment, lifecycles: number, concurrency: number): Promise<RunFigures> {
  const updates: number[] = [];
  const workflowIds: string[] = [];
  const step = async <T>(call: () => Promise<T>) => {
    const started = performance.now();
    const result = await call();
    updates.push(performance.now() - started);
    return result;
  };
  const one = async () => {
    const workflowId = `bare/${env.backend}/${Date.now()}-${bareIndex++}`;
    workflowIds.push(workflowId);
    const bareStep = 'bareStep';
    const args = (deliveries: number, last?: boolean): [BareStep] => [{ deliveries, ...(last ? { last } : {}) }];
    await step(() =>
      env.client.workflow.executeUpdateWithStart(bareStep, {
        args: args(facilitiesPerCase),
        startWorkflowOperation: new WithStartWorkflowOperation('bareLifecycle', {
          workflowId,
          taskQueue: env.taskQueues.bare,
          workflowIdConflictPolicy: 'FAIL',
        }),
      }),
    );
    const handle = env.client.workflow.getHandle(workflowId);
    await Promise.all(
      Array.from({ length: facilitiesPerCase }, () => step(() => handle.executeUpdate(bareStep, { args: args(1) }))),
    );
    await step(() => handle.executeUpdate(bareStep, { args: args(1) }));
    await step(() => handle.executeUpdate(bareStep, { args: args(0, true) }));
  };
  const measured = await measure(env, 'bare', lifecycles, concurrency, one);
  return { ...measured, latencies: { update: percentiles(updates) }, workflowIds };
}

async function measure(
  env: Environment,
  mode: Mode,
  lifecycles: number,
  concurrency: number,
  one: () => Promise<void>,
): Promise<Omit<RunFigures, 'latencies' | 'workflowIds'>> {
  const worker = mode === 'real' ? env.pids.realWorker : env.pids.bareWorker;
  const before = {
    worker: cpuSeconds(worker),
    temporal: cpuSeconds(env.pids.temporal),
    postgres: postgresCpuSeconds(),
    server: cpuSeconds(env.pids.server),
    errors: logLines(env.temporalLog),
  };
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < lifecycles) {
        next++;
        await one().catch((error: unknown) => {
          failed++;
          if (failed <= 3) console.error(`  ${mode}: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const perLifecycle = (value: number) => Math.round((value * 1000) / lifecycles);
  const cpu = {
    worker: perLifecycle(cpuSeconds(worker) - before.worker),
    temporal: perLifecycle(cpuSeconds(env.pids.temporal) - before.temporal),
    postgres: perLifecycle(postgresCpuSeconds() - before.postgres),
    server: mode === 'real' ? perLifecycle(cpuSeconds(env.pids.server) - before.server) : 0,
  };
  return {
    mode,
    concurrency,
    lifecycles,
    failed,
    seconds: round(seconds),
    perSecond: round((lifecycles - failed) / seconds),
    cpuMsPerLifecycle: { ...cpu, total: cpu.worker + cpu.temporal + cpu.postgres + cpu.server },
    temporalErrorLines: logLines(env.temporalLog) - before.errors,
  };
}

/** The 20-line Hono + PostgreSQL INSERT, as many requests as a run's commands, at the same concurrency. */
async function runMinimal(env: Environment, requests: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const started = performance.now();
        const response = await fetch(`${env.minimalUrl}/write`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ facility: next % facilityCount, status: 'accepted' }),
        });
        await response.text();
        latencies.push(performance.now() - started);
      }
    }),
  );
  return percentiles(latencies);
}

/** Counts of one lifecycle's history: what Temporal had to store and dispatch for it. */
async function actionsOf(client: Client, workflowIds: string[]) {
  const { temporal } = proto;
  const E = temporal.api.enums.v1.EventType;
  const counts = { events: 0, workflowTasks: 0, activities: 0, updates: 0, timers: 0, historyBytes: 0 };
  const sample = workflowIds.slice(0, 3);
  for (const workflowId of sample) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    counts.events += events.length;
    counts.historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
    for (const event of events) {
      if (event.eventType === E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) counts.workflowTasks++;
      if (event.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) counts.activities++;
      if (event.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) counts.updates++;
      if (event.eventType === E.EVENT_TYPE_TIMER_STARTED) counts.timers++;
    }
  }
  return Object.fromEntries(
    Object.entries(counts).map(([name, value]) => [name, sample.length ? round(value / sample.length) : 0]),
  ) as typeof counts;
}

interface BackendFigures {
  backend: Backend;
  startSeconds: number;
  perConcurrency: {
    concurrency: number;
    runs: { real: RunFigures; bare: RunFigures; minimal: ReturnType<typeof percentiles> }[];
  }[];
  actions: { real: Awaited<ReturnType<typeof actionsOf>>; bare: Awaited<ReturnType<typeof actionsOf>> };
}

export async function runLifecycleBench(argv: string[] = []): Promise<void> {
  const options = readOptions(argv);
  const root = join(process.env.PARCOURS_DATA_DIR ?? '.data', 'bench-lifecycle');
  const figures: BackendFigures[] = [];
  console.log(
    `Banc des parcours : ${options.lifecycles} parcours par mesure, concurrence ${options.concurrency.join(' et ')}, ${options.repetitions} répétitions, moteurs ${options.backends.join(', ')}.`,
  );
  for (const backend of options.backends) {
    const started = Date.now();
    const env = await startEnvironment(backend, join(root, backend), options.workerEnv);
    try {
      const startSeconds = round((Date.now() - started) / 1000);
      console.log(`${backend} : plateforme prête en ${startSeconds} s.`);
      // Warm-up: bundles, caches and JIT, not measured.
      await runReal(env, 4, 2);
      await runBare(env, 4, 2);
      const perConcurrency: BackendFigures['perConcurrency'] = [];
      let lastReal: string[] = [];
      let lastBare: string[] = [];
      for (const concurrency of options.concurrency) {
        const runs: BackendFigures['perConcurrency'][number]['runs'] = [];
        for (let repetition = 1; repetition <= options.repetitions; repetition++) {
          // Alternated, the order flipped each time, so a drift of the machine weighs on both.
          const realFirst = repetition % 2 === 1;
          const first = realFirst
            ? await runReal(env, options.lifecycles, concurrency)
            : await runBare(env, options.lifecycles, concurrency);
          const second = realFirst
            ? await runBare(env, options.lifecycles, concurrency)
            : await runReal(env, options.lifecycles, concurrency);
          const [real, bare] = (realFirst ? [first, second] : [second, first]) as [RunFigures, RunFigures];
          const minimal = await runMinimal(env, options.lifecycles * 8, concurrency);
          runs.push({ real, bare, minimal });
          lastReal = real.workflowIds;
          lastBare = bare.workflowIds;
          console.log(
            `${backend} C=${concurrency} #${repetition} : réel ${real.perSecond}/s, nu ${bare.perSecond}/s (rapport ${round(real.perSecond / bare.perSecond)}), acceptation p95 ${real.latencies.accept?.p95} ms, mise à jour nue p95 ${bare.latencies.update?.p95} ms, INSERT minimal p95 ${minimal.p95} ms.`,
          );
        }
        perConcurrency.push({ concurrency, runs });
      }
      const actions = { real: await actionsOf(env.client, lastReal), bare: await actionsOf(env.client, lastBare) };
      figures.push({ backend, startSeconds, perConcurrency, actions });
    } finally {
      await env.stop();
    }
  }
  await writeResults(options, figures);
}

async function writeResults(options: Options, figures: BackendFigures[]): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const versions = `Temporal CLI ${temporalCliVersion()}, Temporal server ${serverVersion()}`;
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    new URL('lifecycle.json', resultsDir),
    `${JSON.stringify({ date, machine, versions, options, figures }, null, 2)}\n`,
  );
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return sorted.length > 1 ? `${median} (${sorted[0]}–${sorted[sorted.length - 1]})` : String(median);
  };
  const lines = [
    '# Lifecycle benchmark: the real referral against a bare workflow of the same shape',
    '',
    `${date}, ${machine}; ${versions}. \`npm run bench -- lifecycle --lifecycles ${options.lifecycles} --concurrency ${options.concurrency.join(',')} --repetitions ${options.repetitions} --backends ${options.backends.join(',')}${workerEnvArgument(options.workerEnv)}\`.`,
    '',
    'A lifecycle: create and send to 5 EHPADs → 1 acceptance + 4 refusals → choose → confirm admission, through the',
    'HTTP API (server and worker as separate processes, payload codec on). The bare one: the same 8 Updates, 9',
    'projections, 8 enqueues and 11 deliveries as empty activities, driven by a plain client (no codec). Real and bare',
    'alternate in each repetition (order flipped each time); each figure is the median (min–max) over the repetitions.',
    'Latencies in ms; CPU in ms per lifecycle, read from /proc for each process (PostgreSQL: every postgres process).',
    '',
  ];
  for (const backend of figures) {
    lines.push(
      `## ${backend.backend === 'dev' ? 'Temporal dev server (SQLite file, WAL), as `npm start`' : 'Temporal server on PostgreSQL (bin/temporal-server.sh)'}`,
      '',
      '| C | real /s | bare /s | real / bare | accept p50 / p95 | bare Update p50 / p95 | minimal INSERT p50 / p95 | CPU real (worker+temporal+pg+server) | CPU bare | Temporal error lines real / bare | failed |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const { concurrency, runs } of backend.perConcurrency) {
      const pick = (f: (run: (typeof runs)[number]) => number) => spread(runs.map(f));
      lines.push(
        `| ${concurrency} | ${pick((r) => r.real.perSecond)} | ${pick((r) => r.bare.perSecond)} | ${pick((r) => round(r.real.perSecond / r.bare.perSecond))} | ${pick((r) => r.real.latencies.accept?.p50 ?? 0)} / ${pick((r) => r.real.latencies.accept?.p95 ?? 0)} | ${pick((r) => r.bare.latencies.update?.p50 ?? 0)} / ${pick((r) => r.bare.latencies.update?.p95 ?? 0)} | ${pick((r) => r.minimal.p50)} / ${pick((r) => r.minimal.p95)} | ${pick((r) => r.real.cpuMsPerLifecycle.total)} (${pick((r) => r.real.cpuMsPerLifecycle.worker)}+${pick((r) => r.real.cpuMsPerLifecycle.temporal)}+${pick((r) => r.real.cpuMsPerLifecycle.postgres)}+${pick((r) => r.real.cpuMsPerLifecycle.server)}) | ${pick((r) => r.bare.cpuMsPerLifecycle.total)} | ${pick((r) => r.real.temporalErrorLines)} / ${pick((r) => r.bare.temporalErrorLines)} | ${pick((r) => r.real.failed + r.bare.failed)} |`,
      );
    }
    lines.push('', 'Real command latencies (p50 / p95, ms, median over repetitions):', '');
    lines.push('| C | create | accept | refuse | choose | confirm |', '| --- | --- | --- | --- | --- | --- |');
    for (const { concurrency, runs } of backend.perConcurrency) {
      const cell = (name: CommandName) =>
        `${spread(runs.map((r) => r.real.latencies[name]?.p50 ?? 0))} / ${spread(runs.map((r) => r.real.latencies[name]?.p95 ?? 0))}`;
      lines.push(
        `| ${concurrency} | ${cell('create')} | ${cell('accept')} | ${cell('refuse')} | ${cell('choose')} | ${cell('confirm')} |`,
      );
    }
    const a = backend.actions;
    lines.push(
      '',
      `Actions per lifecycle (mean of 3 histories): real ${a.real.workflowTasks} workflow tasks, ${a.real.activities} activities, ${a.real.updates} Updates, ${a.real.timers} timers, ${a.real.events} events, ${a.real.historyBytes} history bytes; bare ${a.bare.workflowTasks} workflow tasks, ${a.bare.activities} activities, ${a.bare.updates} Updates, ${a.bare.timers} timers, ${a.bare.events} events, ${a.bare.historyBytes} bytes. Platform start: ${backend.startSeconds} s.`,
      '',
    );
  }
  await writeFile(new URL('lifecycle.md', resultsDir), `${lines.join('\n')}\n`);
  console.log(`Résultats : bench/results/lifecycle.md`);
}

function temporalCliVersion(): string {
  try {
    return execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).trim().split('\n')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function serverVersion(): string {
  try {
    const dir = join(
      process.env.PARCOURS_CACHE_DIR ?? join(process.env.HOME ?? '/root', '.cache/parcours'),
      'temporal-server',
    );
    return (
      readdirSync(dir)
        .filter((name) => /^v\d/.test(name) && !name.endsWith('.building'))
        .join(', ') || 'not built'
    );
  } catch {
    return 'not built';
  }
}

export function percentiles(values: number[]): { p50: number; p95: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p95: at(0.95), count: sorted.length };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
