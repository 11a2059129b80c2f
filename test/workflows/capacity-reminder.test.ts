import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CapacityReminderRequest } from '../../activities/collect-capacity-reminders.ts';
import { enqueueMessages } from '../../activities/enqueue-messages.ts';
import { createActivities } from '../../activities/index.ts';
import { temporalTestServerPath } from '../../app/temporal-tools.ts';
import {
  facilities,
  facilityMemberships,
  facilityNotificationSettings,
  outboxMessages,
  users,
} from '../../db/schema.ts';
import { isoWeek, parisDay } from '../../domain/calendar/days.ts';
import { isCapacityReminderDay } from '../../domain/directory/capacity-reminder.ts';
import { nextDigestAt } from '../../domain/messages/daily-digest.ts';
import { recordHistory } from '../support/histories.ts';
import { testClientDataConverter, testWorkerDataConverter } from '../support/payload-keys.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';
import { waitFor } from '../support/wait-for.ts';

/** Its own database: every facility with members and an old declaration is reminded, so only this file's. */
let database: Awaited<ReturnType<typeof createScratchDatabase>>;
const appUrl = 'http://localhost:3000';
const hour = 60 * 60 * 1000;
const day = 24 * hour;

beforeAll(async () => {
  database = await createScratchDatabase(inject('databaseUrl'), 'capacity_reminder');
});
afterAll(async () => {
  await database?.drop();
});

/** A facility whose declaration dates from `declaredAt` (never when null), with a manager unless `members: false`. */
async function facility(label: string, declaredAt: Date | null, options: { members?: boolean } = {}) {
  const [row] = await database.db
    .insert(facilities)
    .values({
      name: `EHPAD ${label}`,
      kind: 'ehpad',
      departement: '69',
      commune: 'Lyon',
      email: `${label}-${randomUUID().slice(0, 8)}@places.test`,
      ...(declaredAt ? { availablePlaces: 2, capacityDeclaredAt: declaredAt } : {}),
    })
    .returning();
  if (!row) throw new Error('facility');
  if (options.members !== false) {
    const [manager] = await database.db
      .insert(users)
      .values({ role: 'facility_member', displayName: `Direction ${label}`, email: `direction-${row.email}` })
      .returning();
    if (!manager) throw new Error('manager');
    await database.db.insert(facilityMemberships).values({ userId: manager.id, facilityId: row.id, role: 'manager' });
  }
  return row;
}

/** Waits until this run of the digest workflow has done its day and continued as new. */
function continuedAsNew(what: string, run: { describe: () => Promise<{ status: { name: string } }> }) {
  return waitFor(what, async () => ((await run.describe()).status.name === 'CONTINUED_AS_NEW' ? true : undefined));
}

function remindersTo(facilityId: string) {
  return database.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.recipientId, facilityId), eq(outboxMessages.template, 'capacity_reminder')));
}

