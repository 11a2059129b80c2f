import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { eq, inArray } from 'drizzle-orm';
import type { ReferralDetail, ReferralSummary } from '../api/referrals/views.ts';
import { clientDataConverter } from '../app/payload-codec.ts';
import { freePort, freeSmallPort } from '../app/ports.ts';
import { connectDatabase } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { facilities, facilityMemberships, outboxMessages, referrals, users } from '../db/schema.ts';
import { shiftDay, todayInParis } from '../domain/calendar/days.ts';
import { type RefusalReason, refusalReasonValues } from '../domain/referral/refusal-reasons.ts';
import { type ReferralState, referralWorkflowId } from '../domain/referral/state.ts';
import {
  addressBook,
  type CaseReader,
  caseProblems,
  duplicateMessages,
  inPool,
  workflowStateOf,
} from '../test/support/case-checks.ts';
import { completeDossier } from '../test/support/dossiers.ts';
import { generator, type Rng } from '../test/support/seeded-random.ts';
import { sessionJar } from '../test/support/sessions.ts';
import { type FaultPlatform, type ProcessName, processNames, startFaultPlatform } from './fault-platform.ts';

/**
 * The fault campaign: N lifecycles through the HTTP API (a case sent to several EHPADs, one
 * accepts and the others refuse, the requester chooses, the facility confirms the admission) while
 * the worker, the server and the Temporal dev server are killed with SIGKILL at seeded moments and
 * restarted. Clients retry after a connection failure the way a careful client must without an
 * Idempotency-Key (the API has none): they re-read the case, and repeat the command only if its
 * effect is not there. Then every case is checked: admitted (or still waiting, consistently), read
 * model equal to the workflow's state, every message once. Loopback only; writes bench/results/faults.{json,md}.
 *
 * `npm run bench -- faults [--lifecycles 100] [--seed 20261202] [--kills 12] [--in-flight 6] [--max-minutes 40]`
 */

const resultsDir = new URL('./results/', import.meta.url);
const facilityCount = 12;
const lastNames = ['Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon'];
const firstNames = ['Jeanne', 'Marie', 'Louise', 'Paulette', 'Henri', 'Marcel', 'René', 'Yvonne', 'Lucien', 'Odette'];
const refusalReasons = refusalReasonValues.filter((reason) => reason !== 'other');

interface Options {
  lifecycles: number;
  seed: number;
  kills: number;
  inFlight: number;
  maxMinutes: number;
  /** Clients that repeat a command at once, without re-reading: shows what the checks catch. */
  blindRetries: boolean;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lifecycles: { type: 'string', default: '100' },
      seed: { type: 'string', default: '20261202' },
      kills: { type: 'string', default: '12' },
      'in-flight': { type: 'string', default: '6' },
      'max-minutes': { type: 'string', default: '40' },
      'blind-retries': { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, value: string, min: number) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min)
      throw new Error(`--${name} : entier ≥ ${min} attendu (« ${value} »).`);
    return number;
  };
  return {
    lifecycles: whole('lifecycles', values.lifecycles, 1),
    seed: whole('seed', values.seed, 0),
    kills: whole('kills', values.kills, 0),
    inFlight: whole('in-flight', values['in-flight'], 1),
    maxMinutes: whole('max-minutes', values['max-minutes'], 1),
    blindRetries: values['blind-retries'],
  };
}

interface Plan {
  index: number;
  patient: { lastName: string; firstName: string; birthDate: string; sex: 'female' | 'male'; departement: string };
  facilityIndexes: number[];
  /** Position, in facilityIndexes, of the one facility that accepts. */
  accepting: number;
  refusals: RefusalReason[];
  proposedEntryDate: string;
}

/** A 3-letter tag per lifecycle makes each patient's last name unique, so the requester can find the case again. */
export function tag(index: number): string {
  const letter = (n: number) => String.fromCharCode(97 + (n % 26));
  return `${letter(Math.floor(index / 676)).toUpperCase()}${letter(Math.floor(index / 26))}${letter(index)}`;
}

