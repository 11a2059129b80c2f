import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDeliveryChannels } from '../../activities/channels/index.ts';
import { deliverAfterWriting, deliverMessage, deliverMessages } from '../../activities/deliver-message.ts';
import { enqueueMessages } from '../../activities/enqueue-messages.ts';
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts';
import { messageDeliveryAttempts, outboxMessages } from '../../db/schema.ts';
import { pcoPlatforms } from '../../db/schema-pco.ts';
import { createPcoOrientation, type NewPcoOrientation } from '../../domain/pco/orientation-state.ts';
import { demo } from '../support/platform.ts';
import { type ProviderStub, startProviderStub, stubKeys } from '../support/provider-stub.ts';

/** The delivery activity on its own, against the real database and the provider stub. */
let database: DatabaseConnection;
let stub: ProviderStub;
beforeAll(async () => {
  database = connectDatabase(inject('databaseUrl'), { max: 2 });
  stub = await startProviderStub();
});
afterAll(async () => {
  await stub?.close();
  await database?.close();
});

const channels = () =>
  createDeliveryChannels({
    resend: { apiKey: stubKeys.resend, baseUrl: stub.url, from: 'Parcours <notifications@parcours.example>' },
    brevo: { apiKey: stubKeys.brevo, baseUrl: stub.url, sender: 'Parcours' },
  });

async function queued(channel: 'email' | 'sms', address: string) {
  const [row] = await database.db
    .insert(outboxMessages)
    .values({
      idempotencyKey: `activity-test/${randomUUID()}`,
      channel,
      recipientAddress: address,
      template: 'login_code',
      category: 'security',
      subject: 'Votre code de connexion à Parcours : 123456',
      textBody: 'Parcours : Votre code de connexion à Parcours : 123456',
      htmlBody: channel === 'email' ? '<!doctype html>\n<html lang="fr"><body>123456</body></html>' : null,
      status: 'queued',
    })
    .returning();
  if (!row) throw new Error('row');
  return row;
}

