import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type CoordinatorDigestRequest,
  collectCoordinatorDigests,
} from '../../activities/collect-coordinator-digests.ts';
import { createActivities } from '../../activities/index.ts';
import { temporalTestServerPath } from '../../app/temporal-tools.ts';
import { notificationPreferences, outboxMessages, referrals, users } from '../../db/schema.ts';
import { coordinatorTerritories } from '../../db/schema-coordination.ts';
import { seedDemoData } from '../../db/seed.ts';
import { nextDigestAt } from '../../domain/messages/daily-digest.ts';
import { recordHistory } from '../support/histories.ts';
import { testClientDataConverter, testWorkerDataConverter } from '../support/payload-keys.ts';
import { demo } from '../support/platform.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Its own database: the counts of the Rhône must be exactly this file's stalled cases, not those
 * other files leave in the shared one.
 */
let database: Awaited<ReturnType<typeof createScratchDatabase>>;
const appUrl = 'http://localhost:3000';
const hour = 60 * 60 * 1000;
const now = Date.now();
const ago = (ms: number) => new Date(now - ms).toISOString();

beforeAll(async () => {
  database = await createScratchDatabase(inject('databaseUrl'), 'coordinator_digest');
  await seedDemoData(database.db);
});
afterAll(async () => {
  await database?.drop();
});

async function coordinator(label: string, territories: string[]) {
  const [row] = await database.db
    .insert(users)
    .values({
      role: 'coordinator',
      displayName: `Coordination ${label}`,
      email: `${label}-${randomUUID().slice(0, 8)}@coordination.test`,
    })
    .returning();
  if (!row) throw new Error('coordinator');
  for (const departement of territories)
    await database.db.insert(coordinatorTerritories).values({ userId: row.id, departement });
  return row;
}

/** A case of the read model, stalled (or not) as the workflow would have projected it. */
async function stalledReferral(departement: string, marks: { reason: string; party: string; since: string }[]) {
  const id = randomUUID();
  await database.db.insert(referrals).values({
    id,
    workflowId: `referral/${id}`,
    kind: 'ehpad',
    status: 'sent',
    requesterId: demo.physician,
    patientLastName: 'Dupont',
    patientFirstName: 'Jeanne',
    patientBirthDate: '1938-04-12',
    patientSex: 'female',
    departement,
    stalled: marks.length > 0,
    stalledMarks: marks,
    version: 1,
    createdAt: new Date(now - 40 * 24 * hour),
    updatedAt: new Date(),
  });
  return id;
}

function digestsTo(userId: string) {
  return database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientId, userId));
}

