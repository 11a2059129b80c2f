import { createHmac, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryView } from '../../api/notifications/deliveries.ts';
import type { PreferencesView } from '../../api/notifications/preferences.ts';
import { notificationRoutes } from '../../api/notifications/routes.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { facilities, facilityMemberships, outboxMessages, users } from '../../db/schema.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, localClient, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

/** People and facilities of this file only: the preferences set here touch no other test. */
async function person(role: 'physician' | 'facility_member', facilityId?: string) {
  const [row] = await platform.db
    .insert(users)
    .values({
      role,
      displayName: `Test ${role} ${run}`,
      email: `${role}-${randomUUID().slice(0, 8)}@notifications-api.test`,
    })
    .returning();
  if (!row) throw new Error('user');
  if (facilityId) await platform.db.insert(facilityMemberships).values({ userId: row.id, facilityId, role: 'manager' });
  return row;
}

async function facility(label: string) {
  const [row] = await platform.db
    .insert(facilities)
    .values({
      name: `EHPAD ${label} ${run}`,
      kind: 'ehpad',
      departement: '69',
      commune: 'Lyon',
      email: `${label}-${run}@notifications-api.test`,
    })
    .returning();
  if (!row) throw new Error('facility');
  return row;
}

async function sentCase(requesterId: string, facilityIds: string[]) {
  const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
    as: requesterId,
    body: {
      kind: 'ehpad',
      patient: {
        lastName: `Notif${run}`,
        firstName: 'Odile',
        birthDate: '1936-02-02',
        sex: 'female',
        departement: '69',
      },
      dossier: completeDossier('ehpad'),
      confirmNotDuplicate: true,
      facilityIds,
    },
  });
  expect(created.status).toBe(201);
  return created.body;
}

