import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { auditLog, passkeys, phoneVerifications, sessions } from '../../db/schema-identity.ts';
import { appendAudit } from '../../services/identity/audit.ts';
import { accountPassword, createAccountHarness, mobileNumber } from '../support/account-harness.ts';
import { signIn } from '../support/sessions.ts';

let h: Awaited<ReturnType<typeof createAccountHarness>>;
beforeAll(async () => {
  h = await createAccountHarness();
});
afterAll(async () => {
  await h?.close();
});

type Session = { id: string; current: boolean; browser: string; ip: string | null; expiresAt: string };

async function lastEvents(userId: string, event: string) {
  return h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.userId, userId), eq(auditLog.event, event)))
    .orderBy(desc(auditLog.seq));
}

/** Sends a code to a new number and answers it right: the number is the person's, verified. */
async function verifyPhone(person: Awaited<ReturnType<typeof h.person>>) {
  const number = mobileNumber();
  expect((await person.browser.request('POST', '/api/account/phone', { phone: number.typed })).status).toBe(202);
  const code = await h.codeSentTo(number.e164);
  expect((await person.browser.request('POST', '/api/account/phone/verify', { code })).status).toBe(200);
  return number;
}

describe('sessions', () => {
  it('lists the active sessions, marks this one, and revokes another one', async () => {
    const person = await h.person();
    const other = await signIn(h.db, person.id);
    const list = await person.browser.request<{ items: Session[] }>('GET', '/api/account/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.filter((session) => session.current)).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ ip: '127.0.0.1', browser: expect.any(String) });
    // The page never sees the stored hash of a session.
    const stored = await h.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, person.id));
    for (const row of stored) expect(JSON.stringify(list.body)).not.toContain(row.id);

    const target = list.body.items.find((session) => !session.current);
    expect((await person.browser.request('DELETE', `/api/account/sessions/${target?.id}`)).status).toBe(204);
    expect((await h.browser(other.cookie).request('GET', '/api/account')).status).toBe(401);
    const after = await person.browser.request<{ items: Session[] }>('GET', '/api/account/sessions');
    expect(after.body.items.map((session) => session.current)).toEqual([true]);
    expect(await lastEvents(person.id, 'session.revoked')).toHaveLength(1);
    // Revoking it again, or someone else's session, finds nothing.
    expect((await person.browser.request('DELETE', `/api/account/sessions/${target?.id}`)).status).toBe(404);
    const stranger = await h.person();
    const theirs = await stranger.browser.request<{ items: Session[] }>('GET', '/api/account/sessions');
    const refused = await person.browser.request('DELETE', `/api/account/sessions/${theirs.body.items[0]?.id}`);
    expect(refused).toMatchObject({ status: 404, body: { code: 'account.session_not_found' } });
    expect((await stranger.browser.request('GET', '/api/account')).status).toBe(200);
  });

  it('revokes every other session and keeps this one', async () => {
    const person = await h.person();
    const others = [await signIn(h.db, person.id), await signIn(h.db, person.id)];
    const answer = await person.browser.request('POST', '/api/account/sessions/revoke-others');
    expect(answer).toMatchObject({ status: 200, body: { revoked: 2 } });
    for (const other of others) expect((await h.browser(other.cookie).request('GET', '/api/account')).status).toBe(401);
    expect((await person.browser.request('GET', '/api/account')).status).toBe(200);
    expect(JSON.parse((await lastEvents(person.id, 'session.revoked'))[0]?.details ?? '{}')).toEqual({ count: '2' });
  });

  it('refuses without a session', async () => {
    const answer = await h.browser().request('GET', '/api/account/sessions');
    expect(answer).toMatchObject({ status: 401, body: { code: 'auth.unauthenticated' } });
  });
});

describe('password change (POST /api/auth/password)', () => {
  it('ends every other session and re-opens this browser’s', async () => {
    const person = await h.person();
    const other = await signIn(h.db, person.id);
    const oldCookie = person.cookie;
    const changed = await person.browser.request('POST', '/api/auth/password', {
      currentPassword: accountPassword,
      newPassword: 'another long enough password',
    });
    expect(changed.status).toBe(204);
    expect((await person.browser.request('GET', '/api/account')).status).toBe(200);
    expect(`parcours_session=${person.browser.jar.get('parcours_session')}`).not.toBe(oldCookie);
    expect((await h.browser(oldCookie).request('GET', '/api/account')).status).toBe(401);
    expect((await h.browser(other.cookie).request('GET', '/api/account')).status).toBe(401);
    const list = await person.browser.request<{ items: Session[] }>('GET', '/api/account/sessions');
    expect(list.body.items.map((session) => session.current)).toEqual([true]);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const person = await h.person();
    const refused = await person.browser.request('POST', '/api/auth/password', {
      currentPassword: 'not the password',
      newPassword: 'another long enough password',
    });
    expect(refused).toMatchObject({ status: 401, body: { code: 'auth.invalid_credentials' } });
    expect((await person.browser.request('GET', '/api/account')).status).toBe(200);
  });
});

