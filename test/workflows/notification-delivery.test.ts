import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../support/histories.ts';
import { createNotificationHarness } from '../support/notification-harness.ts';
import { waitFor } from '../support/wait-for.ts';

let h: Awaited<ReturnType<typeof createNotificationHarness>>;
beforeAll(async () => {
  h = await createNotificationHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('messages of a referral, delivered once through the provider', () => {
  it('sends a new request to three facilities, one of them after two failed attempts: one e-mail each', async () => {
    const worker = await h.startWorker();
    try {
      const [a, b, c] = await Promise.all([h.facility('a'), h.facility('b'), h.facility('c')]);
      if (!a || !b || !c) throw new Error('facilities');
      const physician = await h.physician();
      h.stub.failNext(b.email, [429, 503]);
      // The provider keeps c's request unanswered: the update must answer all the same, since it
      // waits for the messages to be enqueued, not delivered (no timing involved).
      const held = h.stub.hold(c.email);
      const referral = await h.startReferral({ requesterId: physician.id, facilities: [a, b, c] });
      expect(h.stub.deliveriesTo(c.email)).toEqual([]);
      await held.arrived;
      held.release();

      const rows = await h.settled(referral.caseId);
      expect(rows.map((row) => [row.template, row.recipientAddress, row.status]).sort()).toEqual(
        [
          ['facility_new_request', a.email, 'sent'],
          ['facility_new_request', b.email, 'sent'],
          ['facility_new_request', c.email, 'sent'],
        ].sort(),
      );
      for (const facility of [a, b, c]) {
        const deliveries = h.stub.deliveriesTo(facility.email);
        expect(deliveries, facility.email).toHaveLength(1);
        const row = rows.find((candidate) => candidate.recipientAddress === facility.email);
        expect(row?.providerMessageId).toBe(deliveries[0]?.id);
        expect(row?.provider).toBe('resend');
        expect(deliveries[0]?.idempotencyKey).toBe(row?.idempotencyKey);
      }

      // The failed attempts are visible: on the provider's side (same key each time) and recorded per message.
      const rowB = rows.find((row) => row.recipientAddress === b.email);
      expect(rowB?.idempotencyKey).toMatch(new RegExp(`^referral/${referral.caseId}/\\d+/facility:${b.id}$`));
      expect(h.stub.requestsTo(b.email).map((request) => [request.status, request.idempotencyKey])).toEqual([
        [429, rowB?.idempotencyKey],
        [503, rowB?.idempotencyKey],
        [200, rowB?.idempotencyKey],
      ]);
      expect(rowB).toMatchObject({ attempts: 3, failureReason: null });
      expect(
        (await h.attempts(rowB?.id ?? '')).map((attempt) => [attempt.attempt, attempt.outcome, attempt.httpStatus]),
      ).toEqual([
        [1, 'retry', 429],
        [2, 'retry', 503],
        [3, 'sent', null],
      ]);
      const rowA = rows.find((row) => row.recipientAddress === a.email);
      expect((await h.attempts(rowA?.id ?? '')).map((attempt) => attempt.outcome)).toEqual(['sent']);

      // What the provider received: sender, reply-to, HTML and text, tags; no patient name, no medical detail.
      const body = h.stub.deliveriesTo(a.email)[0]?.body ?? {};
      expect(body).toMatchObject({
        from: 'Parcours <notifications@parcours.example>',
        reply_to: 'contact@parcours.example',
        subject: expect.stringContaining('Nouvelle demande d’admission (EHPAD)'),
        tags: expect.arrayContaining([{ name: 'template', value: 'facility_new_request' }]),
      });
      expect(String(body.html)).toContain(`href="http://localhost:3000/demandes/${referral.caseId}"`);
      expect(`${body.subject}${body.text}${body.html}`).not.toMatch(/Dupont|Jeanne|1938|Fracture|Amlodipine/);
      expect(h.stub.problems).toEqual([]);

      await referral.update('cancel', { actorId: physician.id, reason: 'Fin du scénario' });
      await referral.handle.result();
      await recordHistory(referral.handle, 'v9-ehpad-three-facilities-notified-together');
    } finally {
      await worker.stop();
    }
  });

  it('records a refusal by the provider (422) as failed with its reason, without retrying', async () => {
    const worker = await h.startWorker();
    try {
      const refusing = await h.facility('refusing');
      const physician = await h.physician();
      h.stub.failNext(refusing.email, [422]);
      const referral = await h.startReferral({ requesterId: physician.id, facilities: [refusing] });
      const [row] = await h.settled(referral.caseId);
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row?.failureReason).toMatch(/Resend a refusé le message \(422 validation_error\)/);
      expect(row?.failedAt).not.toBeNull();
      expect(h.stub.requestsTo(refusing.email)).toHaveLength(1);
      expect(h.stub.deliveriesTo(refusing.email)).toHaveLength(0);
      await referral.update('cancel', { actorId: physician.id, reason: 'Fin du scénario' });
      await referral.handle.result();
      await recordHistory(referral.handle, 'v9-ehpad-delivery-refused-together');
    } finally {
      await worker.stop();
    }
  });

  it('delivers once when the worker is killed between "enqueued" and "sent", and another takes over', async () => {
    const facility = await h.facility('killed');
    const physician = await h.physician();
    const held = h.stub.hold(facility.email);
    const doomed = await h.startWorkerProcess();
    const referral = await h.startReferral({ requesterId: physician.id, facilities: [facility] });
    await held.arrived;
    // Enqueued, and the provider has the request in hand: the worker dies before hearing back.
    const [enqueued] = await h.messages(referral.caseId);
    expect(enqueued).toMatchObject({ status: 'queued', attempts: 0 });
    doomed.kill('SIGKILL');
    await new Promise((resolve) => doomed.once('exit', resolve));
    // The provider went on and sent it; the answer reached nobody.
    held.release();
    await waitFor('the held request processed', async () =>
      h.stub.deliveriesTo(facility.email).length === 1 ? true : undefined,
    );
    expect((await h.messages(referral.caseId))[0]?.status).toBe('queued');

    const worker = await h.startWorker();
    try {
      // The server notices the dead worker by its missing heartbeat (5 s), then retries.
      const [row] = await h.settled(referral.caseId, 60_000);
      expect(row, JSON.stringify(await h.attempts(row?.id ?? ''))).toMatchObject({ status: 'sent' });
      // Retried with the same idempotency key: the provider answered with the first e-mail, and sent no other.
      expect(h.stub.deliveriesTo(facility.email)).toHaveLength(1);
      expect(row?.providerMessageId).toBe(h.stub.deliveriesTo(facility.email)[0]?.id);
      const requests = h.stub.requestsTo(facility.email);
      expect(requests).toHaveLength(2);
      expect(new Set(requests.map((request) => request.idempotencyKey)).size).toBe(1);
      expect((await h.attempts(row?.id ?? '')).map((attempt) => attempt.outcome)).toEqual(['unknown', 'sent']);
      await referral.update('cancel', { actorId: physician.id, reason: 'Fin du scénario' });
      await referral.handle.result();
      await recordHistory(referral.handle, 'v9-ehpad-worker-killed-mid-delivery-together');
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('sends the requester an SMS as well when so chosen, in E.164, without patient detail', async () => {
    const worker = await h.startWorker();
    try {
      const facility = await h.facility('sms');
      const physician = await h.physician({ phone: '06 12 34 56 78', preferences: { answer: 'email_and_sms' } });
      const referral = await h.startReferral({ requesterId: physician.id, facilities: [facility] });
      const taskId = referral.tasks[0]?.taskId ?? '';
      await referral.update('refuse', { taskId, actorId: physician.id, reasonCode: 'no_place' });
      const rows = await h.settled(referral.caseId);
      const toRequester = rows.filter((row) => row.template === 'requester_answer_received');
      expect(toRequester.map((row) => [row.channel, row.recipientAddress, row.status]).sort()).toEqual([
        ['email', physician.email, 'sent'],
        ['sms', '+33612345678', 'sent'],
      ]);
      const [sms] = h.stub.deliveriesTo('33612345678');
      expect(sms?.provider).toBe('brevo');
      expect(sms?.body).toMatchObject({ sender: 'Parcours', recipient: '33612345678', type: 'transactional' });
      expect(String(sms?.body.content)).toContain(`http://localhost:3000/demandes/${referral.caseId}`);
      expect(String(sms?.body.content)).not.toMatch(/Dupont|Jeanne|1938/);
      expect(h.stub.problems).toEqual([]);
    } finally {
      await worker.stop();
    }
  });

  it('keeps a message only in the app when the person chose so', async () => {
    const worker = await h.startWorker();
    try {
      const facility = await h.facility('inapp');
      const physician = await h.physician({ preferences: { answer: 'in_app' } });
      const referral = await h.startReferral({ requesterId: physician.id, facilities: [facility] });
      await referral.update('refuse', {
        taskId: referral.tasks[0]?.taskId ?? '',
        actorId: physician.id,
        reasonCode: 'no_place',
      });
      const rows = await h.settled(referral.caseId);
      expect(rows.find((row) => row.template === 'requester_answer_received')).toMatchObject({
        channel: 'in_app',
        status: 'in_app',
        attempts: 0,
      });
      expect(h.stub.requestsTo(physician.email)).toEqual([]);
    } finally {
      await worker.stop();
    }
  });
});
