import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { auditLog, cguAcceptances, passwordResetTokens, sessions } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { setPassword } from '../../services/identity/passwords.ts';
import { hashToken } from '../../services/identity/tokens.ts';
import { createTestPlatform, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;
const oldPassword = 'correct horse battery staple';
const newPassword = 'a brand new long passphrase';

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

async function person() {
  const [row] = await platform.db
    .insert(users)
    .values({ role: 'physician', displayName: 'Dr Oubli', email: `oubli-${randomUUID()}@reset.test` })
    .returning();
  if (!row?.email) throw new Error('user');
  await setPassword(platform.db, row.id, oldPassword);
  await platform.db.insert(cguAcceptances).values({ userId: row.id, version: currentCgu().version });
  return { ...row, email: row.email };
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

/** A caller with its own address (per-IP limits stay per test). */
function caller() {
  const ip = `10.${rand()}.${rand()}.${rand()}`;
  return async (method: string, path: string, body?: unknown) => {
    const response = await platform.app.request(`http://localhost${path}`, {
      method,
      headers: { 'x-forwarded-for': ip, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      setCookies: response.headers.getSetCookie(),
    };
  };
}

async function resetLinks(email: string, count = 1): Promise<string[]> {
  return waitFor('the reset link in the mailbox', async () => {
    const { body } = await platform.api<{ items: { template: string; text: string }[] }>(
      'GET',
      `/api/dev/mailbox?to=${encodeURIComponent(email)}`,
    );
    const links = body.items
      .filter((item) => item.template === 'password_reset')
      .map((item) => /\/connexion\/nouveau-mot-de-passe\?jeton=([a-z2-7]+)/.exec(item.text)?.[1] ?? '');
    return links.length >= count ? links : undefined;
  });
}

async function events(userId: string, event: string) {
  return platform.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.userId, userId), eq(auditLog.event, event)));
}

describe('mot de passe oublié', () => {
  it('answers the same whether the account exists or not; only a hash of the token is stored', async () => {
    const user = await person();
    const request = caller();
    const known = await request('POST', '/api/auth/password-reset', { identifier: user.email.toUpperCase() });
    const unknown = await request('POST', '/api/auth/password-reset', { identifier: `nobody-${randomUUID()}@x.test` });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    const [token] = await resetLinks(user.email);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const stored = await platform.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(hashToken(token ?? ''));
    expect(stored[0]?.id).not.toContain(token);
    const validity = (stored[0]?.expiresAt.getTime() ?? 0) - Date.now();
    expect(validity).toBeGreaterThan(59 * 60_000);
    expect(validity).toBeLessThanOrEqual(60 * 60_000);
    expect(await events(user.id, 'password.reset_requested')).toHaveLength(1);
  });

  it('the link sets the password once, ends every session, and is recorded', async () => {
    const user = await person();
    await platform.db
      .insert(sessions)
      .values({ id: hashToken('old-session'), userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) });
    const request = caller();
    await request('POST', '/api/auth/password-reset', { identifier: user.email });
    const [token] = await resetLinks(user.email);

    const weak = await request('POST', '/api/auth/password-reset/confirm', { token, newPassword: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body).toMatchObject({ code: 'auth.weak_password' });

    const done = await request('POST', '/api/auth/password-reset/confirm', { token, newPassword });
    expect(done.status).toBe(204);
    expect(await platform.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect(await events(user.id, 'password.reset')).toHaveLength(1);

    const again = await request('POST', '/api/auth/password-reset/confirm', { token, newPassword: `${newPassword}!` });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ code: 'auth.reset_link_invalid' });

    const oldLogin = await request('POST', '/api/auth/login', { identifier: user.email, password: oldPassword });
    expect(oldLogin.status).toBe(401);
    const newLogin = await request('POST', '/api/auth/login', { identifier: user.email, password: newPassword });
    expect(newLogin.status).toBe(202); // right password; this new device is then asked for a code
  });

  it('an expired or unknown link is refused', async () => {
    const user = await person();
    const request = caller();
    await request('POST', '/api/auth/password-reset', { identifier: user.email });
    const [token] = await resetLinks(user.email);
    await platform.db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResetTokens.userId, user.id));
    const expired = await request('POST', '/api/auth/password-reset/confirm', { token, newPassword });
    expect(expired.status).toBe(410);
    const unknown = await request('POST', '/api/auth/password-reset/confirm', { token: 'abc', newPassword });
    expect(unknown.status).toBe(410);
    const login = await request('POST', '/api/auth/login', { identifier: user.email, password: oldPassword });
    expect(login.status).toBe(202);
  });

  it('is rate limited per account like login', async () => {
    const identifier = `limited-${randomUUID()}@reset.test`;
    const request = caller();
    for (let i = 0; i < 10; i++) {
      expect((await request('POST', '/api/auth/password-reset', { identifier })).status).toBe(202);
    }
    const refused = await request('POST', '/api/auth/password-reset', { identifier });
    expect(refused.status).toBe(429);
  });
});

/** A browser on the web pages: cookies kept, forms posted from our origin. */
function browser() {
  const jar = new Map<string, string>();
  const ip = `10.201.${rand()}.${rand()}`;
  async function go(method: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = { 'x-forwarded-for': ip, origin: 'http://localhost' };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await platform.app.request(`http://localhost${path}`, {
      method,
      headers,
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = (line.split(';')[0] ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(line) || !value) jar.delete(name);
      else jar.set(name, value);
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
  return { go };
}

const csrfOf = (html: string) => /name="csrf" value="([a-z2-7]+)"/.exec(html)?.[1] ?? '';

describe('the "mot de passe oublié" pages', () => {
  it('from /connexion: ask for a link, follow it, choose a password, then log in with it', async () => {
    const user = await person();
    const b = browser();
    const login = await b.go('GET', '/connexion');
    expect(login.html).toContain('href="/connexion/mot-de-passe-oublie"');
    const forgotten = await b.go('GET', '/connexion/mot-de-passe-oublie');
    expect(forgotten.status).toBe(200);
    expect(forgotten.html).toContain('Mot de passe oublié');
    const csrf = csrfOf(forgotten.html);
    expect(csrf).not.toBe('');

    const forged = await b.go('POST', '/connexion/mot-de-passe-oublie', { identifier: user.email });
    expect(forged.status).toBe(403);
    const sent = await b.go('POST', '/connexion/mot-de-passe-oublie', { csrf, identifier: user.email });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Si un compte correspond à cet identifiant');
    const [token] = await resetLinks(user.email);

    const form = await b.go('GET', `/connexion/nouveau-mot-de-passe?jeton=${token}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`name="jeton" value="${token}"`);
    const weak = await b.go('POST', '/connexion/nouveau-mot-de-passe', { csrf, jeton: token ?? '', password: 'court' });
    expect(weak.status).toBe(422);
    expect(weak.html).toContain('au moins 12 caractères');
    const saved = await b.go('POST', '/connexion/nouveau-mot-de-passe', {
      csrf,
      jeton: token ?? '',
      password: newPassword,
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/connexion?mot-de-passe=change');
    expect((await b.go('GET', saved.location ?? '')).html).toContain('Votre mot de passe a été changé');

    const reused = await b.go('POST', '/connexion/nouveau-mot-de-passe', {
      csrf,
      jeton: token ?? '',
      password: newPassword,
    });
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('Ce lien n’est plus valable');

    const loggedIn = await b.go('POST', '/connexion', { csrf, identifier: user.email, password: newPassword });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.location).toBe('/connexion/code');
  });
});
