import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dossierVersions, outboxMessages, referralEvents, referrals } from '../../db/schema.ts';
import { familyInvitations } from '../../db/schema-family.ts';
import { seedDemoData } from '../../db/seed.ts';
import { defaultRetentionMonths } from '../../domain/retention.ts';
import { retentionWorkflow } from '../../workflows/retention.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';
import { createTimeSkippingHarness, day, storyTimeoutMs } from '../support/time-skipping.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
beforeAll(async () => {
  // Its own database: the run anonymises every case due, and two years pass here.
  scratch = await createScratchDatabase(inject('databaseUrl'), 'retention');
  await seedDemoData(scratch.db);
  h = await createTimeSkippingHarness({ databaseUrl: scratch.url });
});
afterAll(async () => {
  await h?.close();
  await scratch?.drop();
});

async function caseRow(caseId: string) {
  const [row] = await h.db.select().from(referrals).where(eq(referrals.id, caseId));
  if (!row) throw new Error(`case ${caseId} not projected`);
  return row;
}

async function rowsOf(table: typeof dossierVersions | typeof referralEvents, caseId: string) {
  const [row] = await h.db.select({ n: count() }).from(table).where(eq(table.referralId, caseId));
  return row?.n ?? 0;
}

/** A référent invitation of the case, as services/family/invitations.ts stores it (its address is personal data). */
async function invite(caseId: string) {
  await h.db.insert(familyInvitations).values({
    id: randomUUID(),
    kind: 'referent',
    referralId: caseId,
    email: `proche-${caseId.slice(0, 8)}@particulier.test`,
    invitedBy: demo.physician,
    expiresAt: new Date(Date.now() + 7 * day),
  });
}

async function invitationsOf(caseId: string) {
  const [row] = await h.db
    .select({ n: count() })
    .from(familyInvitations)
    .where(eq(familyInvitations.referralId, caseId));
  return row?.n ?? 0;
}

async function messagesOf(caseId: string) {
  const [row] = await h.db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.referralId, caseId));
  return row?.n ?? 0;
}

describe('retention (time-skipping: two years pass)', () => {
  it(
    'anonymises an EHPAD case closed more than 24 months ago and keeps one closed 12 months ago; a second run changes nothing',
    async () => {
      expect(defaultRetentionMonths.grand_age).toBe(24);
      await h.withWorker(async () => {
        const old = await h.startReferral({ tasks: await h.facilityTasks([demoFiness.berthet]) });
        await old.run('cancel', { actorId: demo.physician, reason: 'La famille a trouvé une autre solution.' });
        await old.until('closed', (state) => state.status === 'cancelled');

        await h.sleep(365 * day);
        const recent = await h.startReferral({ tasks: await h.facilityTasks([demoFiness.elisabeth]) });
        await recent.run('cancel', { actorId: demo.physician, reason: 'Retour à domicile organisé.' });
        await recent.until('closed', (state) => state.status === 'cancelled');
        expect(await messagesOf(old.caseId)).toBeGreaterThan(0);
        expect(await rowsOf(dossierVersions, old.caseId)).toBeGreaterThan(0);
        await invite(old.caseId);
        await invite(recent.caseId);

        // 24 months after the first closing, plus the end of its last day.
        await h.sleep(367 * day);
        const run = (asOf?: string) =>
          h.env.client.workflow.execute(retentionWorkflow, {
            args: [{ periods: defaultRetentionMonths, batchSize: 1, ...(asOf ? { asOf } : {}) }],
            workflowId: `retention/test-${randomUUID()}`,
            taskQueue: h.taskQueue(),
          });
        expect(await run()).toEqual({ anonymised: 1 });

        const purged = await caseRow(old.caseId);
        expect(purged).toMatchObject({
          patientLastName: '',
          patientFirstName: '',
          patientBirthDate: '1940-01-01',
          cancellationReason: null,
          status: 'cancelled',
          kind: 'ehpad',
        });
        expect(purged.anonymisedAt).not.toBeNull();
        expect(await rowsOf(dossierVersions, old.caseId)).toBe(0);
        expect(await messagesOf(old.caseId)).toBe(0);
        expect(await invitationsOf(old.caseId)).toBe(0);
        // The events stay, for the statistics, without the words typed.
        const events = await h.db.select().from(referralEvents).where(eq(referralEvents.referralId, old.caseId));
        expect(events.length).toBeGreaterThan(0);
        expect(JSON.stringify(events)).not.toContain('autre solution');

        const kept = await caseRow(recent.caseId);
        expect(kept).toMatchObject({
          patientLastName: 'Test',
          patientFirstName: 'Temps',
          patientBirthDate: '1940-03-03',
        });
        expect(kept.anonymisedAt).toBeNull();
        expect(await rowsOf(dossierVersions, recent.caseId)).toBeGreaterThan(0);
        expect(await invitationsOf(recent.caseId)).toBe(1);

        // Again at the same instant (the test server may leap years ahead when it has nothing to wait for).
        expect(await run(purged.anonymisedAt?.toISOString())).toEqual({ anonymised: 0 });
      });
    },
    storyTimeoutMs,
  );
});