describe('the delivery activity', () => {
  it('sends once: a second call for a sent message calls no provider', async () => {
    const row = await queued('sms', '+33611111111');
    const deps = { db: database.db, channels: channels() };
    expect(await deliverMessage(deps, { messageId: row.id })).toMatchObject({ status: 'sent' });
    expect(await deliverMessage(deps, { messageId: row.id })).toMatchObject({ status: 'sent' });
    expect(stub.requestsTo('33611111111')).toHaveLength(1);
  });

  it('never repeats an SMS whose outcome is unknown (Brevo does not deduplicate): failed, with the reason', async () => {
    const row = await queued('sms', '+33622222222');
    // A worker died during the call: its attempt stayed pending.
    await database.db
      .insert(messageDeliveryAttempts)
      .values({ messageId: row.id, attempt: 1, provider: 'brevo', outcome: 'pending' });
    const result = await deliverMessage({ db: database.db, channels: channels() }, { messageId: row.id });
    expect(result).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('non renvoyé pour éviter un doublon'),
    });
    expect(stub.requestsTo('33622222222')).toEqual([]);
    const attempts = await database.db
      .select()
      .from(messageDeliveryAttempts)
      .where(eq(messageDeliveryAttempts.messageId, row.id));
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['unknown']);
  });

  it('does the same after a cut connection on an SMS, but retries an e-mail (Resend deduplicates by key)', async () => {
    const sms = await queued('sms', '+33633333333');
    stub.failNext('33633333333', ['network']);
    expect(await deliverMessage({ db: database.db, channels: channels() }, { messageId: sms.id })).toMatchObject({
      status: 'failed',
    });
    const email = await queued('email', `cut-${randomUUID().slice(0, 6)}@activity.test`);
    stub.failNext(email.recipientAddress, ['network']);
    await expect(
      deliverMessage({ db: database.db, channels: channels() }, { messageId: email.id }),
    ).rejects.toMatchObject({
      type: 'DeliveryTemporaryFailure',
    });
    expect(await deliverMessage({ db: database.db, channels: channels() }, { messageId: email.id })).toMatchObject({
      status: 'sent',
    });
    expect(stub.deliveriesTo(email.recipientAddress)).toHaveLength(1);
  });

  it('delivers a step’s messages together; a retry calls the provider only for the one still to send', async () => {
    const deps = { db: database.db, channels: channels() };
    const [first, second, third] = await Promise.all(
      ['one', 'two', 'three'].map((name) => queued('email', `${name}-${randomUUID().slice(0, 6)}@together.test`)),
    );
    if (!first || !second || !third) throw new Error('rows');
    stub.failNext(second.recipientAddress, [503]);
    const messageIds = [first.id, second.id, third.id];
    await expect(deliverMessages(deps, { messageIds })).rejects.toMatchObject({
      type: 'DeliveryTemporaryFailure',
      message: expect.stringMatching(/^1 message\(s\) sur 3 à renvoyer : /),
    });
    expect(await deliverMessages(deps, { messageIds })).toMatchObject([
      { messageId: first.id, status: 'sent' },
      { messageId: second.id, status: 'sent' },
      { messageId: third.id, status: 'sent' },
    ]);
    for (const row of [first, third]) expect(stub.requestsTo(row.recipientAddress)).toHaveLength(1);
    expect(stub.requestsTo(second.recipientAddress).map((request) => request.status)).toEqual([503, 200]);
    const attempts = await database.db
      .select()
      .from(messageDeliveryAttempts)
      .where(eq(messageDeliveryAttempts.messageId, second.id));
    expect(attempts.map((attempt) => attempt.outcome).sort()).toEqual(['retry', 'sent']);
  });

  it('sends a deadline’s messages after writing them; what it could not send comes back for the delivery activity', async () => {
    const deps = { db: database.db, channels: channels() };
    const [first, second] = await Promise.all(
      ['one', 'two'].map((name) => queued('email', `${name}-${randomUUID().slice(0, 6)}@after-writing.test`)),
    );
    if (!first || !second) throw new Error('rows');
    stub.failNext(second.recipientAddress, [503]);
    // Never a failure: the step is written; the one the provider turned away is left queued.
    expect(await deliverAfterWriting(deps, [first.id, second.id])).toEqual([second.id]);
    const [stillQueued] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, second.id));
    expect(stillQueued?.status).toBe('queued');
    // The delivery activity then sends it; the first is not sent again.
    expect(await deliverMessages(deps, { messageIds: [second.id] })).toMatchObject([
      { messageId: second.id, status: 'sent' },
    ]);
    expect(await deliverAfterWriting(deps, [first.id, second.id])).toEqual([]);
    expect(stub.requestsTo(first.recipientAddress)).toHaveLength(1);
    expect(stub.requestsTo(second.recipientAddress).map((request) => request.status)).toEqual([503, 200]);
  });

  it('enqueues a PCO orientation’s messages for its platform, with an HTML body made from their text', async () => {
    const [platform] = await database.db.select().from(pcoPlatforms).limit(1);
    if (!platform) throw new Error('no PCO platform seeded');
    const caseId = randomUUID();
    const { state, events } = createPcoOrientation(
      {
        caseId,
        requesterId: demo.physician,
        platformId: platform.id,
        ageRange: platform.ageRange,
        child: { lastName: 'Martin', firstName: 'Léo', birthDate: '2023-05-01', sex: 'male', departement: '69' },
      } as unknown as NewPcoOrientation,
      new Date().toISOString(),
    );
    const result = await enqueueMessages(database.db, 'http://localhost:3000', {
      kind: 'pco',
      workflowId: `pco/${caseId}`,
      state,
      events,
    });
    expect(result.ids).toHaveLength(1);
    const [row] = await database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, result.ids[0] ?? ''));
    expect(row).toMatchObject({
      template: 'pco_new_orientation',
      category: 'new_request',
      recipientAddress: platform.email,
      recipientType: 'platform',
      recipientId: platform.id,
      status: 'queued',
      referralId: caseId,
    });
    expect(row?.htmlBody).toContain(`<a href="http://localhost:3000/pco/${caseId}"`);
    expect(`${row?.textBody}${row?.htmlBody}`).not.toMatch(/Martin|Léo|2023-05-01/);
  });
});
