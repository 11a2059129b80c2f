import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { cguAcceptances, loginChallenges, sessions, trustedDevices } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { rppsCheckDigit } from '../../domain/identity/rpps.ts';
import { setPassword } from '../../services/identity/passwords.ts';
import { createTestPlatform, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;
const password = 'correct horse battery staple';

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

/** A physician of this file only, with an RPPS and a password; CGU accepted unless told. */
async function physician(options: { acceptCgu?: boolean } = {}) {
  const ten = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
  const rpps = `${ten}${rppsCheckDigit(ten)}`;
  const [row] = await platform.db
    .insert(users)
    .values({ role: 'physician', displayName: 'Dr Test Connexion', email: `dr-${randomUUID()}@auth.test`, rpps })
    .returning();
  if (!row) throw new Error('user');
  await setPassword(platform.db, row.id, password);
  if (options.acceptCgu ?? true) {
    await platform.db.insert(cguAcceptances).values({ userId: row.id, version: currentCgu().version });
  }
  return row;
}

/** A browser: its own address and cookie jar. */
function browser(base = 'http://localhost', ip = `10.${rand()}.${rand()}.${rand()}`) {
  const jar = new Map<string, string>();
  async function request(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { 'x-forwarded-for': ip };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await platform.app.request(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value ?? '');
    }
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      setCookies,
      headers: response.headers,
    };
  }
  return { ip, jar, request };
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

async function codeFor(email: string, after = 0): Promise<string> {
  return waitFor('the login code in the mailbox', async () => {
    const { body } = await platform.api<{ items: { subject: string; template: string }[] }>(
      'GET',
      `/api/dev/mailbox?to=${encodeURIComponent(email)}`,
    );
    const codes = body.items.filter((item) => item.template === 'login_code');
    if (codes.length <= after) return undefined;
    return /(\d{6})/.exec(codes[0]?.subject ?? '')?.[1];
  });
}

async function loginWithCode(user: { email: string; rpps: string | null }, b = browser()) {
  const login = await b.request('POST', '/api/auth/login', { identifier: user.rpps ?? user.email, password });
  expect(login.status).toBe(202);
  const code = await codeFor(user.email);
  const confirmed = await b.request('POST', '/api/auth/otp', { code });
  expect(confirmed.status).toBe(200);
  return { b, confirmed };
}