describe('the weekly reminder to declare places', () => {
  it('reminds each facility with members whose declaration is old or missing, once a week', async () => {
    const until = '2026-06-15T05:00:00.000Z';
    const at = Date.parse(until);
    const stale = await facility('ancienne', new Date('2026-05-26T04:00:00Z'));
    const never = await facility('jamais', null);
    const digest = await facility('recapitulatif', new Date(at - 30 * day));
    await database.db.insert(facilityNotificationSettings).values({ facilityId: digest.id, dailyDigest: true });
    const fresh = await facility('fraiche', new Date(at - 3 * day));
    // 23:30 Paris on 8 June: seven Paris days before the run of 15 June, so not yet older than 7 days.
    const justFresh = await facility('limite', new Date('2026-06-08T21:30:00Z'));
    const nobody = await facility('sans-membre', new Date(at - 30 * day), { members: false });

    const run: CapacityReminderRequest = {
      kind: 'capacity-reminder',
      workflowId: 'notifications/daily-digest',
      day: '2026-06-15',
      until,
    };
    const first = await enqueueMessages(database.db, appUrl, run);

    const [toStale, ...moreToStale] = await remindersTo(stale.id);
    expect(moreToStale).toEqual([]);
    expect(toStale).toMatchObject({
      idempotencyKey: `capacity-reminder/${stale.id}/2026-W25`,
      channel: 'email',
      recipientAddress: stale.email,
      recipientType: 'facility',
      category: 'capacity',
      status: 'queued',
      referralId: null,
      subject: 'Mettez à jour vos places disponibles — EHPAD ancienne',
    });
    expect(toStale?.textBody).toContain(
      'La dernière déclaration de places disponibles de EHPAD ancienne date du 26/05/2026 (il y a 20 jours).',
    );
    expect(toStale?.textBody).toContain('ne la compte plus dans le classement');
    expect(toStale?.textBody).toContain(`${appUrl}/etablissements/${stale.id}`);
    expect(toStale?.htmlBody).toContain(`href="${appUrl}/etablissements/${stale.id}"`);

    const [toNever, ...moreToNever] = await remindersTo(never.id);
    expect(moreToNever).toEqual([]);
    expect(toNever?.textBody).toContain(
      'Aucune déclaration de places disponibles n’a encore été faite pour EHPAD jamais.',
    );
    expect(toNever?.textBody).toContain(`${appUrl}/etablissements/${never.id}`);

    // The daily digest bundles per-case messages; this one, weekly already, goes out at once.
    const [toDigest, ...moreToDigest] = await remindersTo(digest.id);
    expect(moreToDigest).toEqual([]);
    expect(toDigest?.status).toBe('queued');

    for (const quiet of [fresh, justFresh, nobody]) expect(await remindersTo(quiet.id), quiet.name).toEqual([]);
    expect(first.ids.sort()).toEqual([toStale?.id, toNever?.id, toDigest?.id].sort());

    // A retried activity finds its rows: nothing more is sent.
    const again = await enqueueMessages(database.db, appUrl, run);
    expect(again.enqueued).toBe(0);
    expect(again.ids.sort()).toEqual(first.ids.sort());
    // Another run that week reminds only who became stale since: one reminder per facility and week.
    const wednesday = await enqueueMessages(database.db, appUrl, { ...run, until: '2026-06-17T05:00:00.000Z' });
    expect(wednesday.enqueued).toBe(1);
    expect(await remindersTo(justFresh.id)).toHaveLength(1);
    for (const reminded of [stale, never, digest]) expect(await remindersTo(reminded.id)).toHaveLength(1);
  });

  it('goes out from the daily digest workflow on Monday mornings only, once (time-skipping server)', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      client: { dataConverter: testClientDataConverter },
    });
    try {
      const taskQueue = `capacity-reminder-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: testWorkerDataConverter,
        activities: createActivities({ db: database.db, appUrl }),
      });
      // Wake up on the next Monday at 5:00 Paris: the day's run (7:00) is a Monday one.
      const start = await env.currentTimeMs();
      let mondayDawn = nextDigestAt(start, 5);
      while (!isCapacityReminderDay(parisDay(new Date(mondayDawn)))) mondayDawn = nextDigestAt(mondayDawn, 5);
      await env.sleep(mondayDawn - start);
      const monday = parisDay(new Date(mondayDawn));
      const mondayRun = nextDigestAt(mondayDawn);
      const stale = await facility('lundi-ancienne', new Date(mondayRun - 12 * day));
      const never = await facility('lundi-jamais', null);
      const fresh = await facility('lundi-fraiche', new Date(mondayRun - 2 * day));

      await worker.runUntil(async () => {
        const started: WorkflowHandle[] = [];
        /** Starts a digest instance; time runs `hours`, and its first day's run must have continued as new. */
        async function digestRun(what: string, input: { hourInParis?: number }, hours: number) {
          const handle = await env.client.workflow.start('dailyDigestWorkflow', {
            args: [input],
            workflowId: `notifications/daily-digest-test-${randomUUID()}`,
            taskQueue,
          });
          started.push(handle);
          await env.sleep(hours * hour);
          const firstRun = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
          await continuedAsNew(what, firstRun);
          return firstRun;
        }
        try {
          const mondayMorning = await digestRun('Monday’s run', {}, 3);
          for (const reminded of [stale, never]) {
            const [sent, ...more] = await remindersTo(reminded.id);
            expect(more, reminded.name).toEqual([]);
            expect(sent).toMatchObject({
              idempotencyKey: `capacity-reminder/${reminded.id}/${isoWeek(monday)}`,
              status: 'stored',
              data: expect.objectContaining({ workflowId: mondayMorning.workflowId }),
            });
          }
          expect(await remindersTo(fresh.id)).toEqual([]);
          await recordHistory(mondayMorning, 'digest-v3-capacity-reminder');

          // A second run that Monday (another instance, at 9:00) sends nothing more.
          await digestRun('the second Monday run', { hourInParis: 9 }, 2);
          for (const reminded of [stale, never]) expect(await remindersTo(reminded.id)).toHaveLength(1);

          // Tuesday: a facility stale since Monday hears nothing until next Monday.
          const late = await facility('mardi-jamais', null);
          const tuesdayRuns = await Promise.all(
            started.map(async (handle) => (await env.client.workflow.getHandle(handle.workflowId).describe()).runId),
          );
          await env.sleep(day);
          for (const [index, runId] of tuesdayRuns.entries()) {
            const tuesday = env.client.workflow.getHandle(started[index]?.workflowId ?? '', runId);
            await continuedAsNew('Tuesday’s run', tuesday);
          }
          expect(await remindersTo(late.id)).toEqual([]);
          for (const reminded of [stale, never]) expect(await remindersTo(reminded.id)).toHaveLength(1);
        } finally {
          for (const handle of started) await handle.terminate('fin du scénario').catch(() => {});
        }
      });
    } finally {
      await env.teardown();
    }
  });
});