describe('login history', () => {
  it('shows only the person’s own events, newest first, 50 a page, in French', async () => {
    const person = await h.person();
    const stranger = await h.person();
    // Someone else's failed login, from an address of their own.
    await h.browser().request('POST', '/api/auth/login', { identifier: stranger.email, password: 'wrong password!' });
    await appendAudit(h.db, { event: 'login.failure', userId: stranger.id, ip: '203.0.113.9' });
    for (let index = 0; index < 54; index++) {
      await appendAudit(h.db, {
        event: 'code.sent',
        userId: person.id,
        ip: '198.51.100.7',
        details: { channel: 'email' },
      });
    }
    await appendAudit(h.db, {
      event: 'login.success',
      userId: person.id,
      ip: '198.51.100.7',
      details: { method: 'passkey' },
    });
    type Page = {
      items: { label: string; ip: string; method: string | null; at: string }[];
      pages: number;
      total: number;
    };
    const first = await person.browser.request<Page>('GET', '/api/account/history');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 55, pages: 2 });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toMatchObject({
      label: 'Connexion réussie',
      method: 'Clé d’accès',
      ip: '198.51.100.7',
    });
    expect(first.body.items[1]).toMatchObject({ label: 'Code de connexion envoyé', method: 'Par e-mail' });
    const dates = first.body.items.map((item) => item.at);
    expect([...dates].sort().reverse()).toEqual(dates);
    const second = await person.browser.request<Page>('GET', '/api/account/history?page=2');
    expect(second.body.items).toHaveLength(5);
    const everything = [...first.body.items, ...second.body.items];
    expect(everything.some((item) => item.ip === '203.0.113.9' || item.label === 'Échec de connexion')).toBe(false);
  });
});

describe('phone number verified by SMS code', () => {
  it('sends a 6-digit code by SMS, stored hashed, and verifies the number with it', async () => {
    const person = await h.person();
    const number = mobileNumber();
    const sent = await person.browser.request('POST', '/api/account/phone', { phone: number.typed });
    expect(sent).toMatchObject({ status: 202, body: { phone: number.e164, validForMinutes: 10 } });
    const code = await h.codeSentTo(number.e164);
    const [pending] = await h.db.select().from(phoneVerifications).where(eq(phoneVerifications.userId, person.id));
    expect(pending?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pending?.codeHash).not.toContain(code);
    const verified = await person.browser.request('POST', '/api/account/phone/verify', { code });
    expect(verified).toMatchObject({ status: 200, body: { phone: number.e164 } });
    const [user] = await h.db.select().from(users).where(eq(users.id, person.id));
    expect(user).toMatchObject({ phone: number.e164, codeChannel: 'email' });
    expect(user?.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(await lastEvents(person.id, 'phone.verified')).toHaveLength(1);
    // The code served once.
    const again = await person.browser.request('POST', '/api/account/phone/verify', { code });
    expect(again).toMatchObject({ status: 410, body: { code: 'account.phone_code_expired' } });
  });

  it('refuses the sixth attempt even with the right code', async () => {
    const person = await h.person();
    const number = mobileNumber();
    await person.browser.request('POST', '/api/account/phone', { phone: number.typed });
    const code = await h.codeSentTo(number.e164);
    const wrong = code === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      statuses.push((await person.browser.request('POST', '/api/account/phone/verify', { code: wrong })).status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 423]);
    const sixth = await person.browser.request('POST', '/api/account/phone/verify', { code });
    expect(sixth).toMatchObject({ status: 423, body: { code: 'account.phone_code_locked' } });
    const [user] = await h.db.select().from(users).where(eq(users.id, person.id));
    expect(user?.phoneVerifiedAt).toBeNull();
  });

  it('refuses an expired code, and a new code before the cooldown', async () => {
    const person = await h.person();
    const number = mobileNumber();
    await person.browser.request('POST', '/api/account/phone', { phone: number.typed });
    const code = await h.codeSentTo(number.e164);
    const tooSoon = await person.browser.request('POST', '/api/account/phone', { phone: number.typed });
    expect(tooSoon).toMatchObject({ status: 429, body: { code: 'account.phone_code_too_soon' } });
    await h.db
      .update(phoneVerifications)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(phoneVerifications.userId, person.id));
    const expired = await person.browser.request('POST', '/api/account/phone/verify', { code });
    expect(expired).toMatchObject({ status: 410, body: { code: 'account.phone_code_expired' } });
  });

  it('refuses a number that is not a French mobile', async () => {
    const person = await h.person();
    const landline = await person.browser.request('POST', '/api/account/phone', { phone: '04 72 00 00 00' });
    expect(landline).toMatchObject({ status: 422, body: { code: 'account.phone_not_mobile' } });
    const garbage = await person.browser.request('POST', '/api/account/phone', { phone: 'douze' });
    expect(garbage).toMatchObject({ status: 422, body: { code: 'account.phone_invalid' } });
  });
});