function planLifecycle(rng: Rng, index: number, today: string): Plan {
  const count = 3 + rng.int(3);
  const facilityIndexes: number[] = [];
  while (facilityIndexes.length < count) {
    const candidate = rng.int(facilityCount);
    if (!facilityIndexes.includes(candidate)) facilityIndexes.push(candidate);
  }
  return {
    index,
    patient: {
      lastName: `${rng.pick(lastNames)}-${tag(index)}`,
      firstName: rng.pick(firstNames),
      birthDate: `${1925 + rng.int(20)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`,
      sex: rng.pick(['female', 'male'] as const),
      departement: '69',
    },
    facilityIndexes,
    accepting: rng.int(count),
    refusals: facilityIndexes.map(() => rng.pick(refusalReasons)),
    // Within the days an admission may be confirmed ahead (domain/referral/entry-dates.ts).
    proposedEntryDate: shiftDay(today, 1 + rng.int(7)),
  };
}

type StepOutcome = 'answered' | 'recovered' | 'failed';

interface Lifecycle {
  plan: Plan;
  caseId?: string;
  taskIds: string[];
  steps: { what: string; attempts: number; outcome: StepOutcome; problem?: string }[];
  finished: boolean;
}

/** What the clients saw: how often they had to retry, and how (counted afresh by each campaign). */
const newClientFigures = () => ({
  commands: 0,
  /** Commands (POST) that met a refused or cut connection, or no answer within 2 minutes. */
  commandConnectionFailures: 0,
  /** Reads (GET) that did, while the clients looked for a command's effect. */
  readConnectionFailures: 0,
  /** 5xx answers by status and code (a 503 `workflow.unavailable` while Temporal is away, for example). */
  serverErrors: {} as Record<string, number>,
  /** Retried commands whose effect the re-read showed: the first attempt had gone through. */
  foundDoneOnReread: 0,
  /** Retried commands repeated and refused (409) because the first attempt had gone through in the meantime. */
  refusedThenFoundDone: 0,
  /** Creations that found their case again after a failure (by the patient's name, or as a possible duplicate). */
  creationsFoundAgain: 0,
});

type Sent = { ok: true; status: number; body: unknown } | { ok: false; why: string };