describe('the coordinators’ morning digest', () => {
  it('tells each coordinator of their territory’s stalled cases, once a day, unless they turned it off', async () => {
    await stalledReferral('69', [{ reason: 'facility_no_answer', party: 'facility', since: ago(10 * 24 * hour) }]);
    await stalledReferral('69', [{ reason: 'choice_pending', party: 'requester', since: ago(2 * hour) }]);
    await stalledReferral('69', [
      { reason: 'facility_no_answer', party: 'facility', since: ago(3 * hour) },
      { reason: 'facility_no_answer', party: 'facility', since: ago(hour) },
    ]);
    await stalledReferral('69', []);
    await stalledReferral('13', [{ reason: 'info_answer_pending', party: 'requester', since: ago(3 * 24 * hour) }]);
    const provence = await coordinator('provence', ['13']);
    const quiet = await coordinator('savoie', ['73']);
    const silenced = await coordinator('rhone-bis', ['69']);
    await database.db
      .insert(notificationPreferences)
      .values({ userId: silenced.id, category: 'coordination', mode: 'in_app' });

    const run: CoordinatorDigestRequest = {
      kind: 'coordinator-digest',
      workflowId: 'notifications/daily-digest',
      day: '2026-11-27',
      until: new Date(now).toISOString(),
      since: ago(24 * hour),
    };
    const first = await collectCoordinatorDigests(database.db, appUrl, run);

    const [julie, ...moreForJulie] = await digestsTo(demo.coordinatorRhone);
    expect(moreForJulie).toEqual([]);
    expect(julie).toMatchObject({
      idempotencyKey: `coordinator-digest/${demo.coordinatorRhone}/2026-11-27`,
      channel: 'email',
      recipientAddress: 'coordination.rhone@demo.parcours.local',
      template: 'coordinator_digest',
      category: 'coordination',
      status: 'queued',
      subject: 'Coordination du 27/11/2026 : 3 dossiers en retard, dont 2 nouveaux',
    });
    for (const line of [
      'Département 69 : 3 dossiers, dont 2 nouveaux.',
      'Pas de réponse de l’établissement dans le délai (attendu : établissement) : 2 dossiers.',
      'Accord reçu, sans choix du demandeur (attendu : demandeur) : 1 dossier.',
      'Attente la plus ancienne : depuis le ',
      '(10 jours), département 69, pas de réponse de l’établissement dans le délai',
      `${appUrl}/coordination`,
    ]) {
      expect(julie?.textBody).toContain(line);
    }
    const everything = JSON.stringify(julie).toLowerCase();
    for (const name of ['dupont', 'jeanne', '1938']) expect(everything).not.toContain(name);

    const [marseille, ...moreForMarseille] = await digestsTo(provence.id);
    expect(moreForMarseille).toEqual([]);
    expect(marseille?.subject).toBe('Coordination du 27/11/2026 : 1 dossier en retard');
    expect(marseille?.textBody).toContain('Département 13 : 1 dossier.');
    expect(marseille?.textBody).toContain('Informations demandées par l’établissement, sans réponse du demandeur');
    expect(marseille?.textBody).not.toContain('Département 69');

    expect(await digestsTo(quiet.id)).toEqual([]);
    expect(await digestsTo(silenced.id)).toEqual([]);
    expect(first.sort()).toEqual([julie?.id, marseille?.id].sort());

    // A retried or replayed run the same day finds its messages there: nothing more is sent.
    const again = await collectCoordinatorDigests(database.db, appUrl, { ...run, until: new Date().toISOString() });
    expect(again.sort()).toEqual(first.sort());
    expect(await digestsTo(demo.coordinatorRhone)).toHaveLength(1);
    expect(await digestsTo(provence.id)).toHaveLength(1);
  });

  it('goes out from the daily digest workflow at the facilities’ hour (time-skipping server)', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      client: { dataConverter: testClientDataConverter },
    });
    try {
      const taskQueue = `coordinator-digest-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: testWorkerDataConverter,
        activities: createActivities({ db: database.db, appUrl }),
      });
      await worker.runUntil(async () => {
        const handle = await env.client.workflow.start('dailyDigestWorkflow', {
          args: [{}],
          workflowId: `notifications/daily-digest-test-${randomUUID()}`,
          taskQueue,
        });
        try {
          // Up to an hour past the first 7:00 Paris after now, and no further: a 25-hour sleep begun
          // between 6:00 and 7:00 Paris would see two mornings, so two digests.
          const now = await env.currentTimeMs();
          await env.sleep(nextDigestAt(now) - now + hour);
          const firstRun = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
          await waitFor('the first day’s run continued as new', async () =>
            (await firstRun.describe()).status.name === 'CONTINUED_AS_NEW' ? true : undefined,
          );
          const sent = (await digestsTo(demo.coordinatorRhone)).filter((row) => row.status === 'stored');
          expect(sent).toHaveLength(1);
          expect(sent[0]?.subject).toMatch(/^Coordination du \d{2}\/\d{2}\/\d{4} : 3 dossiers en retard/);
          expect(sent[0]?.data).toMatchObject({ workflowId: handle.workflowId });
          await recordHistory(firstRun, 'digest-v2-coordinator-digest');
        } finally {
          await handle.terminate('fin du scénario').catch(() => {});
        }
      });
    } finally {
      await env.teardown();
    }
  });
});
