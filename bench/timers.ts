import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import postgres from 'postgres';
import { clientDataConverter } from '../app/payload-codec.ts';
import { addParisDays } from '../domain/calendar/days.ts';
import { deadlinePolicy } from '../domain/referral/deadlines.ts';
import { type ReferralState, referralWorkflowId } from '../domain/referral/state.ts';
import { referralStateQuery } from '../workflows/referral-contract.ts';
import {
  type Backend,
  cpuSeconds,
  createCase,
  type Environment,
  postgresCpuSeconds,
  round,
  startEnvironment,
} from './lifecycle.ts';
import { rssMegabytes } from './open-cases.ts';
import { parseWorkerEnv, workerEnvArgument, workerHeapEnv } from './worker-env.ts';

/**
 * Reminders at peak (issue 17, deliverable 5): N open EHPAD requests, each sent to 5 facilities,
 * whose answer reminders all fall due within the same minute. Each case is a real referral workflow
 * on the platform's worker, started from the state of a case made through the API (its tasks sent
 * 15 Paris days before its due instant, as continue-as-new starts one); the worker's sticky cache is
 * the platform's default, so most cases are evicted long before their reminder and replayed for it.
 * Lateness = the reminder's decision in the workflow (its `task.reminded` event) and its message in
 * the outbox (written with the snapshot, in the same transaction), each minus the instant it was due.
 * Writes bench/results/timers.{json,md}.
 *
 * `npm run bench -- timers [--cases 10000] [--backend postgres] [--spread-seconds 60] [--start-concurrency 40]
 *   [--worker-heap-mb 512] [--sticky-cache 100] [--out timers-postgres]`
 */

const resultsDir = new URL('./results/', import.meta.url);

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'timers'),
    options: {
      cases: { type: 'string', default: '10000' },
      backend: { type: 'string', default: 'postgres' },
      'spread-seconds': { type: 'string', default: '60' },
      'start-concurrency': { type: 'string', default: '40' },
      'worker-heap-mb': { type: 'string' },
      'sticky-cache': { type: 'string' },
      // More of the worker's environment, `NAME=value` separated by `;` (bench/worker-env.ts).
      'worker-env': { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: false,
  });
  return {
    cases: Number(values.cases),
    backend: (values.backend === 'dev' ? 'dev' : 'postgres') as Backend,
    spreadSeconds: Number(values['spread-seconds']),
    startConcurrency: Number(values['start-concurrency']),
    workerHeapMb: values['worker-heap-mb'] === undefined ? undefined : Number(values['worker-heap-mb']),
    stickyCache: values['sticky-cache'] === undefined ? undefined : Number(values['sticky-cache']),
    workerEnv: parseWorkerEnv(values['worker-env']),
    out: values.out === undefined ? undefined : String(values.out).replace(/[^a-z0-9-]/gi, ''),
  };
}

/** A copy of the template case with ids of its own, its tasks sent so that their reminder falls at `dueAt`. */
function retargeted(template: ReferralState, dueAt: number): ReferralState {
  const reminder = deadlinePolicy(template.kind).answerReminder;
  if (reminder.working) throw new Error('the template case must count its reminder in calendar days');
  const sentAt = new Date(addParisDays(dueAt, -reminder.days)).toISOString();
  return {
    ...template,
    caseId: randomUUID(),
    tasks: template.tasks.map((task) => ({ ...task, taskId: randomUUID(), sentAt })),
    createdAt: sentAt,
    updatedAt: sentAt,
    lastActivityAt: sentAt,
  };
}

/** CPU seconds so far of the processes a reminder goes through (the API server takes no part). */
function stormCpu(env: Environment) {
  return {
    worker: cpuSeconds(env.pids.realWorker),
    temporal: cpuSeconds(env.pids.temporal),
    postgres: postgresCpuSeconds(),
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

async function startCases(env: Environment, client: Client, states: ReferralState[], concurrency: number) {
  const input = (state: ReferralState) => ({
    caseId: state.caseId,
    kind: state.kind,
    requesterId: state.requesterId,
    patient: state.patient,
    facilities: state.tasks.map((task) => ({ facilityId: task.facilityId })),
    resumeFrom: state,
  });
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < states.length) {
        const state = states[next++] as ReferralState;
        await client.workflow
          .start('referralWorkflow', {
            workflowId: referralWorkflowId(state.caseId),
            taskQueue: env.taskQueues.real,
            args: [input(state)],
          })
          .catch(() => {
            failed++;
          });
      }
    }),
  );
  return failed;
}

