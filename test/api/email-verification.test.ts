import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { auditLog, cguAcceptances, emailVerificationTokens, trustedDevices } from '../../db/schema-identity.ts';
import { demoUsers } from '../../db/seed-data.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { setPassword } from '../../services/identity/passwords.ts';
import { hashToken, randomToken } from '../../services/identity/tokens.ts';
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

async function person() {
  const [row] = await platform.db
    .insert(users)
    .values({ role: 'physician', displayName: 'Dr Vérif', email: `verif-${randomUUID()}@verify.test` })
    .returning();
  if (!row?.email) throw new Error('user');
  await setPassword(platform.db, row.id, password);
  await platform.db.insert(cguAcceptances).values({ userId: row.id, version: currentCgu().version });
  return { ...row, email: row.email };
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

/** A browser with a known device: login opens a session straight away. */
async function knownDevice(userId: string) {
  const ip = `10.${rand()}.${rand()}.${rand()}`;
  const device = randomToken();
  await platform.db.insert(trustedDevices).values({ id: hashToken(device), userId, lastCodeAt: new Date() });
  return async (method: string, path: string, body?: unknown) => {
    const response = await platform.app.request(`http://localhost${path}`, {
      method,
      headers: {
        'x-forwarded-for': ip,
        'content-type': 'application/json',
        origin: 'http://localhost',
        cookie: `parcours_device=${device}`,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, text: await response.text() };
  };
}

async function verificationMails(email: string) {
  const { body } = await platform.api<{ items: { template: string; text: string }[] }>(
    'GET',
    `/api/dev/mailbox?to=${encodeURIComponent(email)}`,
  );
  return body.items.filter((item) => item.template === 'email_verification');
}

async function verificationToken(email: string): Promise<string> {
  return waitFor('the verification link in the mailbox', async () => {
    const [mail] = await verificationMails(email);
    return mail ? /\/connexion\/verifier-email\?jeton=([a-z2-7]+)/.exec(mail.text)?.[1] : undefined;
  });
}

describe('e-mail verification', () => {
  it('after login an unverified account gets one link (hashed, 24 h); the page verifies it once', async () => {
    const user = await person();
    const request = await knownDevice(user.id);
    expect((await request('POST', '/api/auth/login', { identifier: user.email, password })).status).toBe(200);
    const token = await verificationToken(user.email);
    const stored = await platform.db
      .select()
      .from(emailVerificationTokens)
      .where(eq(emailVerificationTokens.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(hashToken(token));
    const validity = (stored[0]?.expiresAt.getTime() ?? 0) - Date.now();
    expect(validity).toBeGreaterThan(23.9 * 3_600_000);
    expect(validity).toBeLessThanOrEqual(24 * 3_600_000);

    // A second login sends nothing more.
    expect((await request('POST', '/api/auth/login', { identifier: user.email, password })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await verificationMails(user.email)).toHaveLength(1);

    const page = await request('GET', `/connexion/verifier-email?jeton=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('votre adresse e-mail est confirmée');
    const [row] = await platform.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    const events = await platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, user.id), eq(auditLog.event, 'email.verified')));
    expect(events).toHaveLength(1);

    const again = await request('GET', `/connexion/verifier-email?jeton=${token}`);
    expect(again.status).toBe(410);
    expect(again.text).toContain('n’est plus valable');
    const api = await request('POST', '/api/auth/email-verification/confirm', { token });
    expect(api.status).toBe(410);
  });

  it('an expired link is refused and leaves the account unverified', async () => {
    const user = await person();
    const request = await knownDevice(user.id);
    await request('POST', '/api/auth/login', { identifier: user.email, password });
    const token = await verificationToken(user.email);
    await platform.db
      .update(emailVerificationTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailVerificationTokens.userId, user.id));
    expect((await request('POST', '/api/auth/email-verification/confirm', { token })).status).toBe(410);
    const [row] = await platform.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.emailVerifiedAt).toBeNull();
  });

  it('demo accounts are seeded as verified and get no link', async () => {
    const demo = demoUsers[0];
    if (!demo) throw new Error('no demo user');
    const [row] = await platform.db.select().from(users).where(eq(users.id, demo.id));
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
