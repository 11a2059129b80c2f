import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDeliveryChannels } from '../../activities/channels/index.ts';
import { createActivities } from '../../activities/index.ts';
import { temporalTestServerPath } from '../../app/temporal-tools.ts';
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts';
import { facilities, facilityNotificationSettings, messageDeliveryAttempts, outboxMessages } from '../../db/schema.ts';
import { type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { deliveryRetry } from '../../workflows/publish-messages.ts';
import { referralUpdates } from '../../workflows/referral-contract.ts';
import { completeDossier } from '../support/dossiers.ts';
import { testClientDataConverter, testWorkerDataConverter } from '../support/payload-keys.ts';
import { demo } from '../support/platform.ts';
import { type ProviderStub, startProviderStub, stubKeys } from '../support/provider-stub.ts';
import { waitFor } from '../support/wait-for.ts';

/** Digest and retry exhaustion need hours to pass: Temporal's time-skipping test server. */
let env: TestWorkflowEnvironment;
let database: DatabaseConnection;
let stub: ProviderStub;
const hour = 60 * 60 * 1000;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter: testClientDataConverter },
  });
  database = connectDatabase(inject('databaseUrl'), { max: 3 });
  stub = await startProviderStub();
});
afterAll(async () => {
  await env?.teardown();
  await database?.close();
  await stub?.close();
});

async function withWorker<T>(
  options: { viaStub?: boolean },
  story: (taskQueue: string, started: WorkflowHandle[]) => Promise<T>,
): Promise<T> {
  const taskQueue = `digest-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter: testWorkerDataConverter,
    activities: createActivities({
      db: database.db,
      appUrl: 'http://localhost:3000',
      ...(options.viaStub
        ? {
            channels: createDeliveryChannels({
              resend: { apiKey: stubKeys.resend, baseUrl: stub.url, from: 'Parcours <notifications@parcours.example>' },
            }),
          }
        : {}),
    }),
  });
  const started: WorkflowHandle[] = [];
  try {
    return await worker.runUntil(story(taskQueue, started));
  } finally {
    for (const handle of started) await handle.terminate('fin du scénario').catch(() => {});
  }
}

async function facility(label: string, dailyDigest: boolean) {
  const email = `${label}-${randomUUID().slice(0, 8)}@digest.test`;
  const [row] = await database.db
    .insert(facilities)
    .values({ name: `EHPAD ${label}`, kind: 'ehpad', departement: '69', commune: 'Lyon', email })
    .returning();
  if (!row) throw new Error('facility');
  if (dailyDigest) await database.db.insert(facilityNotificationSettings).values({ facilityId: row.id, dailyDigest });
  return row;
}

async function sendReferral(taskQueue: string, started: WorkflowHandle[], to: { id: string; name: string }[]) {
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
        kind: 'ehpad',
        requesterId: demo.physician,
        patient,
        facilities: to.map((target) => ({ taskId: randomUUID(), facilityId: target.id, facilityName: target.name })),
        dossier: completeDossier('ehpad', patient),
      },
    ],
    workflowId: referralWorkflowId(caseId),
    taskQueue,
  });
  started.push(handle);
  await handle.executeUpdate(
    referralUpdates.send as unknown as UpdateDefinition<ReferralState, [{ actorId: string }]>,
    {
      args: [{ actorId: demo.physician }],
    },
  );
  return caseId;
}

function rowsTo(recipientId: string) {
  return database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientId, recipientId));
}

describe('daily digest and retries over hours (time-skipping server)', () => {
  it('bundles a digest facility’s messages into one at 7:00 Paris time; others are told at once', async () => {
    await withWorker({}, async (taskQueue, started) => {
      const busy = await facility('busy', true);
      const quiet = await facility('quiet', false);
      const first = await sendReferral(taskQueue, started, [busy, quiet]);
      const second = await sendReferral(taskQueue, started, [busy]);
      const waiting = await waitFor('the busy facility’s messages kept for the digest', async () => {
        const rows = await rowsTo(busy.id);
        return rows.length === 2 && rows.every((row) => row.status === 'digest') ? rows : undefined;
      });
      expect(waiting.map((row) => row.template)).toEqual(['facility_new_request', 'facility_new_request']);
      await waitFor('the quiet facility told at once', async () =>
        (await rowsTo(quiet.id)).some((row) => row.status === 'stored') ? true : undefined,
      );

      const digestRun = await env.client.workflow.start('dailyDigestWorkflow', {
        args: [{}],
        workflowId: `notifications/daily-digest-test-${randomUUID()}`,
        taskQueue,
      });
      started.push(digestRun);
      await env.sleep(25 * hour);
      const digest = await waitFor('the digest', async () => {
        const rows = await rowsTo(busy.id);
        return rows.find((row) => row.template === 'daily_digest' && row.status === 'stored');
      });
      expect(digest.subject).toMatch(/^Récapitulatif Parcours du \d{2}\/\d{2}\/\d{4} : 2 messages$/);
      expect(digest.idempotencyKey).toMatch(new RegExp(`^digest/${busy.id}/\\d{4}-\\d{2}-\\d{2}$`));
      for (const caseId of [first, second])
        expect(digest.textBody).toContain(`http://localhost:3000/demandes/${caseId}`);
      expect(digest.htmlBody).toContain('<ul');
      const bundled = (await rowsTo(busy.id)).filter((row) => row.template === 'facility_new_request');
      expect(bundled.map((row) => [row.status, row.digestId])).toEqual([
        ['digested', digest.id],
        ['digested', digest.id],
      ]);
      expect((await rowsTo(quiet.id)).map((row) => row.template)).toEqual(['facility_new_request']);

      // The next day's run finds nothing new: no second digest.
      await env.sleep(24 * hour);
      expect((await rowsTo(busy.id)).filter((row) => row.template === 'daily_digest')).toHaveLength(1);
    });
  });

  it('marks a message failed after the last retry, with the last reason, every attempt recorded', async () => {
    await withWorker({ viaStub: true }, async (taskQueue, started) => {
      const unreachable = await facility('unreachable', false);
      stub.failNext(
        unreachable.email,
        Array.from({ length: 20 }, () => 503),
      );
      await sendReferral(taskQueue, started, [unreachable]);
      await env.sleep(2 * hour);
      const failed = await waitFor('the message failed for good', async () => {
        const [row] = await rowsTo(unreachable.id);
        return row?.status === 'failed' ? row : undefined;
      });
      expect(failed.failureReason).toBe(
        'Échec après la dernière tentative : Resend : erreur temporaire (503 internal_server_error)',
      );
      expect(failed.attempts).toBe(deliveryRetry.maximumAttempts);
      expect(stub.requestsTo(unreachable.email)).toHaveLength(deliveryRetry.maximumAttempts);
      expect(stub.deliveriesTo(unreachable.email)).toHaveLength(0);
      const attempts = await database.db
        .select()
        .from(messageDeliveryAttempts)
        .where(and(eq(messageDeliveryAttempts.messageId, failed.id), eq(messageDeliveryAttempts.outcome, 'retry')));
      expect(attempts).toHaveLength(deliveryRetry.maximumAttempts);
    });
  });
});