export async function runTimersBench(argv: string[] = []): Promise<void> {
  const options = readOptions(argv);
  const root = join(process.env.PARCOURS_DATA_DIR ?? '.data', 'bench-timers');
  const env = await startEnvironment(options.backend, join(root, options.backend), {
    ...workerHeapEnv(options.workerHeapMb),
    ...(options.stickyCache === undefined ? {} : { PARCOURS_WORKER_STICKY_CACHE_SIZE: String(options.stickyCache) }),
    ...options.workerEnv,
  });
  const sql = postgres(env.databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const client = new Client({
      connection: env.client.connection,
      namespace: env.client.options.namespace,
      dataConverter: clientDataConverter(env.payloadKeys),
    });
    const { created } = await createCase(env);
    const template = await client.workflow.getHandle(referralWorkflowId(created.id)).query(referralStateQuery);
    const tasksPerCase = template.tasks.length;

    // Due once every case has started (measured: 40–80 starts/s here), plus a margin for the first timers to settle.
    const firstDue = Date.now() + (options.cases / 25 + 60) * 1000;
    const spreadMs = options.spreadSeconds * 1000;
    const dueAt = new Map<string, number>();
    const states = Array.from({ length: options.cases }, (_, index) => {
      const due = firstDue + Math.floor((index * spreadMs) / options.cases);
      const state = retargeted(template, due);
      dueAt.set(state.caseId, due);
      return state;
    });

    const startBegan = Date.now();
    const failedStarts = await startCases(env, client, states, options.startConcurrency);
    const startSeconds = (Date.now() - startBegan) / 1000;
    const startedBeforeDue = Date.now() < firstDue;
    console.log(
      `${options.cases} dossiers démarrés en ${round(startSeconds)} s (${failedStarts} échecs) ; premières relances dans ${round((firstDue - Date.now()) / 1000)} s.`,
    );
    const rssBefore = rssMegabytes(env.pids.realWorker);
    // The storm's CPU, per process: from just before the first reminder to the last one written.
    while (Date.now() < firstDue - 2000) await new Promise((resolveWait) => setTimeout(resolveWait, 250));
    const cpuBefore = stormCpu(env);

    // Wait for every reminder (5 per case) to be in the read model, bounded.
    const expected = (options.cases - failedStarts) * tasksPerCase;
    const deadline = firstDue + spreadMs + 30 * 60_000;
    let rssPeak = rssBefore;
    let reminded = 0;
    while (Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 5000));
      rssPeak = Math.max(rssPeak, rssMegabytes(env.pids.realWorker));
      const [row] = await sql<{ count: string }[]>`
        select count(*) from referral_events where type = 'task.reminded' and referral_id <> ${created.id}`;
      reminded = Number(row?.count ?? 0);
      if (Date.now() > firstDue) console.log(`relances : ${reminded} / ${expected}`);
      if (reminded >= expected) break;
    }
    const cpuAfter = stormCpu(env);

    const decided = await sql<{ referral_id: string; at: Date }[]>`
      select referral_id, occurred_at as at from referral_events where type = 'task.reminded'`;
    const messages = await sql<{ referral_id: string; at: Date }[]>`
      select referral_id, created_at as at from outbox_messages where template = 'facility_reminder'`;
    const lastDecided = Math.max(firstDue, ...decided.map((row) => row.at.getTime()));
    const remindedCases = new Set(decided.map((row) => row.referral_id)).size;
    const stormSeconds = (lastDecided - firstDue) / 1000;
    const perCase = (seconds: number) => round((seconds * 1000) / Math.max(1, remindedCases));
    const cpuMsPerCase = {
      worker: perCase(cpuAfter.worker - cpuBefore.worker),
      temporal: perCase(cpuAfter.temporal - cpuBefore.temporal),
      postgres: perCase(cpuAfter.postgres - cpuBefore.postgres),
    };
    const lateness = (rows: { referral_id: string; at: Date }[]) =>
      rows.flatMap((row) => {
        const due = dueAt.get(row.referral_id);
        return due === undefined ? [] : [(row.at.getTime() - due) / 1000];
      });
    const figures = {
      cases: options.cases,
      tasksPerCase,
      failedStarts,
      startSeconds: round(startSeconds),
      startedBeforeDue,
      remindersExpected: expected,
      remindersDecided: reminded,
      decisionLatenessSeconds: summary(lateness(decided)),
      messageLatenessSeconds: summary(lateness(messages)),
      workerRssMb: { beforeDue: rssBefore, peak: rssPeak },
      stormSeconds: round(stormSeconds),
      casesPerSecond: round(remindedCases / Math.max(stormSeconds, options.spreadSeconds)),
      cpuMsPerCase: {
        ...cpuMsPerCase,
        total: round(cpuMsPerCase.worker + cpuMsPerCase.temporal + cpuMsPerCase.postgres),
      },
    };
    await writeResults(options, figures);
  } finally {
    await sql.end();
    await env.stop();
  }
}

