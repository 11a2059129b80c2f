import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { temporalTestServerPath } from '../../bin/temporal-tools.ts';
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts';
import { facilities, outboxMessages } from '../../db/schema.ts';
import { type NewReferral, referralWorkflowId } from '../../domain/referral-state.ts';
import { referralStateQuery, referralUpdates } from '../../workflows/referral-contract.ts';
import { completeDossier } from '../support/dossiers.ts';
import { recordHistory } from '../support/histories.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let env: TestWorkflowEnvironment;
let database: DatabaseConnection;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  database = connectDatabase(inject('databaseUrl'), { max: 3 });
});
afterAll(async () => {
  await env?.teardown();
  await database?.close();
});

async function facilityId(finess: string): Promise<string> {
  const [row] = await database.db.select({ id: facilities.id }).from(facilities).where(eq(facilities.finess, finess));
  if (!row) throw new Error('facility not seeded');
  return row.id;
}

async function remindersOf(caseId: string): Promise<string[]> {
  const rows = await database.db
    .select({ to: outboxMessages.recipientAddress })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.referralId, caseId), eq(outboxMessages.template, 'facility_reminder')));
  return rows.map((row) => row.to);
}

describe('facilities that stay silent', () => {
  it('are reminded once, when the answer deadline of the kind passes (15 days for an EHPAD)', async () => {
    const taskQueue = `reminders-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ db: database.db, appUrl: 'http://localhost:3000' }),
    });
    const caseId = randomUUID();
    const berthet = {
      taskId: randomUUID(),
      facilityId: await facilityId(demoFiness.berthet),
      facilityName: 'EHPAD SERGENT BERTHET',
    };
    const elisabeth = {
      taskId: randomUUID(),
      facilityId: await facilityId(demoFiness.elisabeth),
      facilityName: 'RESIDENCE SAINTE ELISABETH',
    };
    const patient = { lastName: 'Roche', firstName: 'Lucien', birthDate: '1939-06-02', sex: 'male' } as const;
    const input: NewReferral = {
      caseId,
      kind: 'ehpad',
      requesterId: demo.physician,
      patient,
      facilities: [berthet, elisabeth],
      dossier: completeDossier('ehpad', patient),
    };

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('referralWorkflow', {
        args: [input],
        workflowId: referralWorkflowId(caseId),
        taskQueue,
      });
      await handle.executeUpdate(referralUpdates.send, { args: [{ actorId: demo.physician }] });
      await env.sleep('1 day');
      await handle.executeUpdate(referralUpdates.accept, {
        args: [{ taskId: berthet.taskId, actorId: demo.berthetMember, proposedEntryDate: '2027-03-01' }],
      });

      await env.sleep('13 days');
      expect(await remindersOf(caseId)).toEqual([]);

      await env.sleep('2 days');
      const reminded = await waitFor('the reminder to the silent facility', async () => {
        const state = await handle.query(referralStateQuery);
        return state.tasks.find((task) => task.taskId === elisabeth.taskId)?.remindedAt ? state : undefined;
      });
      expect(reminded.tasks.find((task) => task.taskId === berthet.taskId)?.remindedAt).toBeUndefined();
      expect(await remindersOf(caseId)).toEqual(['admissions+690003983@demo.parcours.local']);

      // Once reminded, a facility is not reminded again however long it stays silent.
      await env.sleep('30 days');
      expect(await remindersOf(caseId)).toHaveLength(1);
      await recordHistory(handle, 'v2-ehpad-reminder-open');
    });
  });
});