describe('login by RPPS or e-mail, password and one-time code', () => {
  it('a new device gets a code by e-mail; the code opens a session in an HttpOnly, SameSite=Lax cookie', async () => {
    const user = await physician();
    const { b, confirmed } = await loginWithCode(user);
    expect(confirmed.body).toMatchObject({ status: 'authenticated', cguRequired: false });
    const cookie = confirmed.setCookies.find((line) => line.startsWith('parcours_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Expires=/);
    expect(cookie).not.toMatch(/Secure/); // plain http://localhost
    const me = await b.request('GET', '/api/auth/session');
    expect(me.body).toMatchObject({ id: user.id, role: 'physician' });
    // The session works as the development identity did: the actor can use the API.
    expect((await b.request('GET', '/api/referrals')).status).toBe(200);
  });

  it('marks the cookies Secure on https', async () => {
    const user = await physician();
    const b = browser('https://parcours.example');
    const login = await b.request('POST', '/api/auth/login', { identifier: user.email, password });
    expect(login.status).toBe(202);
    expect(login.setCookies.find((line) => line.startsWith('parcours_device='))).toMatch(/Secure/);
    const confirmed = await b.request('POST', '/api/auth/otp', { code: await codeFor(user.email) });
    expect(confirmed.setCookies.find((line) => line.startsWith('parcours_session='))).toMatch(/; Secure/);
  });

  it('stores only the hash of the session token', async () => {
    const user = await physician();
    const { b } = await loginWithCode(user);
    const token = b.jar.get('parcours_session') ?? '';
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const rows = await platform.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.length).toBe(1);
    expect(rows[0]?.id).not.toContain(token);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a known device within 30 days logs in without a code; past the interval it is asked again', async () => {
    const user = await physician();
    const { b } = await loginWithCode(user);
    await b.request('POST', '/api/auth/logout');
    const again = await b.request('POST', '/api/auth/login', { identifier: user.rpps, password });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'authenticated' });

    await platform.db
      .update(trustedDevices)
      .set({ lastCodeAt: new Date(Date.now() - 31 * 24 * 3600_000) })
      .where(eq(trustedDevices.userId, user.id));
    const later = await b.request('POST', '/api/auth/login', { identifier: user.rpps, password });
    expect(later.status).toBe(202);
    // Another browser is a new device.
    const other = await browser().request('POST', '/api/auth/login', { identifier: user.email, password });
    expect(other.status).toBe(202);
  });

  it('refuses a wrong password and an unknown identifier with the same answer', async () => {
    const user = await physician();
    const wrong = await browser().request('POST', '/api/auth/login', { identifier: user.rpps, password: 'nope' });
    const unknown = await browser().request('POST', '/api/auth/login', { identifier: 'nobody@auth.test', password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ code: 'auth.invalid_credentials' });
    expect(wrong.setCookies.some((line) => line.startsWith('parcours_session='))).toBe(false);
  });

  it('refuses the sixth code even when it is the right one', async () => {
    const user = await physician();
    const b = browser();
    expect((await b.request('POST', '/api/auth/login', { identifier: user.email, password })).status).toBe(202);
    const code = await codeFor(user.email);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const answers: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      answers.push(String((await b.request('POST', '/api/auth/otp', { code: wrongCode })).body?.code));
    }
    expect(answers).toEqual([
      'auth.code_invalid',
      'auth.code_invalid',
      'auth.code_invalid',
      'auth.code_invalid',
      'auth.code_locked',
    ]);
    const sixth = await b.request('POST', '/api/auth/otp', { code });
    expect(sixth.status).toBe(401);
    expect(sixth.body).toMatchObject({ code: 'auth.code_locked' });
    expect(b.jar.has('parcours_session')).toBe(false);
  });

  it('refuses an expired code', async () => {
    const user = await physician();
    const b = browser();
    await b.request('POST', '/api/auth/login', { identifier: user.email, password });
    const code = await codeFor(user.email);
    await platform.db
      .update(loginChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(loginChallenges.userId, user.id));
    const late = await b.request('POST', '/api/auth/otp', { code });
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ code: 'auth.code_expired' });
  });

  it('waits before sending another code (Retry-After), then sends a new one', async () => {
    const user = await physician();
    const b = browser();
    await b.request('POST', '/api/auth/login', { identifier: user.email, password });
    await codeFor(user.email);
    const tooSoon = await b.request('POST', '/api/auth/otp/resend');
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    await platform.db
      .update(loginChallenges)
      .set({ sentAt: new Date(Date.now() - 61_000) })
      .where(eq(loginChallenges.userId, user.id));
    expect((await b.request('POST', '/api/auth/otp/resend')).status).toBe(202);
    const second = await codeFor(user.email, 1);
    expect((await b.request('POST', '/api/auth/otp', { code: second })).status).toBe(200);
  });

  it('logout ends the session', async () => {
    const user = await physician();
    const { b } = await loginWithCode(user);
    const token = b.jar.get('parcours_session');
    const out = await b.request('POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.setCookies.find((line) => line.startsWith('parcours_session='))).toMatch(/Max-Age=0/);
    b.jar.set('parcours_session', token ?? '');
    expect((await b.request('GET', '/api/auth/session')).status).toBe(401);
  });

  it('a password change ends every session of the person', async () => {
    const user = await physician();
    const first = await loginWithCode(user);
    const second = browser();
    await second.request('POST', '/api/auth/login', { identifier: user.email, password });
    await second.request('POST', '/api/auth/otp', { code: await codeFor(user.email, 1) });
    expect((await second.request('GET', '/api/auth/session')).status).toBe(200);
    const changed = await first.b.request('POST', '/api/auth/password', {
      currentPassword: password,
      newPassword: 'another long enough password',
    });
    expect(changed.status).toBe(204);
    expect((await second.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await first.b.request('GET', '/api/auth/session')).status).toBe(200);
  });

  it('failures from one address slow that address (429, Retry-After), not the physician from another', async () => {
    const user = await physician();
    const attacker = browser();
    const stranger = browser(); // the same game with an identifier nobody has: the same answers
    const statuses: number[] = [];
    const unknownStatuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      statuses.push(
        (await attacker.request('POST', '/api/auth/login', { identifier: user.email, password: 'x' })).status,
      );
      unknownStatuses.push(
        (await stranger.request('POST', '/api/auth/login', { identifier: 'personne@auth.test', password: 'x' })).status,
      );
    }
    expect(statuses).toEqual([...Array(6).fill(401), ...Array(6).fill(429)]);
    expect(unknownStatuses).toEqual(statuses);
    const limited = await attacker.request('POST', '/api/auth/login', { identifier: user.email, password });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(limited.body).toMatchObject({ code: 'auth.rate_limited' });
    expect(String(limited.body?.message)).toMatch(/Trop de tentatives\. Réessayez dans \d+ secondes\./);

    // The physician, elsewhere, logs in as usual.
    const { confirmed } = await loginWithCode(user);
    expect(confirmed.body).toMatchObject({ status: 'authenticated' });
  });

  it('counts an IPv6 /64 as one address', async () => {
    const user = await physician();
    const network = `2001:db8:${rand().toString(16)}:${rand().toString(16)}`;
    for (let host = 1; host <= 6; host++) {
      const failed = await browser('http://localhost', `${network}::${host}`).request('POST', '/api/auth/login', {
        identifier: user.email,
        password: 'x',
      });
      expect(failed.status).toBe(401);
    }
    const sameNetwork = browser('http://localhost', `${network}:0:0:0:abcd`);
    expect((await sameNetwork.request('POST', '/api/auth/login', { identifier: user.email, password })).status).toBe(
      429,
    );
    const otherNetwork = browser('http://localhost', `2001:db8:ffff:${rand().toString(16)}::1`);
    expect((await otherNetwork.request('POST', '/api/auth/login', { identifier: user.email, password })).status).toBe(
      202,
    );
  });

  it('failures from many addresses delay the account for new browsers, never for one that passed a code', async () => {
    const user = await physician();
    const { b: confirmedBrowser } = await loginWithCode(user);
    await confirmedBrowser.request('POST', '/api/auth/logout');
    for (let attempt = 0; attempt < 51; attempt++) {
      const failed = await browser().request('POST', '/api/auth/login', { identifier: user.email, password: 'x' });
      expect(failed.status).toBe(401);
    }
    const newBrowser = await browser().request('POST', '/api/auth/login', { identifier: user.email, password });
    expect(newBrowser.status).toBe(429);
    expect(Number(newBrowser.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    const again = await confirmedBrowser.request('POST', '/api/auth/login', { identifier: user.email, password });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'authenticated' });
  });

  it('limits login attempts per address', async () => {
    const b = browser();
    let last = 0;
    for (let attempt = 0; attempt < 101; attempt++) {
      last = (await b.request('POST', '/api/auth/login', { identifier: `x${attempt}@auth.test`, password: 'x' }))
        .status;
    }
    expect(last).toBe(429);
  });
});

describe('CGU', () => {
  it('a person who has not accepted the version in force can do nothing else until they accept it', async () => {
    const user = await physician({ acceptCgu: false });
    const { b, confirmed } = await loginWithCode(user);
    expect(confirmed.body).toMatchObject({ cguRequired: true });
    const blocked = await b.request('GET', '/api/referrals');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ code: 'auth.cgu_required' });
    const cgu = await b.request('GET', '/api/auth/cgu');
    expect(cgu.body).toMatchObject({ version: currentCgu().version, accepted: false });
    expect((await b.request('POST', '/api/auth/cgu', { version: 'old' })).body).toMatchObject({
      code: 'auth.cgu_outdated',
    });
    expect((await b.request('POST', '/api/auth/cgu', { version: currentCgu().version })).status).toBe(204);
    const [acceptance] = await platform.db.select().from(cguAcceptances).where(eq(cguAcceptances.userId, user.id));
    expect(acceptance).toMatchObject({ version: currentCgu().version, ip: b.ip });
    expect(acceptance?.acceptedAt).toBeInstanceOf(Date);
    expect((await b.request('GET', '/api/referrals')).status).toBe(200);
  });
});
