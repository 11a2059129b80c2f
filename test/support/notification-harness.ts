import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { asc, eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { createDeliveryChannels } from '../../activities/channels/index.ts';
import { createReferralWorker } from '../../app/create-worker.ts';
import { connectDatabase } from '../../db/client.ts';
import {
  facilities,
  facilityNotificationSettings,
  messageDeliveryAttempts,
  notificationPreferences,
  outboxMessages,
  users,
} from '../../db/schema.ts';
import type { NotificationMode } from '../../domain/messages/preferences.ts';
import { type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { type CommandArgs, referralUpdates } from '../../workflows/referral-contract.ts';
import { completeDossier } from './dossiers.ts';
import { testClientDataConverter, testPayloadKeys } from './payload-keys.ts';
import { type ProviderStub, startProviderStub, stubKeys } from './provider-stub.ts';
import { waitFor } from './wait-for.ts';

export type OutboxRow = typeof outboxMessages.$inferSelect;

/**
 * Referral workflows on the shared dev server whose messages go through the provider stub (Resend
 * and Brevo played locally), with their own facilities and people so that preferences and digests
 * set here touch no other test.
 */
export async function createNotificationHarness() {
  const database = connectDatabase(inject('databaseUrl'), { max: 5 });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection, namespace: 'default', dataConverter: testClientDataConverter });
  const stub: ProviderStub = await startProviderStub();
  const taskQueue = `notifications-${randomUUID()}`;
  const workers: { worker: Worker; running: Promise<void>; native: NativeConnection }[] = [];
  const processes: ChildProcess[] = [];
  const started: WorkflowHandle[] = [];
  const run = randomUUID().slice(0, 8);

  const channels = createDeliveryChannels({
    resend: {
      apiKey: stubKeys.resend,
      baseUrl: stub.url,
      from: 'Parcours <notifications@parcours.example>',
      replyTo: 'contact@parcours.example',
    },
    brevo: { apiKey: stubKeys.brevo, baseUrl: stub.url, sender: 'Parcours' },
  });

  return {
    db: database.db,
    client,
    stub,
    taskQueue,

    /** A worker in this process, delivering through the stub. */
    async startWorker(): Promise<{ stop: () => Promise<void> }> {
      const native = await NativeConnection.connect({ address: inject('temporalAddress') });
      const worker = await createReferralWorker({
        connection: native,
        namespace: 'default',
        taskQueue,
        db: database.db,
        appUrl: 'http://localhost:3000',
        channels,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        payloadKeys: testPayloadKeys,
      });
      const entry = { worker, running: worker.run(), native };
      workers.push(entry);
      return {
        async stop() {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await entry.running;
        },
      };
    },

    /** A worker in a child process, to be killed with SIGKILL. */
    async startWorkerProcess(): Promise<ChildProcess> {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./delivery-worker-process.ts', import.meta.url))],
        {
          env: {
            ...process.env,
            DATABASE_URL: inject('databaseUrl'),
            TEMPORAL_ADDRESS: inject('temporalAddress'),
            TEMPORAL_TASK_QUEUE: taskQueue,
            RESEND_BASE_URL: stub.url,
            BREVO_BASE_URL: stub.url,
            WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      processes.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`worker process exited (${code})`)));
      });
      return child;
    },

    async facility(label: string, options: { dailyDigest?: boolean } = {}) {
      const email = `admissions-${label}-${run}@notifications.test`;
      const [row] = await database.db
        .insert(facilities)
        .values({
          name: `EHPAD ${label.toUpperCase()} ${run}`,
          kind: 'ehpad',
          departement: '69',
          commune: 'Lyon',
          email,
        })
        .returning();
      if (!row) throw new Error('facility not inserted');
      if (options.dailyDigest) {
        await database.db.insert(facilityNotificationSettings).values({ facilityId: row.id, dailyDigest: true });
      }
      return { id: row.id, name: row.name, email };
    },

    async physician(options: { phone?: string; preferences?: Record<string, NotificationMode> } = {}) {
      const email = `dr-${randomUUID().slice(0, 8)}@notifications.test`;
      const [row] = await database.db
        .insert(users)
        .values({
          role: 'physician',
          displayName: 'Dr Test Notifications',
          email,
          phone: options.phone ?? null,
          // As if proved by the SMS code of « Mon compte »: only a verified number receives SMS.
          phoneVerifiedAt: options.phone ? new Date() : null,
        })
        .returning();
      if (!row) throw new Error('user not inserted');
      for (const [category, mode] of Object.entries(options.preferences ?? {})) {
        await database.db.insert(notificationPreferences).values({ userId: row.id, category, mode });
      }
      return { id: row.id, email };
    },

    /** Starts a case addressed to these facilities, as the API would, and sends it. */
    async startReferral(options: { requesterId: string; facilities: { id: string; name: string }[]; send?: boolean }) {
      const caseId = randomUUID();
      const patient = {
        lastName: 'Dupont',
        firstName: 'Jeanne',
        birthDate: '1938-04-12',
        sex: 'female',
        departement: '69',
      } as const;
      const tasks = options.facilities.map((facility) => ({
        taskId: randomUUID(),
        facilityId: facility.id,
        facilityName: facility.name,
      }));
      const handle = await client.workflow.start('referralWorkflow', {
        args: [
          {
            caseId,
            kind: 'ehpad',
            requesterId: options.requesterId,
            patient,
            facilities: tasks,
            dossier: completeDossier('ehpad', patient),
          },
        ],
        workflowId: referralWorkflowId(caseId),
        taskQueue,
      });
      started.push(handle);
      const update = <T extends keyof typeof referralUpdates>(name: T, args: CommandArgs<T>) =>
        handle.executeUpdate(referralUpdates[name] as unknown as UpdateDefinition<ReferralState, [CommandArgs<T>]>, {
          args: [args],
        });
      if (options.send !== false) await update('send', { actorId: options.requesterId });
      return { caseId, handle, tasks, update };
    },

    messages(caseId: string): Promise<OutboxRow[]> {
      return database.db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.referralId, caseId))
        .orderBy(asc(outboxMessages.createdAt));
    },

    attempts(messageId: string) {
      return database.db
        .select()
        .from(messageDeliveryAttempts)
        .where(eq(messageDeliveryAttempts.messageId, messageId))
        .orderBy(asc(messageDeliveryAttempts.startedAt));
    },

    /** Waits until no message of the case waits for delivery, and returns them. */
    settled(caseId: string, timeoutMs = 30_000): Promise<OutboxRow[]> {
      return waitFor(
        'every message delivered or failed',
        async () => {
          const rows = await database.db.select().from(outboxMessages).where(eq(outboxMessages.referralId, caseId));
          return rows.length > 0 && rows.every((row) => row.status !== 'queued') ? rows : undefined;
        },
        timeoutMs,
      );
    },

    async close() {
      for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
      for (const handle of started) await handle.terminate('fin du test').catch(() => {});
      for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await Promise.allSettled(workers.map((entry) => entry.running));
      for (const { native } of workers) await native.close();
      await connection.close();
      await stub.close();
      await database.close();
    },
  };
}