describe('notifications through the API', () => {
  it('shows the sender each message of a case and how its delivery went; a facility sees its own only', async () => {
    const [a, b] = await Promise.all([facility('a'), facility('b')]);
    const physician = await person('physician');
    const memberOfA = await person('facility_member', a.id);
    const referral = await sentCase(physician.id, [a.id, b.id]);
    const deliveries = await waitFor('both messages stored', async () => {
      const read = await platform.api<{ items: DeliveryView[] }>('GET', `/api/referrals/${referral.id}/messages`, {
        as: physician.id,
      });
      return read.body.items.length === 2 && read.body.items.every((item) => item.status === 'stored')
        ? read.body.items
        : undefined;
    });
    expect(deliveries.map((item) => [item.template, item.recipient, item.channel, item.statusLabel]).sort()).toEqual(
      [
        ['facility_new_request', a.name, 'email', 'Conservé par la boîte mail de développement'],
        ['facility_new_request', b.name, 'email', 'Conservé par la boîte mail de développement'],
      ].sort(),
    );
    expect(deliveries[0]?.history).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent' })]);

    const asA = await platform.api<{ items: DeliveryView[] }>('GET', `/api/referrals/${referral.id}/messages`, {
      as: memberOfA.id,
    });
    expect(asA.body.items.map((item) => item.recipient)).toEqual([a.name]);
    const stranger = await platform.api('GET', `/api/referrals/${referral.id}/messages`, { as: demo.otherPhysician });
    expect(stranger.status).toBe(404);
  });

  it('puts a message that failed after its last retry on the case timeline, after its event, for the sender', async () => {
    const [a, b] = await Promise.all([facility('fa'), facility('fb')]);
    const physician = await person('physician');
    const memberOfA = await person('facility_member', a.id);
    const referral = await sentCase(physician.id, [a.id, b.id]);
    await waitFor('stored', async () => {
      const rows = await platform.messagesOf(referral.id);
      return rows.length === 2 && rows.every((row) => row.status === 'stored') ? true : undefined;
    });
    // As the delivery activity leaves it after the last retry (see test/workflows/daily-digest.test.ts).
    await platform.db
      .update(outboxMessages)
      .set({
        status: 'failed',
        failedAt: new Date(),
        failureReason: 'Échec après la dernière tentative : Resend : erreur temporaire (503)',
      })
      .where(eq(outboxMessages.recipientAddress, b.email));
    const detail = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.id}`, { as: physician.id });
    const taskB = detail.body.tasks.find((task) => task.facility.id === b.id);
    const sentB = detail.body.timeline.findIndex((event) => event.type === 'task.sent' && event.taskId === taskB?.id);
    expect(detail.body.timeline[sentB + 1]).toMatchObject({
      type: 'message.failed',
      label: `E-mail non remis à ${b.name}`,
      taskId: taskB?.id,
      data: expect.objectContaining({ template: 'facility_new_request', reason: expect.stringContaining('503') }),
    });
    const asA = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.id}`, { as: memberOfA.id });
    expect(asA.body.timeline.some((event) => event.type === 'message.failed')).toBe(false);
    const page = await (
      await platform.app.request(`/demandes/${referral.id}`, {
        headers: { cookie: await platform.cookieOf(physician.id) },
      })
    ).text();
    expect(page).toContain(`E-mail non remis à ${b.name}`);
  });

  it('serves the development mailbox per recipient, newest first, with an HTML preview that cannot run scripts', async () => {
    const a = await facility('mailbox');
    const physician = await person('physician');
    const first = await sentCase(physician.id, [a.id]);
    await platform.api('POST', `/api/referrals/${first.id}/cancel`, {
      as: physician.id,
      body: { reason: 'Erreur de saisie' },
    });
    const items = await waitFor('two messages for the facility', async () => {
      const read = await platform.api<{ items: { template: string; html: string; text: string; status: string }[] }>(
        'GET',
        `/api/dev/mailbox?to=${encodeURIComponent(a.email)}`,
      );
      return read.body.items.length === 2 && read.body.items.every((item) => item.status === 'stored')
        ? read.body.items
        : undefined;
    });
    expect(items.map((item) => item.template)).toEqual(['facility_request_withdrawn', 'facility_new_request']);
    expect(items[1]?.text).toContain(`/demandes/${first.id}`);
    expect(items[1]?.html).toContain('<html lang="fr"');
    const page = await (
      await platform.app.request(`/dev/boite-mail?a=${encodeURIComponent(a.email)}`, {}, localClient)
    ).text();
    expect(page).toContain('sandbox=""');
    expect(page).toContain('srcdoc="&lt;!doctype html&gt;');
    expect(page).toContain('Version texte');
  });

  it('keeps each person’s choices per category, refuses a phone number here and SMS without a verified number, and lets a facility manager take a daily digest', async () => {
    const physician = await person('physician');
    const defaults = await platform.api<PreferencesView>('GET', '/api/notifications/preferences', { as: physician.id });
    expect(defaults.body).toMatchObject({ phone: null, phoneVerified: false });
    expect(defaults.body.categories.every((category) => category.mode === 'email')).toBe(true);

    // The number is the account's, proved by an SMS code: a typed one here would receive SMS unchecked.
    const withPhone = await platform.api<{ code: string; message: string }>('PUT', '/api/notifications/preferences', {
      as: physician.id,
      body: { phone: '06 12 34 56 78', modes: { answer: 'email' } },
    });
    expect(withPhone.status).toBe(422);
    expect(withPhone.body).toMatchObject({
      code: 'notifications.phone_in_account',
      message: expect.stringContaining('« Mon compte »'),
    });
    const nullPhone = await platform.api('PUT', '/api/notifications/preferences', {
      as: physician.id,
      body: { phone: null },
    });
    expect(nullPhone.status).toBe(422);

    const smsUnverified = await platform.api<{ code: string; details: unknown }>(
      'PUT',
      '/api/notifications/preferences',
      { as: physician.id, body: { modes: { answer: 'sms', stalled: 'email_and_sms', case_update: 'in_app' } } },
    );
    expect(smsUnverified.status).toBe(409);
    expect(smsUnverified.body).toMatchObject({
      code: 'notifications.sms_needs_verified_phone',
      details: { categories: ['answer', 'stalled'] },
    });
    // Nothing of a refused request is kept.
    const unchanged = await platform.api<PreferencesView>('GET', '/api/notifications/preferences', {
      as: physician.id,
    });
    expect(unchanged.body.categories.every((category) => category.mode === 'email')).toBe(true);

    // A number typed somewhere but never verified is no better than none.
    await platform.db.update(users).set({ phone: '+33612345678' }).where(eq(users.id, physician.id));
    const stillRefused = await platform.api('PUT', '/api/notifications/preferences', {
      as: physician.id,
      body: { modes: { answer: 'sms' } },
    });
    expect(stillRefused.status).toBe(409);

    // As the SMS code flow leaves it (test/api/account.test.ts goes through it).
    await platform.db.update(users).set({ phoneVerifiedAt: new Date() }).where(eq(users.id, physician.id));
    const saved = await platform.api<PreferencesView>('PUT', '/api/notifications/preferences', {
      as: physician.id,
      body: { modes: { answer: 'sms', stalled: 'email_and_sms', case_update: 'in_app' } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ phone: '+33612345678', phoneVerified: true });
    expect(
      Object.fromEntries(saved.body.categories.map((category) => [category.category, category.mode])),
    ).toMatchObject({
      answer: 'sms',
      stalled: 'email_and_sms',
      case_update: 'in_app',
      new_request: 'email',
    });
    expect(saved.body.categories.some((category) => category.smsFallsBackToEmail)).toBe(false);

    // The number changes (unverified again): the choice stays, shown as going by e-mail.
    await platform.db.update(users).set({ phoneVerifiedAt: null }).where(eq(users.id, physician.id));
    const fallback = await platform.api<PreferencesView>('GET', '/api/notifications/preferences', { as: physician.id });
    expect(
      fallback.body.categories.filter((category) => category.smsFallsBackToEmail).map((category) => category.category),
    ).toEqual(['answer', 'stalled']);

    const unknownMode = await platform.api('PUT', '/api/notifications/preferences', {
      as: physician.id,
      body: { modes: { security: 'in_app' } },
    });
    expect(unknownMode.status).toBe(422);

    const a = await facility('digest');
    const manager = await person('facility_member', a.id);
    const digest = await platform.api('PUT', `/api/notifications/facilities/${a.id}/digest`, {
      as: manager.id,
      body: { dailyDigest: true },
    });
    expect(digest.body).toEqual({ facilityId: a.id, dailyDigest: true });
    const forbidden = await platform.api('PUT', `/api/notifications/facilities/${a.id}/digest`, {
      as: physician.id,
      body: { dailyDigest: true },
    });
    expect(forbidden.status).toBe(403);
    // The digest now holds the facility's new requests until 7:00.
    const referral = await sentCase(physician.id, [a.id]);
    await waitFor('the message kept for the digest', async () =>
      (await platform.messagesOf(referral.id)).some((row) => row.status === 'digest') ? true : undefined,
    );
  });

  it('marks a sent e-mail delivered, or bounced, from Resend’s signed webhook', async () => {
    const secret = `whsec_${Buffer.from(`secret-${run}`).toString('base64')}`;
    const app = notificationRoutes({ db: platform.db, resendWebhookSecret: secret });
    const [row] = await platform.db
      .insert(outboxMessages)
      .values({
        idempotencyKey: `webhook-test/${run}`,
        channel: 'email',
        recipientAddress: `webhook-${run}@notifications-api.test`,
        template: 'login_code',
        subject: 'Code',
        textBody: 'Bonjour',
        status: 'sent',
        provider: 'resend',
        providerMessageId: `re-webhook-${run}`,
      })
      .returning();
    const post = (event: unknown, signWith = secret) => {
      const payload = JSON.stringify(event);
      const id = `msg_${randomUUID()}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(signWith.replace(/^whsec_/, ''), 'base64');
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${payload}`).digest('base64');
      return app.request('/webhooks/resend', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'svix-id': id,
          'svix-timestamp': timestamp,
          'svix-signature': `v1,${signature}`,
        },
        body: payload,
      });
    };
    const delivered = {
      type: 'email.delivered',
      created_at: new Date().toISOString(),
      data: { email_id: `re-webhook-${run}` },
    };
    expect((await post(delivered, `whsec_${Buffer.from('wrong').toString('base64')}`)).status).toBe(401);
    const accepted = await post(delivered);
    expect(await accepted.json()).toEqual({ updated: 1 });
    const [after] = await platform.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, row?.id ?? ''));
    expect(after).toMatchObject({ status: 'delivered' });
    expect(after?.deliveredAt).not.toBeNull();
    await post({
      type: 'email.bounced',
      data: { email_id: `re-webhook-${run}`, bounce: { message: 'Mailbox does not exist' } },
    });
    const [bounced] = await platform.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, row?.id ?? ''));
    expect(bounced).toMatchObject({
      status: 'failed',
      failureReason: 'Non remis (email.bounced) : Mailbox does not exist',
    });
  });
});
