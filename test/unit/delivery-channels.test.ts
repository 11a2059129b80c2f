import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrevoSmsChannel } from '../../activities/channels/brevo-sms.ts';
import type { ChannelMessage } from '../../activities/channels/channel.ts';
import { createResendEmailChannel } from '../../activities/channels/resend-email.ts';
import { freePort } from '../../app/ports.ts';
import { loginCodeMessage } from '../../domain/messages/account-messages.ts';
import { type ProviderStub, startProviderStub, stubKeys } from '../support/provider-stub.ts';

let stub: ProviderStub;
beforeAll(async () => {
  stub = await startProviderStub();
});
afterAll(async () => {
  await stub?.close();
});

const signal = new AbortController().signal;
const code = loginCodeMessage({
  recipient: { type: 'address', email: 'x@example.fr' },
  code: '482913',
  validForMinutes: 10,
});

function email(to: string, key: string): ChannelMessage {
  return {
    to,
    subject: code.subject,
    text: code.text,
    html: code.html,
    idempotencyKey: key,
    tags: [
      { name: 'template', value: 'login_code' },
      { name: 'category', value: 'security' },
    ],
  };
}

describe('the Resend e-mail adapter', () => {
  const channel = () =>
    createResendEmailChannel({
      apiKey: stubKeys.resend,
      baseUrl: stub.url,
      from: 'Parcours <notifications@parcours.example>',
      replyTo: 'support@parcours.example',
    });

  it('posts /emails with the key, JSON snake_case body, tags and the Idempotency-Key header', async () => {
    const result = await channel().send(email('a@example.fr', 'messages/login/1/login_code/address:a'), signal);
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^re-/) });
    const [request] = stub.requestsTo('a@example.fr');
    expect(request?.path).toBe('/emails');
    expect(request?.headers.authorization).toBe(`Bearer ${stubKeys.resend}`);
    expect(request?.idempotencyKey).toBe('messages/login/1/login_code/address:a');
    expect(request?.body).toMatchObject({
      from: 'Parcours <notifications@parcours.example>',
      to: ['a@example.fr'],
      reply_to: 'support@parcours.example',
      subject: 'Votre code de connexion à Parcours : 482913',
      tags: [
        { name: 'template', value: 'login_code' },
        { name: 'category', value: 'security' },
      ],
    });
    expect(String(request?.body.text)).toContain('482913');
    expect(String(request?.body.html)).toContain('<html lang="fr"');
    expect(stub.problems).toEqual([]);
  });

  it('repeats a send with the same key without a second e-mail (the provider’s idempotency)', async () => {
    const first = await channel().send(email('b@example.fr', 'key-b'), signal);
    const again = await channel().send(email('b@example.fr', 'key-b'), signal);
    expect(again).toEqual(first);
    expect(stub.requestsTo('b@example.fr')).toHaveLength(2);
    expect(stub.deliveriesTo('b@example.fr')).toHaveLength(1);
  });

  it('calls 429 and 5xx temporary (with Retry-After), 422 a refusal, a cut connection an unknown outcome', async () => {
    stub.failNext('c@example.fr', [429, 503, 422, 'network']);
    const results = [];
    for (let attempt = 0; attempt < 4; attempt++)
      results.push(await channel().send(email('c@example.fr', 'key-c'), signal));
    expect(results).toEqual([
      expect.objectContaining({
        ok: false,
        retryable: true,
        httpStatus: 429,
        errorName: 'rate_limit_exceeded',
        retryAfterMs: 1000,
      }),
      expect.objectContaining({ ok: false, retryable: true, httpStatus: 503, errorName: 'internal_server_error' }),
      expect.objectContaining({ ok: false, retryable: false, httpStatus: 422, errorName: 'validation_error' }),
      expect.objectContaining({ ok: false, retryable: true, outcomeUnknown: true }),
    ]);
    expect(results[2]).toMatchObject({ reason: expect.stringContaining('Invalid `to` field.') });
    expect(stub.deliveriesTo('c@example.fr')).toEqual([]);
  });
});

describe('the Brevo SMS adapter', () => {
  const channel = () => createBrevoSmsChannel({ apiKey: stubKeys.brevo, baseUrl: stub.url, sender: 'Parcours' });
  const sms = (to: string): ChannelMessage => ({
    to,
    subject: code.subject,
    text: 'Parcours : Votre code de connexion à Parcours : 482913',
    idempotencyKey: `sms-${to}`,
    tags: [{ name: 'template', value: 'login_code' }],
  });

  it('posts /v3/transactionalSMS/sms with api-key, sender, number without + and transactional type', async () => {
    const result = await channel().send(sms('+33612345678'), signal);
    expect(result).toEqual({ ok: true, providerMessageId: expect.any(String) });
    const [request] = stub.requestsTo('33612345678');
    expect(request?.path).toBe('/v3/transactionalSMS/sms');
    expect(request?.headers['api-key']).toBe(stubKeys.brevo);
    expect(request?.body).toEqual({
      sender: 'Parcours',
      recipient: '33612345678',
      content: 'Parcours : Votre code de connexion à Parcours : 482913',
      type: 'transactional',
      tag: 'login_code',
      unicodeEnabled: true,
    });
    expect(stub.problems).toEqual([]);
  });

  it('calls 429 and 5xx temporary, 400 a refusal, a cut connection an unknown outcome, a refused connection temporary', async () => {
    stub.failNext('33698765432', [429, 500, 400, 'network']);
    const results = [];
    for (let attempt = 0; attempt < 4; attempt++) results.push(await channel().send(sms('+33698765432'), signal));
    expect(results).toEqual([
      expect.objectContaining({ ok: false, retryable: true, httpStatus: 429 }),
      expect.objectContaining({ ok: false, retryable: true, httpStatus: 500 }),
      expect.objectContaining({ ok: false, retryable: false, httpStatus: 400, errorName: 'invalid_parameter' }),
      expect.objectContaining({ ok: false, outcomeUnknown: true }),
    ]);
    const closed = createBrevoSmsChannel({
      apiKey: stubKeys.brevo,
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      sender: 'Parcours',
    });
    expect(await closed.send(sms('+33698765432'), signal)).toMatchObject({
      ok: false,
      retryable: true,
      errorName: 'ECONNREFUSED',
    });
    expect(stub.deliveriesTo('33698765432')).toEqual([]);
  });
});
