import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { completeDossier } from '../support/dossiers.ts';
import { recordHistory } from '../support/histories.ts';
import { demo } from '../support/platform.ts';
import { createTimeSkippingHarness, day, storyTimeoutMs } from '../support/time-skipping.ts';

const hour = 60 * 60 * 1000;

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
beforeAll(async () => {
  h = await createTimeSkippingHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A particulier whose address is not confirmed yet (`users.email_verified_at` null). */
async function unconfirmedReferent(): Promise<string> {
  const [row] = await h.db
    .insert(users)
    .values({
      role: 'particulier',
      displayName: 'Anne Lefèvre',
      email: `famille-${randomUUID().slice(0, 8)}@particulier.test`,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  return row.id;
}

/** A family request as POST /api/family/requests starts it: a draft, its référent its requester. */
function startFamilyRequest(referentId: string, emailConfirmation: { confirmedAt?: string } = {}) {
  return h.startReferral({
    tasks: [],
    send: false,
    extra: {
      requesterId: referentId,
      dossier: undefined,
      origin: { kind: 'family', referentIds: [referentId], emailConfirmation },
      dossierNumber: `P-2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
    },
  });
}

describe('e-mail confirmation of a family request (time-skipping server, Paris days)', () => {
  it(
    'reminds a référent who never confirms at day 2, and cancels the request at day 4',
    async () => {
      await h.withWorker(async () => {
        const referentId = await unconfirmedReferent();
        const request = await startFamilyRequest(referentId);
        await h.sleep(2 * day - hour);
        expect((await request.state()).origin?.emailConfirmation.remindedAt).toBeUndefined();
        await h.sleep(2 * hour);
        await request.until('the reminder', (state) => state.origin?.emailConfirmation.remindedAt !== undefined);
        const reminders = await h.messages(request.caseId, 'referent_email_reminder');
        expect(reminders.map((message) => message.recipientId)).toEqual([referentId]);
        await h.sleep(2 * day - 2 * hour);
        expect((await request.state()).status).toBe('draft');
        await h.sleep(2 * hour);
        const cancelled = await request.until('the cancellation', (state) => state.status === 'cancelled');
        expect(cancelled.cancellationReason).toBe('email_not_confirmed');
        expect(cancelled.origin?.emailConfirmation.confirmedAt).toBeUndefined();
        expect(await h.messages(request.caseId, 'referent_email_not_confirmed')).toHaveLength(1);
        await recordHistory(request.handle, 'v7-family-email-never-confirmed');
      });
    },
    storyTimeoutMs,
  );

  it(
    'goes on when the référent confirms at day 3: reminded at day 2, never cancelled',
    async () => {
      await h.withWorker(async () => {
        const referentId = await unconfirmedReferent();
        const request = await startFamilyRequest(referentId);
        await h.sleep(2 * day + hour);
        await request.until('the reminder', (state) => state.origin?.emailConfirmation.remindedAt !== undefined);
        await h.sleep(day);
        // Day 3: the référent opens the link of the verification e-mail.
        await h.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, referentId));
        await h.sleep(day);
        const confirmed = await request.until(
          'the confirmation recorded at day 4',
          (state) => state.origin?.emailConfirmation.confirmedAt !== undefined,
        );
        expect(confirmed.status).toBe('draft');
        await h.sleep(3 * day);
        const later = await request.state();
        expect(later.status).toBe('draft');
        expect(later.cancellationReason).toBeUndefined();
        expect(await h.messages(request.caseId, 'referent_email_not_confirmed')).toHaveLength(0);
        expect(await h.messages(request.caseId, 'referent_email_reminder')).toHaveLength(1);
        await request.run('cancel', { actorId: referentId, reason: 'Fin du scénario' });
        await recordHistory(request.handle, 'v7-family-email-confirmed-day-3');
      });
    },
    storyTimeoutMs,
  );
});

describe('the médecin traitant’s part of a family request (time-skipping server, Paris days)', () => {
  it(
    'reminds the designated physician at day 7, marks the case stalled (party: physician) at day 15, clears it when they complete',
    async () => {
      await h.withWorker(async () => {
        const referentId = await unconfirmedReferent();
        const request = await startFamilyRequest(referentId, { confirmedAt: new Date().toISOString() });
        await request.run('designatePhysician', { actorId: referentId, physicianId: demo.physician });
        expect(await h.messages(request.caseId, 'physician_dossier_to_complete')).toHaveLength(1);
        await h.sleep(7 * day - hour);
        expect((await request.state()).origin?.physician?.remindedAt).toBeUndefined();
        await h.sleep(2 * hour);
        await request.until('the reminder', (state) => state.origin?.physician?.remindedAt !== undefined);
        const reminders = await h.messages(request.caseId, 'physician_reminder');
        expect(reminders.map((message) => message.recipientId)).toEqual([demo.physician]);
        await h.sleep(8 * day - 2 * hour);
        expect((await request.state()).stalled).toEqual([]);
        await h.sleep(2 * hour);
        const stalled = await request.until('the stalled mark', (state) => state.stalled.length > 0);
        expect(stalled.stalled).toEqual([expect.objectContaining({ reason: 'physician_pending', party: 'physician' })]);
        expect(await h.messages(request.caseId, 'physician_case_stalled')).toHaveLength(1);
        const patient = { lastName: 'Test', firstName: 'Temps', birthDate: '1940-03-03', sex: 'female' } as const;
        const completed = await request.run('completeByPhysician', {
          actorId: demo.physician,
          dossier: completeDossier('ehpad', patient),
          shareGir: false,
        });
        expect(completed.stalled).toEqual([]);
        expect(completed.origin?.physician?.completedAt).toBeDefined();
        expect(completed.dossier.missingParts).toEqual([]);
        expect(await h.messages(request.caseId, 'referent_dossier_completed')).toHaveLength(1);
        await request.run('cancel', { actorId: referentId, reason: 'Fin du scénario' });
        await recordHistory(request.handle, 'v7-family-physician-reminded-stalled-completed');
      });
    },
    storyTimeoutMs,
  );
});