async function writeResults(
  options: ReturnType<typeof readOptions>,
  figures: {
    cases: number;
    tasksPerCase: number;
    failedStarts: number;
    startSeconds: number;
    startedBeforeDue: boolean;
    remindersExpected: number;
    remindersDecided: number;
    decisionLatenessSeconds: ReturnType<typeof summary>;
    messageLatenessSeconds: ReturnType<typeof summary>;
    workerRssMb: { beforeDue: number; peak: number };
    stormSeconds: number;
    casesPerSecond: number;
    cpuMsPerCase: { worker: number; temporal: number; postgres: number; total: number };
  },
): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const name = options.out ?? `timers-${options.backend}`;
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    new URL(`${name}.json`, resultsDir),
    `${JSON.stringify({ date, machine, options, figures }, null, 2)}\n`,
  );
  const backend =
    options.backend === 'dev'
      ? 'Temporal dev server (SQLite, WAL)'
      : 'Temporal server on PostgreSQL (bin/temporal-server.sh)';
  const { decisionLatenessSeconds: decision, messageLatenessSeconds: message, cpuMsPerCase: cpu } = figures;
  const lines = [
    '# Reminders at peak: lateness when thousands of deadlines fall in the same minute',
    '',
    `${date}, ${machine}, ${backend}. \`npm run bench -- timers --cases ${options.cases} --backend ${options.backend} --spread-seconds ${options.spreadSeconds}${options.workerHeapMb === undefined ? '' : ` --worker-heap-mb ${options.workerHeapMb}`}${options.stickyCache === undefined ? '' : ` --sticky-cache ${options.stickyCache}`}${workerEnvArgument(options.workerEnv)}\`.`,
    '',
    `${figures.cases} open EHPAD requests of ${figures.tasksPerCase} facilities each, real referral workflows on the`,
    `platform's worker (sticky cache ${options.stickyCache ?? 'the default, 500 here'}: most cases evicted and replayed for their reminder), whose`,
    `${figures.remindersExpected} answer reminders fall due within ${options.spreadSeconds} s. Started in ${figures.startSeconds} s`,
    `(${figures.failedStarts} failed), ${figures.startedBeforeDue ? 'all before the first due instant' : 'some after the first due instant (lateness overstated)'}.`,
    '',
    '| lateness (s) | reminders | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    `| decided in the workflow (\`task.reminded\`) | ${decision.count} | ${decision.p50} | ${decision.p99} | ${decision.max} |`,
    `| message in the outbox | ${message.count} | ${message.p50} | ${message.p99} | ${message.max} |`,
    '',
    `Reminders in the read model at the end: ${figures.remindersDecided} / ${figures.remindersExpected}. Worker RSS: ${figures.workerRssMb.beforeDue} MB with every case open and waiting, ${figures.workerRssMb.peak} MB at the peak.`,
    '',
    `From the first due instant to the last reminder decided: ${figures.stormSeconds} s, ${figures.casesPerSecond} cases reminded a second`,
    `(their reminders due at ${round(figures.cases / options.spreadSeconds)} a second). CPU per case reminded: ${cpu.total} ms (worker ${cpu.worker}, Temporal ${cpu.temporal}, PostgreSQL ${cpu.postgres}; the API server is idle).`,
  ];
  await writeFile(new URL(`${name}.md`, resultsDir), `${lines.join('\n')}\n`);
  console.log(`Résultats : bench/results/${name}.md`);
}
