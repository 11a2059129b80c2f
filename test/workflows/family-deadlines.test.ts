import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { recordHistory } from '../support/histories.ts';
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
function startFamilyRequest(referentId: string) {
  return h.startReferral({
    tasks: [],
    send: false,
    extra: {
      requesterId: referentId,
      dossier: undefined,
      origin: { kind: 'family', referentIds: [referentId], emailConfirmation: {} },
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