describe('code channel', () => {
  it('refuses SMS without a verified number', async () => {
    const person = await h.person();
    const refused = await person.browser.request('PUT', '/api/account/code-channel', { channel: 'sms' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'account.phone_not_verified' } });
    // A number typed but not yet verified is not enough either.
    await person.browser.request('POST', '/api/account/phone', { phone: mobileNumber().typed });
    expect((await person.browser.request('PUT', '/api/account/code-channel', { channel: 'sms' })).status).toBe(409);
  });

  it('sends the login code by SMS to the verified number, then by e-mail again once the number changes', async () => {
    const person = await h.person();
    const number = await verifyPhone(person);
    expect((await person.browser.request('PUT', '/api/account/code-channel', { channel: 'sms' })).status).toBe(204);
    expect((await person.browser.request('GET', '/api/account')).body).toMatchObject({ codeChannel: 'sms' });

    const sent = h.stub.deliveriesTo(number.e164.slice(1)).length;
    const emails = h.stub.deliveriesTo(person.email).length;
    const device = h.browser();
    const login = await device.request('POST', '/api/auth/login', {
      identifier: person.email,
      password: accountPassword,
    });
    expect(login.status).toBe(202);
    const code = await h.codeSentTo(number.e164, sent);
    expect(h.stub.deliveriesTo(number.e164.slice(1)).at(-1)?.body.content).toMatch(/code de connexion/);
    expect((await device.request('POST', '/api/auth/otp', { code })).status).toBe(200);
    expect(h.stub.deliveriesTo(person.email)).toHaveLength(emails);
    expect(JSON.parse((await lastEvents(person.id, 'code.sent'))[0]?.details ?? '{}')).toEqual({ channel: 'sms' });
    expect(JSON.parse((await lastEvents(person.id, 'login.success'))[0]?.details ?? '{}')).toEqual({
      method: 'password+code',
    });

    // A new number is unverified: the codes go back to e-mail.
    await person.browser.request('POST', '/api/account/phone', { phone: mobileNumber().typed });
    const account = await person.browser.request('GET', '/api/account');
    expect(account.body).toMatchObject({ codeChannel: 'email', phoneVerifiedAt: null });
  });
});

describe('passkeys', () => {
  it('lists and removes the person’s own passkeys only', async () => {
    const person = await h.person();
    const stranger = await h.person();
    const id = `cred-${Math.random().toString(36).slice(2)}`;
    await h.db.insert(passkeys).values({
      id,
      userId: person.id,
      publicKey: 'pQECAyYgASFYIA',
      deviceType: 'multiDevice',
      name: 'Téléphone',
    });
    const list = await person.browser.request<{ items: { id: string; name: string; lastUsedAt: null }[] }>(
      'GET',
      '/api/account/passkeys',
    );
    expect(list.body.items).toEqual([{ id, name: 'Téléphone', createdAt: expect.any(String), lastUsedAt: null }]);
    const refused = await stranger.browser.request('DELETE', `/api/account/passkeys/${id}`);
    expect(refused).toMatchObject({ status: 404, body: { code: 'passkey.not_found' } });
    expect((await person.browser.request('DELETE', `/api/account/passkeys/${id}`)).status).toBe(204);
    expect((await person.browser.request('GET', '/api/account/passkeys')).body).toEqual({ items: [] });
    expect(await lastEvents(person.id, 'passkey.removed')).toHaveLength(1);

    // Logging in with the removed passkey is refused in plain French.
    const device = h.browser();
    const options = await device.request<{ challenge: string; rpId: string; userVerification: string }>(
      'POST',
      '/api/auth/passkey/options',
    );
    expect(options.body).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    const forged = {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
      clientExtensionResults: {},
    };
    const login = await device.request('POST', '/api/auth/passkey/login', {
      response: forged,
    });
    expect(login).toMatchObject({ status: 401, body: { code: 'passkey.unknown_credential' } });
    expect(String((login.body as { message: string }).message)).toMatch(/clé d’accès n’est pas reconnue/);
    // The challenge served once: a second answer needs new options.
    const replay = await device.request('POST', '/api/auth/passkey/login', {
      response: forged,
    });
    expect(replay).toMatchObject({ status: 410, body: { code: 'passkey.challenge_expired' } });
  });

  it('offers registration options for a discoverable credential with user verification', async () => {
    const person = await h.person();
    const options = await person.browser.request<Record<string, unknown>>('POST', '/api/account/passkeys/options');
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      rp: { id: 'localhost', name: 'Parcours' },
      user: { name: person.email },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    expect(person.browser.jar.get('parcours_webauthn')).toMatch(/^[a-z2-7]{32}$/);
  });
});