export async function runFaultsBench(argv: string[] = []): Promise<void> {
  const options = readOptions(argv);
  const clientFigures = newClientFigures();
  const startedAt = Date.now();
  const dir = join(process.env.PARCOURS_DATA_DIR ?? '.data', 'bench-faults');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const ports = {
    pg: await freePort(),
    temporal: await freeSmallPort(),
    server: await freePort(),
    workerHealth: await freePort(),
  };
  console.log(
    `Campagne de pannes : ${options.lifecycles} parcours, graine ${options.seed}, ${options.kills} arrêts brutaux prévus (journaux dans ${dir}).`,
  );

  const database = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: ports.pg,
    database: 'parcours_faults',
    persistent: false,
  });
  let platform: FaultPlatform | undefined;
  const connection = connectDatabase(database.url, { max: 4 });
  let temporalConnection: Connection | undefined;
  try {
    await migrateDatabase(database.url);
    const { db } = connection;
    const people = await createParticipants(db);
    platform = await startFaultPlatform({ dir, databaseUrl: database.url, ports });
    const readyAt = Date.now();
    const running = platform;
    console.log(`Plateforme prête en ${((readyAt - startedAt) / 1000).toFixed(1)} s.`);

    const cookieOf = sessionJar(db);
    const progress = { started: 0, finished: 0 };
    const send = async (method: string, path: string, as: string, body?: unknown): Promise<Sent> => {
      const headers: Record<string, string> = { cookie: await cookieOf(as), origin: running.appUrl };
      if (body !== undefined) headers['content-type'] = 'application/json';
      try {
        const response = await fetch(`${running.baseUrl}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          // A command waits for its workflow Update: a worker being restarted can hold it for a while.
          signal: AbortSignal.timeout(120_000),
        });
        const text = await response.text();
        const parsed: unknown = text ? safeJson(text) : undefined;
        if (response.status >= 500) {
          const key = `${response.status} ${(parsed as { code?: string } | undefined)?.code ?? ''}`.trim();
          clientFigures.serverErrors[key] = (clientFigures.serverErrors[key] ?? 0) + 1;
          return { ok: false, why: key };
        }
        return { ok: true, status: response.status, body: parsed };
      } catch (error) {
        if (method === 'GET') clientFigures.readConnectionFailures++;
        else clientFigures.commandConnectionFailures++;
        return {
          ok: false,
          why:
            error instanceof Error
              ? error.cause instanceof Error
                ? error.cause.message
                : error.message
              : String(error),
        };
      }
    };
    const runDeadline = readyAt + options.maxMinutes * 60_000;
    const pause = (attempt: number) => sleep(Math.min(500 * 2 ** Math.min(attempt, 4), 5000));

    /** GET as the requester, retried until it answers (or the campaign's time is up). */
    const readCase = async (caseId: string): Promise<ReferralDetail | undefined> => {
      for (let attempt = 0; Date.now() < runDeadline; attempt++) {
        const read = await send('GET', `/api/referrals/${caseId}`, people.physician);
        if (read.ok && read.status === 200) return read.body as ReferralDetail;
        await pause(attempt);
      }
      return undefined;
    };
    const until = async (caseId: string, done: (detail: ReferralDetail) => boolean, ms: number) => {
      const end = Math.min(Date.now() + ms, runDeadline);
      for (let attempt = 0; Date.now() < end; attempt++) {
        const detail = await readCase(caseId);
        if (detail && done(detail)) return true;
        await pause(attempt);
      }
      return false;
    };

    /**
     * One command, retried after a connection failure or a 5xx: first re-read the case; if the
     * effect is there, the earlier attempt went through; otherwise send it again. A 409 on a repeat
     * means an earlier attempt was applied meanwhile: the read model shows it shortly.
     */
    const command = async (
      lifecycle: Lifecycle,
      what: string,
      path: string,
      as: string,
      body: unknown,
      done: (detail: ReferralDetail) => boolean,
      /** Already a repeat of an attempt that failed (the send of a creation cut before its answer). */
      repeat = false,
    ): Promise<boolean> => {
      const caseId = lifecycle.caseId as string;
      clientFigures.commands++;
      progress.started++;
      let failures = repeat ? 1 : 0;
      for (let attempt = 1; Date.now() < runDeadline; attempt++) {
        if (failures > 0 && !options.blindRetries) {
          const detail = await readCase(caseId);
          if (detail && done(detail)) {
            clientFigures.foundDoneOnReread++;
            lifecycle.steps.push({ what, attempts: attempt - 1, outcome: 'recovered' });
            return true;
          }
        }
        const sent = await send('POST', `/api/referrals/${caseId}${path}`, as, body);
        if (!sent.ok) {
          failures++;
          await pause(failures);
          continue;
        }
        if (sent.status === 200) {
          lifecycle.steps.push({ what, attempts: attempt, outcome: failures > 0 ? 'recovered' : 'answered' });
          return true;
        }
        if (failures > 0 && !options.blindRetries && sent.status === 409 && (await until(caseId, done, 120_000))) {
          clientFigures.refusedThenFoundDone++;
          lifecycle.steps.push({ what, attempts: attempt, outcome: 'recovered' });
          return true;
        }
        const problem = `HTTP ${sent.status} ${JSON.stringify(sent.body)}`;
        lifecycle.steps.push({ what, attempts: attempt, outcome: 'failed', problem });
        return false;
      }
      lifecycle.steps.push({ what, attempts: 0, outcome: 'failed', problem: 'campaign time is up' });
      return false;
    };

    /** Finds the case of this patient among the requester's, if an earlier attempt created it. */
    const findCase = async (plan: Plan): Promise<string | undefined> => {
      for (let attempt = 0; Date.now() < runDeadline; attempt++) {
        const listed = await send(
          'GET',
          `/api/referrals?q=${encodeURIComponent(plan.patient.lastName)}`,
          people.physician,
        );
        if (listed.ok && listed.status === 200) {
          const name = `${plan.patient.lastName.toUpperCase()} ${plan.patient.firstName}`;
          return (listed.body as { items: ReferralSummary[] }).items.find((item) => item.patientName === name)?.id;
        }
        await pause(attempt);
      }
      return undefined;
    };

    /**
     * Creation has no natural key but the patient: after a failure the requester first looks for
     * the case (the workflow projects it as soon as a worker runs it, so it waits for that a while),
     * and creates it again only if it is not there — without confirming a possible duplicate, so
     * that a case found meanwhile comes back as a 409 with its id instead of being created twice.
     */
    const create = async (lifecycle: Lifecycle): Promise<boolean> => {
      const { plan } = lifecycle;
      clientFigures.commands++;
      progress.started++;
      const body = {
        kind: 'ehpad',
        patient: plan.patient,
        dossier: completeDossier('ehpad'),
        facilityIds: plan.facilityIndexes.map((index) => people.facilityIds[index]),
      };
      let failures = 0;
      for (let attempt = 1; Date.now() < runDeadline; attempt++) {
        if (failures > 0 && !options.blindRetries) {
          const settleUntil = Date.now() + 60_000;
          let found: string | undefined;
          while (!found && Date.now() < settleUntil) {
            await running.allReady(300_000).catch(() => {});
            found = await findCase(plan);
            if (!found) await sleep(2000);
          }
          if (found) {
            clientFigures.creationsFoundAgain++;
            lifecycle.caseId = found;
            lifecycle.steps.push({ what: 'create', attempts: attempt - 1, outcome: 'recovered' });
            return true;
          }
        }
        const sent = await send('POST', '/api/referrals', people.physician, {
          ...body,
          confirmNotDuplicate: options.blindRetries && failures > 0,
        });
        if (!sent.ok) {
          failures++;
          if (options.blindRetries) await pause(failures);
          continue;
        }
        if (sent.status === 201) {
          lifecycle.caseId = (sent.body as ReferralDetail).id;
          lifecycle.steps.push({ what: 'create', attempts: attempt, outcome: failures > 0 ? 'recovered' : 'answered' });
          return true;
        }
        const refusal = sent.body as { code?: string; details?: { referrals?: { id: string }[] } } | undefined;
        const duplicate = refusal?.details?.referrals?.[0]?.id;
        if (sent.status === 409 && refusal?.code === 'referral.possible_duplicate' && duplicate && failures > 0) {
          clientFigures.creationsFoundAgain++;
          lifecycle.caseId = duplicate;
          lifecycle.steps.push({ what: 'create', attempts: attempt, outcome: 'recovered' });
          return true;
        }
        lifecycle.steps.push({
          what: 'create',
          attempts: attempt,
          outcome: 'failed',
          problem: `HTTP ${sent.status} ${JSON.stringify(sent.body)}`,
        });
        return false;
      }
      lifecycle.steps.push({ what: 'create', attempts: 0, outcome: 'failed', problem: 'campaign time is up' });
      return false;
    };

    const runLifecycle = async (plan: Plan): Promise<Lifecycle> => {
      const lifecycle: Lifecycle = { plan, taskIds: [], steps: [], finished: false };
      if (!(await create(lifecycle))) return lifecycle;
      const caseId = lifecycle.caseId as string;
      // The tasks, from the creation's answer or (after a failure) from a read.
      let detail = await readCase(caseId);
      if (detail?.status === 'draft') {
        // An update-with-start whose Update was lost with Temporal, or not yet in the read model (its
        // answer was cut): the send repeats the creation's, so a 409 means it went through.
        if (
          !(await command(lifecycle, 'send', '/send', people.physician, undefined, (d) => d.status !== 'draft', true))
        )
          return lifecycle;
        detail = await readCase(caseId);
      }
      if (!detail) return lifecycle;
      const read = detail;
      lifecycle.taskIds = plan.facilityIndexes.map(
        (index) => read.tasks.find((task) => task.facility.id === people.facilityIds[index])?.id ?? '',
      );
      const taskStatus = (d: ReferralDetail, task: number) =>
        d.tasks.find((t) => t.id === lifecycle.taskIds[task])?.status;
      const memberOf = (task: number) => people.members[plan.facilityIndexes[task] as number] as string;
      const taskPath = (task: number, action: string) => `/tasks/${lifecycle.taskIds[task]}/${action}`;
      const answers = await Promise.all(
        plan.facilityIndexes.map((_, task) =>
          task === plan.accepting
            ? command(
                lifecycle,
                `accept#${task}`,
                taskPath(task, 'accept'),
                memberOf(task),
                { proposedEntryDate: plan.proposedEntryDate },
                (d) => ['accepted', 'chosen', 'admitted'].includes(taskStatus(d, task) ?? ''),
              )
            : command(
                lifecycle,
                `refuse#${task}`,
                taskPath(task, 'refuse'),
                memberOf(task),
                { reasonCode: plan.refusals[task] },
                (d) => taskStatus(d, task) === 'refused',
              ),
        ),
      );
      if (answers.includes(false)) return lifecycle;
      const chosen = plan.accepting;
      if (
        !(await command(lifecycle, 'choose', '/choose', people.physician, { taskId: lifecycle.taskIds[chosen] }, (d) =>
          ['chosen', 'admitted'].includes(taskStatus(d, chosen) ?? ''),
        ))
      )
        return lifecycle;
      if (
        !(await command(
          lifecycle,
          'confirm',
          taskPath(chosen, 'confirm-admission'),
          memberOf(chosen),
          undefined,
          (d) => d.status === 'admitted',
        ))
      )
        return lifecycle;
      lifecycle.finished = true;
      progress.finished++;
      return lifecycle;
    };

    // Seeded plans, and a seeded kill schedule placed on the progress of the commands.
    const rng = generator(options.seed);
    const today = todayInParis();
    const plans = Array.from({ length: options.lifecycles }, (_, index) => planLifecycle(rng, index, today));
    const schedule = killSchedule(generator(options.seed ^ 0x5bd1e995), plans, options.kills);
    const kills: {
      target: ProcessName;
      atCommand: number;
      restartDelayMs: number;
      recoveryMs?: number;
      problem?: string;
    }[] = [];
    let lifecyclesDone = false;
    const killer = (async () => {
      for (const planned of schedule) {
        while (!lifecyclesDone && progress.started < planned.atCommand) await sleep(100);
        if (lifecyclesDone) return;
        await sleep(planned.jitterMs);
        if (lifecyclesDone) return;
        const record: (typeof kills)[number] = {
          target: planned.target,
          atCommand: progress.started,
          restartDelayMs: planned.restartDelayMs,
        };
        kills.push(record);
        try {
          record.recoveryMs = await running.processes[planned.target].kill(planned.restartDelayMs, 300_000);
          console.log(
            `  kill -9 ${planned.target} au ${record.atCommand}e ordre : de nouveau prêt en ${(record.recoveryMs / 1000).toFixed(1)} s`,
          );
          await running.allReady(300_000);
        } catch (error) {
          record.problem = String(error);
          console.error(`  ${planned.target} : ${record.problem}`);
        }
      }
    })();

    const ran = await inPool(plans, options.inFlight, runLifecycle);
    lifecyclesDone = true;
    await killer;
    const runMs = Date.now() - readyAt;
    console.log(`Parcours joués en ${(runMs / 1000).toFixed(1)} s ; vérifications…`);

    // Checks, on a platform whole again.
    const checkStartedAt = Date.now();
    await running.allReady(300_000);
    temporalConnection = await Connection.connect({ address: running.temporalAddress });
    const client = new Client({
      connection: temporalConnection,
      namespace: running.namespace,
      dataConverter: clientDataConverter(running.payloadKeys),
    });
    const api = async <T>(method: string, path: string, { as, body }: { as?: string; body?: unknown } = {}) => {
      for (let attempt = 0; ; attempt++) {
        const sent = await send(method, path, as ?? people.physician, body);
        if (sent.ok) return { status: sent.status, body: sent.body as T };
        if (attempt > 20) throw new Error(`${method} ${path}: ${sent.why}`);
        await pause(attempt);
      }
    };
    const reader: CaseReader = {
      api,
      client,
      messagesOf: (referralId) => db.select().from(outboxMessages).where(eq(outboxMessages.referralId, referralId)),
    };
    const lifecycles = ran.results;
    const withCase = lifecycles.filter((lifecycle) => lifecycle.caseId);
    // A case's last projection may still be retrying when the clients stop: wait for the read model to
    // catch up, 2 minutes at most per case and 5 for them all (what is still apart then is reported).
    const settleEnd = Date.now() + 300_000;
    await inPool(withCase, 4, async (lifecycle) => {
      const caseId = lifecycle.caseId as string;
      const end = Math.min(Date.now() + 120_000, settleEnd);
      while (Date.now() < end) {
        const [state, read] = await Promise.all([
          workflowStateOf(reader, caseId).catch(() => undefined),
          api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: people.physician }),
        ]);
        if (state && read.status === 200 && read.body.status === state.status && read.body.version === state.lastSeq)
          return;
        await sleep(1000);
      }
    });
    const addresses = await addressBook({ db }, { facilityIds: people.facilityIds, userIds: [people.physician] });
    const checked = (
      await inPool(withCase, 4, async (lifecycle) => {
        const { problems, state } = await caseProblems(reader, lifecycle.caseId as string, people.physician, addresses);
        return { lifecycle, problems: [...problems, ...expectationProblems(lifecycle, state)], state };
      })
    ).results;

    // Every case of the requester and every workflow of the run belong to one lifecycle, once.
    const known = new Set(withCase.map((lifecycle) => lifecycle.caseId as string));
    const readModelIds = (
      await db.select({ id: referrals.id }).from(referrals).where(eq(referrals.requesterId, people.physician))
    ).map((row) => row.id);
    const workflowIds: string[] = [];
    for await (const execution of client.workflow.list({ query: `TaskQueue = '${running.taskQueue}'` }))
      workflowIds.push(execution.workflowId);
    const knownWorkflows = new Set([...known].map((caseId) => referralWorkflowId(caseId)));
    const extraCases = readModelIds.filter((id) => !known.has(id));
    const extraWorkflows = workflowIds.filter((id) => id.startsWith(referralWorkflowId('')) && !knownWorkflows.has(id));
    const missingWorkflows = [...knownWorkflows].filter((id) => !workflowIds.includes(id));
    const allIds = [...new Set([...readModelIds, ...known])];
    const outbox =
      allIds.length === 0
        ? []
        : await db.select().from(outboxMessages).where(inArray(outboxMessages.referralId, allIds));
    const duplicates = duplicateMessages(outbox);
    const checkMs = Date.now() - checkStartedAt;

    const inconsistent = checked.filter((check) => check.problems.length > 0);
    const lost = lifecycles.filter((lifecycle) => !lifecycle.caseId);
    const admitted = checked.filter((check) => check.state.status === 'admitted').length;
    const waiting = checked.filter((check) => check.state.status !== 'admitted' && check.problems.length === 0).length;
    const problems = [
      ...lost.map(
        (lifecycle) =>
          `lifecycle ${lifecycle.plan.index}: no case (${lifecycle.steps.at(-1)?.problem ?? 'not created'})`,
      ),
      ...lifecycles.flatMap((lifecycle) =>
        lifecycle.steps
          .filter((step) => step.outcome === 'failed')
          .map((step) => `lifecycle ${lifecycle.plan.index} ${step.what}: ${step.problem}`),
      ),
      ...inconsistent.flatMap((check) =>
        check.problems.map((problem) => `lifecycle ${check.lifecycle.plan.index} ${problem}`),
      ),
      ...extraCases.map((id) => `case ${id} in the read model belongs to no lifecycle (created twice?)`),
      ...extraWorkflows.map((id) => `workflow ${id} belongs to no lifecycle (created twice, or an orphan)`),
      ...missingWorkflows.map((id) => `workflow ${id} is not listed by Temporal`),
      ...duplicates,
    ];
    const figures: Figures = {
      date: new Date().toISOString(),
      seed: options.seed,
      options,
      lifecycles: {
        planned: options.lifecycles,
        admitted,
        waiting,
        lost: lost.length,
        unfinished: lifecycles.filter((lifecycle) => !lifecycle.finished).length,
      },
      kills: {
        total: kills.length,
        perProcess: perProcess((name) => running.processes[name].figures.kills),
        crashesPerProcess: perProcess((name) => running.processes[name].figures.crashes),
        failedStartsPerProcess: perProcess((name) => running.processes[name].figures.failedStarts),
        recoverySeconds: perProcess((name) => {
          const values = running.processes[name].figures.recoveryMs;
          return values.length === 0
            ? null
            : { mean: round(mean(values) / 1000), max: round(Math.max(...values) / 1000) };
        }),
        schedule: kills,
      },
      clients: {
        ...clientFigures,
        recoveredSteps: lifecycles.reduce((sum, l) => sum + l.steps.filter((s) => s.outcome === 'recovered').length, 0),
      },
      checks: {
        casesChecked: checked.length,
        readModelCases: readModelIds.length,
        workflowsListed: workflowIds.length,
        inconsistent: inconsistent.length,
        // A case created twice shows in the read model, in Temporal, or both: counted once.
        duplicatedCases: new Set([
          ...extraCases,
          ...extraWorkflows.map((id) => id.slice(referralWorkflowId('').length)),
        ]).size,
        extraWorkflows: extraWorkflows.length,
        messages: outbox.length,
        duplicatedMessages: duplicates.length,
      },
      durationSeconds: {
        platformStart: round((readyAt - startedAt) / 1000),
        lifecycles: round(runMs / 1000),
        checks: round(checkMs / 1000),
        total: round((Date.now() - startedAt) / 1000),
      },
      problems: problems.slice(0, 200),
    };
    await writeResults(figures);
    const summary =
      `Campagne de pannes (graine ${options.seed}) : ${admitted}/${options.lifecycles} parcours admis, ${waiting} en attente, ` +
      `${lost.length} perdus, ${figures.checks.duplicatedCases} dossiers en double, ${duplicates.length} messages en double, ` +
      `${inconsistent.length} incohérents ; ${kills.length} arrêts brutaux (${processNames.map((name) => `${name} ${figures.kills.perProcess[name]}`).join(', ')}) ; ` +
      `${outbox.length} messages ; ${figures.durationSeconds.total} s — bench/results/${options.blindRetries ? 'faults-blind' : 'faults'}.md`;
    console.log(summary);
    for (const problem of problems.slice(0, 30)) console.log(`  ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await temporalConnection?.close().catch(() => {});
    await platform?.stop().catch(() => {});
    await connection.close();
    await database.stop();
  }
}

/** An admitted case is exactly what the lifecycle did: the accepting facility admitted, every other one refused. */
function expectationProblems(lifecycle: Lifecycle, state: ReferralState): string[] {
  if (!lifecycle.finished) return [];
  const problems: string[] = [];
  if (state.status !== 'admitted') problems.push(`every command answered, yet the case is ${state.status}`);
  lifecycle.taskIds.forEach((taskId, task) => {
    const status = state.tasks.find((candidate) => candidate.taskId === taskId)?.status;
    const expected = task === lifecycle.plan.accepting ? 'admitted' : 'refused';
    if (status !== expected) problems.push(`task ${task} is ${status}, expected ${expected}`);
  });
  if (state.tasks.length !== lifecycle.taskIds.length)
    problems.push(`${state.tasks.length} tasks for ${lifecycle.taskIds.length} facilities`);
  return problems;
}

/**
 * Which process dies when: a kill after a seeded number of commands started (between 5 % and 85 %
 * of those planned), a little later, with a seeded pause before its restart; the targets taken in
 * turns of all three in seeded order, so each one dies about as often as the others.
 */
function killSchedule(rng: Rng, plans: Plan[], count: number) {
  const commands = plans.reduce((sum, plan) => sum + plan.facilityIndexes.length + 3, 0);
  const points = Array.from({ length: count }, () => Math.round(commands * (0.05 + 0.8 * rng.next()))).sort(
    (a, b) => a - b,
  );
  const targets: ProcessName[] = [];
  while (targets.length < count) {
    const turn = [...processNames];
    for (let i = turn.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [turn[i], turn[j]] = [turn[j] as ProcessName, turn[i] as ProcessName];
    }
    targets.push(...turn);
  }
  return points.map((atCommand, index) => ({
    atCommand,
    target: targets[index] as ProcessName,
    jitterMs: rng.int(1500),
    restartDelayMs: 500 + rng.int(2500),
  }));
}

/** A physician and `count` EHPADs of the Rhône with one manager each, written straight into PostgreSQL. */
export async function createParticipants(db: ReturnType<typeof connectDatabase>['db'], count = facilityCount) {
  const physician = randomUUID();
  await db
    .insert(users)
    .values({ id: physician, role: 'physician', displayName: 'Dr Panne', email: 'medecin@pannes.parcours.local' });
  const rows = await db
    .insert(facilities)
    .values(
      Array.from({ length: count }, (_, index) => ({
        name: `EHPAD PANNES N°${index + 1}`,
        kind: 'ehpad',
        departement: '69',
        commune: 'Lyon',
        email: `admissions+pannes-${index + 1}@pannes.parcours.local`,
        isDemo: true,
      })),
    )
    .returning({ id: facilities.id });
  const facilityIds = rows.map((row) => row.id);
  const members = facilityIds.map(() => randomUUID());
  await db.insert(users).values(
    members.map((id, index) => ({
      id,
      role: 'facility_member',
      displayName: `Admissions pannes ${index + 1}`,
      email: `membre+pannes-${index + 1}@pannes.parcours.local`,
    })),
  );
  await db
    .insert(facilityMemberships)
    .values(members.map((userId, index) => ({ userId, facilityId: facilityIds[index] as string, role: 'manager' })));
  return { physician, facilityIds, members };
}

interface Figures {
  date: string;
  seed: number;
  options: Options;
  lifecycles: { planned: number; admitted: number; waiting: number; lost: number; unfinished: number };
  kills: {
    total: number;
    perProcess: Record<ProcessName, number>;
    crashesPerProcess: Record<ProcessName, number>;
    failedStartsPerProcess: Record<ProcessName, number>;
    recoverySeconds: Record<ProcessName, { mean: number; max: number } | null>;
    schedule: {
      target: ProcessName;
      atCommand: number;
      restartDelayMs: number;
      recoveryMs?: number;
      problem?: string;
    }[];
  };
  clients: ReturnType<typeof newClientFigures> & { recoveredSteps: number };
  checks: {
    casesChecked: number;
    readModelCases: number;
    workflowsListed: number;
    inconsistent: number;
    duplicatedCases: number;
    extraWorkflows: number;
    messages: number;
    duplicatedMessages: number;
  };
  durationSeconds: { platformStart: number; lifecycles: number; checks: number; total: number };
  problems: string[];
}

async function writeResults(f: Figures): Promise<void> {
  const report = [
    '# Fault campaign',
    '',
    `${f.date}: \`npm run bench -- faults --seed ${f.seed} --lifecycles ${f.lifecycles.planned} --kills ${f.options.kills} --in-flight ${f.options.inFlight}${f.options.blindRetries ? ' --blind-retries' : ''}\`.`,
    '',
    '| lifecycles | admitted | waiting | lost | duplicated cases | duplicated messages | inconsistent | messages |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${f.lifecycles.planned} | ${f.lifecycles.admitted} | ${f.lifecycles.waiting} | ${f.lifecycles.lost} | ${f.checks.duplicatedCases} | ${f.checks.duplicatedMessages} | ${f.checks.inconsistent} | ${f.checks.messages} |`,
    '',
    `Cases in the read model: ${f.checks.readModelCases}; workflows on the task queue: ${f.checks.workflowsListed}.`,
    '',
    '| process | kill -9 | other exits | failed starts | back in (mean / max) |',
    '| --- | --- | --- | --- | --- |',
    ...processNames.map((name) => {
      const recovery = f.kills.recoverySeconds[name];
      return `| ${name} | ${f.kills.perProcess[name]} | ${f.kills.crashesPerProcess[name]} | ${f.kills.failedStartsPerProcess[name]} | ${recovery ? `${recovery.mean} s / ${recovery.max} s` : '—'} |`;
    }),
    '',
    `Clients: ${Object.entries(f.clients)
      .map(([name, value]) => `${name} ${typeof value === 'number' ? value : JSON.stringify(value)}`)
      .join(', ')}.`,
    '',
    `Duration: platform start ${f.durationSeconds.platformStart} s, lifecycles ${f.durationSeconds.lifecycles} s, checks ${f.durationSeconds.checks} s, total ${f.durationSeconds.total} s.`,
    '',
    f.problems.length === 0
      ? 'No problem found.'
      : ['Problems:', '', ...f.problems.map((problem) => `- ${problem}`)].join('\n'),
    '',
  ].join('\n');
  await mkdir(resultsDir, { recursive: true });
  // A blind run shows what the checks catch; it does not replace the campaign's figures.
  const name = f.options.blindRetries ? 'faults-blind' : 'faults';
  await writeFile(new URL(`${name}.md`, resultsDir), report);
  await writeFile(new URL(`${name}.json`, resultsDir), `${JSON.stringify(f, null, 2)}\n`);
}

function perProcess<T>(value: (name: ProcessName) => T): Record<ProcessName, T> {
  return { temporal: value('temporal'), server: value('server'), worker: value('worker') };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
