import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  facilities,
  facilityMemberships,
  facilityNotificationSettings,
  notificationPreferences,
  outboxMessages,
  users,
} from '../../db/schema.ts';
import { htmlFromText } from '../../domain/messages/layout.ts';
import { notificationCategories } from '../../domain/messages/preferences.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';
import { createAccountHarness, mobileNumber } from '../support/account-harness.ts';

let h: Awaited<ReturnType<typeof createAccountHarness>>;
beforeAll(async () => {
  h = await createAccountHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A facility of this file, managed by `userId`. */
async function managedFacility(userId: string) {
  const label = randomUUID().slice(0, 8);
  const [row] = await h.db
    .insert(facilities)
    .values({
      name: `EHPAD Récap ${label}`,
      kind: 'ehpad',
      departement: '69',
      commune: 'Lyon',
      email: `recap-${label}@preferences-page.test`,
    })
    .returning();
  if (!row) throw new Error('facility');
  await h.db.insert(facilityMemberships).values({ userId, facilityId: row.id, role: 'manager' });
  return row;
}

async function modesOf(userId: string) {
  const rows = await h.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return Object.fromEntries(rows.map((row) => [row.category, row.mode]));
}

/** Verifies a number through the real SMS-code flow, as a person would in « Mon compte ». */
async function verifyPhone(person: Awaited<ReturnType<typeof h.person>>) {
  const number = mobileNumber();
  await person.browser.request('POST', '/api/account/phone', { phone: number.typed });
  const code = await h.codeSentTo(number.e164);
  expect((await person.browser.request('POST', '/api/account/phone/verify', { code })).status).toBe(200);
  return number;
}

/** An « answer » message to a person, through the outbox workflow and the worker, to its end. */
function sendAnswerTo(userId: string) {
  return sendMessages(h.client, {
    taskQueue: h.taskQueue,
    key: `preferences-page/${randomUUID()}`,
    wait: true,
    messages: [
      {
        recipient: { type: 'user', userId },
        template: 'requester_answer_received',
        category: 'answer',
        subject: 'Réponse reçue',
        text: 'Un établissement a répondu à votre demande.',
        html: htmlFromText('Réponse reçue', 'Un établissement a répondu à votre demande.'),
        data: {},
      },
    ],
  });
}

describe('the notifications page /compte/notifications', () => {
  it('is linked from Mon compte and shows each category with SMS disabled and explained without a verified number', async () => {
    const person = await h.person();
    const account = await person.browser.request('GET', '/compte');
    expect(account.html).toContain('href="/compte/notifications"');

    const page = await person.browser.request('GET', '/compte/notifications');
    expect(page.status).toBe(200);
    for (const text of [
      '<h1>Mes notifications</h1>',
      notificationCategories.new_request,
      notificationCategories.answer,
      notificationCategories.pco_decision,
      'Application seulement',
      'Les deux',
      'aucun numéro de mobile vérifié',
      'href="/compte#telephone"',
      'Numéro de mobile vérifié requis',
      'name="csrf"',
    ]) {
      expect(page.html).toContain(text);
    }
    expect(page.html).toMatch(/<input type="radio" id="mode-answer-sms" name="mode-answer" value="sms" disabled=""/);
    expect(page.html).toMatch(/id="mode-answer-email" name="mode-answer" value="email" checked=""/);
    // Not a facility manager: no digest setting.
    expect(page.html).not.toContain('Récapitulatif quotidien de mes établissements');

    const anonymous = await h.browser().request('GET', '/compte/notifications');
    expect(anonymous).toMatchObject({ status: 303, location: '/connexion?retour=%2Fcompte%2Fnotifications' });
  });

  it('saves the choices with the form token and says so; refuses a forged form and SMS without a verified number', async () => {
    const person = await h.person();
    await person.browser.request('GET', '/compte/notifications');
    const forged = await person.browser.request(
      'POST',
      '/compte/notifications',
      { csrf: 'x', 'mode-answer': 'in_app' },
      true,
    );
    expect(forged.status).toBe(403);

    const saved = await person.browser.submit('/compte/notifications', {
      'mode-answer': 'in_app',
      'mode-reminder': 'email',
    });
    expect(saved).toMatchObject({ status: 303, location: '/compte/notifications?enregistre=1' });
    expect(await modesOf(person.id)).toEqual({ answer: 'in_app', reminder: 'email' });
    const after = await person.browser.request('GET', '/compte/notifications?enregistre=1');
    expect(after.html).toContain('Vos préférences de notification sont enregistrées.');
    expect(after.html).toMatch(/id="mode-answer-in_app" name="mode-answer" value="in_app" checked=""/);

    // The disabled radios are not the only guard: a crafted post is refused by the service.
    const sms = await person.browser.submit('/compte/notifications', { 'mode-stalled': 'sms' });
    expect(sms.status).toBe(409);
    expect(sms.html).toContain('vérifiez d’abord votre numéro de mobile dans « Mon compte »');
    expect(await modesOf(person.id)).toEqual({ answer: 'in_app', reminder: 'email' });
    const unknown = await person.browser.submit('/compte/notifications', { 'mode-stalled': 'pigeon' });
    expect(unknown.status).toBe(422);
  });

  it('offers SMS once the number is verified by its code', async () => {
    const person = await h.person();
    const number = await verifyPhone(person);
    const page = await person.browser.request('GET', '/compte/notifications');
    expect(page.html).toContain(`Les SMS sont envoyés au <strong>${formatPhoneNumber(number.e164)}</strong>`);
    expect(page.html).not.toContain('Numéro de mobile vérifié requis');
    const saved = await person.browser.submit('/compte/notifications', { 'mode-stalled': 'email_and_sms' });
    expect(saved.status).toBe(303);
    expect(await modesOf(person.id)).toEqual({ stalled: 'email_and_sms' });
  });

  it('shows a facility manager the daily digest of each facility managed, and saves it', async () => {
    const person = await h.person('facility_member');
    const facility = await managedFacility(person.id);
    const page = await person.browser.request('GET', '/compte/notifications');
    expect(page.html).toContain('Récapitulatif quotidien de mes établissements');
    expect(page.html).toContain(`${facility.name} : récapitulatif quotidien`);

    const on = await person.browser.submit('/compte/notifications', {
      digestFacility: facility.id,
      dailyDigest: facility.id,
    });
    expect(on.status).toBe(303);
    const digestOf = async () =>
      (
        await h.db
          .select()
          .from(facilityNotificationSettings)
          .where(eq(facilityNotificationSettings.facilityId, facility.id))
      )[0]?.dailyDigest;
    expect(await digestOf()).toBe(true);
    expect((await person.browser.request('GET', '/compte/notifications')).html).toMatch(
      new RegExp(`id="digest-${facility.id}" name="dailyDigest" value="${facility.id}" checked=""`),
    );
    // Unticked: the hidden list says which facilities the form showed.
    await person.browser.submit('/compte/notifications', { digestFacility: facility.id });
    expect(await digestOf()).toBe(false);

    const stranger = await h.person();
    await stranger.browser.request('GET', '/compte/notifications');
    const refused = await stranger.browser.submit('/compte/notifications', {
      digestFacility: facility.id,
      dailyDigest: facility.id,
    });
    expect(refused.status).toBe(403);
    expect(await digestOf()).toBe(false);
  });
});

describe('SMS notifications reach only a verified number', () => {
  it('sends an SMS-category message by e-mail while the number is unverified, by SMS once verified', async () => {
    const person = await h.person();
    const number = mobileNumber();
    // As the old preferences API could leave it: a typed number, never verified, and SMS chosen.
    await h.db.update(users).set({ phone: number.e164 }).where(eq(users.id, person.id));
    await h.db.insert(notificationPreferences).values({ userId: person.id, category: 'answer', mode: 'sms' });

    const before = await sendAnswerTo(person.id);
    expect(before?.map((result) => result.status)).toEqual(['sent']);
    const rows = await h.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.recipientId, person.id), eq(outboxMessages.template, 'requester_answer_received')));
    expect(rows.map((row) => [row.channel, row.recipientAddress])).toEqual([['email', person.email]]);
    expect(h.stub.deliveriesTo(number.e164.slice(1))).toEqual([]);
    expect(h.stub.deliveriesTo(person.email)).toHaveLength(1);

    // The page says where these messages go meanwhile.
    const page = await person.browser.request('GET', '/compte/notifications');
    expect(page.html).toContain('ces messages vous sont envoyés par e-mail');

    const verified = await verifyPhone(person);
    const after = await sendAnswerTo(person.id);
    expect(after?.map((result) => result.status)).toEqual(['sent']);
    expect(h.stub.deliveriesTo(verified.e164.slice(1)).map((delivery) => delivery.body.content)).toEqual([
      expect.stringMatching(/code/i),
      expect.stringContaining('Réponse reçue'),
    ]);
  });
});
