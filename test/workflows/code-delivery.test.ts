import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../db/schema.ts';
import { loginCodeMessage, phoneVerificationMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';
import { recordHistory } from '../support/histories.ts';
import { createNotificationHarness } from '../support/notification-harness.ts';

let h: Awaited<ReturnType<typeof createNotificationHarness>>;
let worker: { stop: () => Promise<void> };
beforeAll(async () => {
  h = await createNotificationHarness();
  worker = await h.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

const address = () => `code-${randomUUID().slice(0, 8)}@codes.test`;

async function rowsTo(email: string) {
  return h.db.select().from(outboxMessages).where(eq(outboxMessages.recipientAddress, email));
}

describe('one-time codes through the outbox', () => {
  it('sends a login code by e-mail once', async () => {
    const email = address();
    const key = `login-code/${randomUUID()}/1`;
    const [result] =
      (await sendMessages(h.client, {
        taskQueue: h.taskQueue,
        key,
        messages: [loginCodeMessage({ recipient: { type: 'address', email }, code: '123456', validForMinutes: 10 })],
        wait: true,
      })) ?? [];
    expect(result?.status).toBe('sent');
    expect(h.stub.deliveriesTo(email)).toHaveLength(1);
    expect((await rowsTo(email))[0]?.status).toBe('sent');
    await recordHistory(h.client.workflow.getHandle(`messages/${key}`), 'messages-v1-login-code-sent');
  });

  it('retries a code the provider refuses for a while, and sends it while it is valid', async () => {
    const email = address();
    h.stub.failNext(email, [503, 500, 429]);
    const key = `login-code/${randomUUID()}/1`;
    const expiresAt = new Date(Date.now() + 10 * 60_000);
    const [result] =
      (await sendMessages(h.client, {
        taskQueue: h.taskQueue,
        key,
        messages: [
          loginCodeMessage({ recipient: { type: 'address', email }, code: '654321', validForMinutes: 10, expiresAt }),
        ],
        wait: true,
      })) ?? [];
    expect(result?.status).toBe('sent');
    expect(h.stub.requestsTo(email).map((request) => request.status)).toEqual([503, 500, 429, 200]);
    expect(h.stub.deliveriesTo(email)).toHaveLength(1);
    expect((await rowsTo(email))[0]).toMatchObject({ status: 'sent', attempts: 4 });
    await recordHistory(h.client.workflow.getHandle(`messages/${key}`), 'messages-v2-code-retried-until-sent');
  }, 60_000);

  it('retries an SMS code on a failing provider until it expires, and not a moment longer', async () => {
    const phone = `+336${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    h.stub.failNext(
      phone.slice(1),
      Array.from({ length: 100 }, () => 503),
    );
    const validForMs = 6_000;
    const expiresAt = new Date(Date.now() + validForMs);
    const [result] =
      (await sendMessages(h.client, {
        taskQueue: h.taskQueue,
        key: `phone-verification/${randomUUID()}`,
        messages: [phoneVerificationMessage({ phone, code: '111222', validForMinutes: 1, expiresAt })],
        wait: true,
      })) ?? [];
    expect(result?.status).toBe('failed');
    const requests = h.stub.requestsTo(phone.slice(1));
    // 1 s, 2 s, 4 s of backoff fit in 6 s: a few attempts, then the retries stop with the code.
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.length).toBeLessThanOrEqual(5);
    expect(h.stub.deliveriesTo(phone.slice(1))).toHaveLength(0);
    const seen = requests.length;
    // Temporal gives up as soon as the next backoff would end past the expiry; nothing comes after it.
    const pastExpiry = expiresAt.getTime() + 1_000 - Date.now();
    if (pastExpiry > 0) await new Promise((resolve) => setTimeout(resolve, pastExpiry));
    expect(h.stub.requestsTo(phone.slice(1))).toHaveLength(seen);
    const [row] = await h.db.select().from(outboxMessages).where(eq(outboxMessages.recipientAddress, phone));
    expect(row).toMatchObject({ status: 'failed', attempts: seen });
    expect(row?.failureReason).toMatch(/Brevo/);
  }, 60_000);

  it('never sends a code that has already expired', async () => {
    const email = address();
    const [result] =
      (await sendMessages(h.client, {
        taskQueue: h.taskQueue,
        key: `login-code/${randomUUID()}/1`,
        messages: [
          loginCodeMessage({
            recipient: { type: 'address', email },
            code: '999000',
            validForMinutes: 10,
            expiresAt: new Date(Date.now() - 1_000),
          }),
        ],
        wait: true,
      })) ?? [];
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringMatching(/Code expiré/) });
    expect(h.stub.requestsTo(email)).toHaveLength(0);
  });
});
