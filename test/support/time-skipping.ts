import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { temporalTestServerPath } from '../../app/temporal-tools.ts';
import { connectDatabase } from '../../db/client.ts';
import { facilities, outboxMessages } from '../../db/schema.ts';
import { pcoPlatforms } from '../../db/schema-pco.ts';
import { todayInParis } from '../../domain/calendar/days.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { type PcoState, pcoWorkflowId } from '../../domain/pco/orientation-state.ts';
import { type NewFacilityTask, type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { type PcoCommandArgs, pcoStateQuery, pcoUpdates } from '../../workflows/pco-contract.ts';
import type { ReferralWorkflowInput } from '../../workflows/referral.ts';
import { type CommandArgs, referralStateQuery, referralUpdates } from '../../workflows/referral-contract.ts';
import { completeDossier } from './dossiers.ts';
import { orientationInput } from './orientations.ts';
import { testClientDataConverter, testWorkerDataConverter } from './payload-keys.ts';
import { demo } from './platform.ts';
import { waitFor } from './wait-for.ts';

export const day = 24 * 60 * 60 * 1000;

/**
 * Bound of one time-skipping story (months of timers, real activities on PostgreSQL). Sized on
 * the 2-core machine while a second full `npm test` ran beside: the longest story took 6.5 s
 * there (about 1 s when the machine is quiet, the six-month one 2.8–3.5 s); the bound leaves a
 * wide margin for a machine busier still, without hiding a story that hangs for good.
 */
export const storyTimeoutMs = 180_000;

/**
 * Referral workflows on Temporal's time-skipping test server, with the real activities writing
 * to the test PostgreSQL: months of deadlines pass in milliseconds.
 */
export async function createTimeSkippingHarness(options: { databaseUrl?: string } = {}) {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter: testClientDataConverter },
  });
  // A story whose activities sweep the whole read model (retention) gives a database of its own.
  const database = connectDatabase(options.databaseUrl ?? inject('databaseUrl'), { max: 3 });
  let taskQueue = '';
  /**
   * Runs `story` with a fresh worker (a Worker runs once) on its own task queue, so a story that
   * fails cannot leave work for the next one; the worker stops when the story ends.
   */
  async function withWorker<T>(story: () => Promise<T>): Promise<T> {
    taskQueue = `time-skipping-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      dataConverter: testWorkerDataConverter,
      activities: createActivities({ db: database.db, appUrl: 'http://localhost:3000' }),
    });
    const started: WorkflowHandle[] = [];
    startedInStory = started;
    try {
      return await worker.runUntil(async () => {
        const result = await story();
        await workflowsIdle(started);
        return result;
      });
    } finally {
      // Time skipping waits for every open workflow: one left with timers and no worker would stall the next story.
      for (const handle of started) await handle.terminate('fin du scénario de test').catch(() => {});
    }
  }
  let startedInStory: WorkflowHandle[] = [];

  /**
   * Lets the story's workflows go idle before its worker stops. The test server keeps time locked
   * while a workflow has an activity or a workflow task outstanding, and terminating the workflow
   * then does not release it: the next story's first sleep would wait in real time (seen when a
   * delivery completed and its workflow task was scheduled as the worker stopped). So wait until
   * every one of them is closed, or has no pending activity and its last workflow task completed.
   */
  async function workflowsIdle(handles: WorkflowHandle[]): Promise<void> {
    for (const handle of handles) {
      await waitFor(`${handle.workflowId} idle`, async () => ((await isIdle(handle)) ? true : undefined));
    }
  }

  async function facilityTasks(finessList: string[], wave: 1 | 2 = 1): Promise<NewFacilityTask[]> {
    const tasks: NewFacilityTask[] = [];
    for (const finess of finessList) {
      const [row] = await database.db.select().from(facilities).where(eq(facilities.finess, finess));
      if (!row) throw new Error(`facility ${finess} not seeded`);
      tasks.push({ taskId: randomUUID(), facilityId: row.id, facilityName: row.name, wave });
    }
    return tasks;
  }

  /** Starts a case and sends it (unless `send: false`), as the API would. */
  async function startReferral(options: {
    kind?: FacilityKind;
    tasks: NewFacilityTask[];
    send?: boolean;
    extra?: Partial<ReferralWorkflowInput>;
  }): Promise<ReferralCase> {
    const kind = options.kind ?? 'ehpad';
    const caseId = randomUUID();
    const patient = {
      lastName: 'Test',
      firstName: 'Temps',
      birthDate: '1940-03-03',
      sex: 'female',
      departement: '69',
    } as const;
    const handle = await env.client.workflow.start('referralWorkflow', {
      args: [
        {
          caseId,
          kind,
          requesterId: demo.physician,
          patient,
          facilities: options.tasks,
          dossier: completeDossier(kind, patient),
          ...options.extra,
        },
      ],
      workflowId: referralWorkflowId(caseId),
      taskQueue,
    });
    startedInStory.push(handle);
    const referral = new ReferralCase(caseId, handle);
    if (options.send !== false) await referral.run('send', { actorId: demo.physician });
    return referral;
  }

  /** Starts an orientation to the Rhône 0–6 PCO for a 3-year-old, as the API would once checks pass. */
  async function startOrientation(): Promise<OrientationCase> {
    const [platform] = await database.db
      .select({ id: pcoPlatforms.id })
      .from(pcoPlatforms)
      .where(and(eq(pcoPlatforms.departement, '69'), eq(pcoPlatforms.ageRange, '0-6')));
    if (!platform) throw new Error('demo PCO not seeded');
    const caseId = randomUUID();
    const handle = await env.client.workflow.start('pcoWorkflow', {
      args: [orientationInput(caseId, platform.id)],
      workflowId: pcoWorkflowId(caseId),
      taskQueue,
    });
    startedInStory.push(handle);
    return new OrientationCase(caseId, handle);
  }

  async function messages(caseId: string, template?: string) {
    return database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.referralId, caseId), ...(template ? [eq(outboxMessages.template, template)] : [])));
  }

  return {
    env,
    db: database.db,
    withWorker,
    /** The task queue of the story's worker (for code that starts its own workflows, like sendMessages). */
    taskQueue: () => taskQueue,
    facilityTasks,
    startReferral,
    startOrientation,
    messages,
    /** Lets time pass on the test server (timers fire, activities run for real). */
    sleep: (ms: number) => env.sleep(ms),
    /** The Paris day of the test server's clock (ahead of the machine's once stories have slept). */
    today: async () => todayInParis(await env.currentTimeMs()),
    async close() {
      await env.teardown();
      await database.close();
    },
  };
}

/** Closed, or waiting with no activity running and no workflow task to run. */
async function isIdle(handle: WorkflowHandle): Promise<boolean> {
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') return true;
  if ((description.raw.pendingActivities ?? []).length > 0) return false;
  const events = (await handle.fetchHistory()).events ?? [];
  let scheduled = -1;
  let completed = -1;
  events.forEach((event, index) => {
    if (event.workflowTaskScheduledEventAttributes) scheduled = index;
    if (event.workflowTaskCompletedEventAttributes) completed = index;
  });
  return completed > scheduled;
}

export class ReferralCase {
  constructor(
    readonly caseId: string,
    readonly handle: WorkflowHandle,
  ) {}

  run<T extends keyof typeof referralUpdates>(name: T, args: CommandArgs<T>): Promise<ReferralState> {
    const update = referralUpdates[name] as unknown as UpdateDefinition<ReferralState, [CommandArgs<T>]>;
    return this.handle.executeUpdate(update, { args: [args] });
  }

  state(): Promise<ReferralState> {
    return this.handle.query(referralStateQuery);
  }

  /** Waits (bounded) until the workflow's state satisfies `predicate`. */
  until(what: string, predicate: (state: ReferralState) => boolean): Promise<ReferralState> {
    return waitFor(what, async () => {
      const state = await this.state();
      return predicate(state) ? state : undefined;
    });
  }
}

export class OrientationCase {
  constructor(
    readonly caseId: string,
    readonly handle: WorkflowHandle,
  ) {}

  run<T extends keyof typeof pcoUpdates>(name: T, args: PcoCommandArgs<T>): Promise<PcoState> {
    const update = pcoUpdates[name] as unknown as UpdateDefinition<PcoState, [PcoCommandArgs<T>]>;
    return this.handle.executeUpdate(update, { args: [args] });
  }

  state(): Promise<PcoState> {
    return this.handle.query(pcoStateQuery);
  }

  until(what: string, predicate: (state: PcoState) => boolean): Promise<PcoState> {
    return waitFor(what, async () => {
      const state = await this.state();
      return predicate(state) ? state : undefined;
    });
  }
}
