import { randomUUID } from 'node:crypto';
import { createServerApp } from '../../app/server-app.ts';
import { users } from '../../db/schema.ts';
import { setPassword } from '../../services/identity/passwords.ts';
import { createNotificationHarness } from './notification-harness.ts';
import { signIn } from './sessions.ts';
import { waitFor } from './wait-for.ts';

export const accountPassword = 'correct horse battery staple';

/**
 * The HTTP app wired to the notification harness: its worker delivers e-mail and SMS through the
 * provider stub, so a test reads login and phone codes where a person would receive them.
 */
export async function createAccountHarness() {
  const h = await createNotificationHarness();
  const worker = await h.startWorker();
  const app = createServerApp({
    db: h.db,
    temporal: h.client,
    taskQueue: h.taskQueue,
    searchAttributes: true,
    devMailbox: false,
    auth: { trustProxy: true },
    appUrl: 'http://localhost:3000',
  });

  /** A browser: its own address and cookie jar, optionally opened on a session. */
  function browser(cookie?: string) {
    const ip = `10.${octet()}.${octet()}.${octet()}`;
    const jar = new Map<string, string>();
    if (cookie) {
      const [name, value] = cookie.split('=');
      jar.set(name ?? '', value ?? '');
    }
    async function request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, form?: boolean) {
      const headers: Record<string, string> = {
        'x-forwarded-for': ip,
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      };
      if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (body !== undefined) headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
      if (form) headers.origin = 'http://localhost';
      const encoded = form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
      const response = await app.request(`http://localhost${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: encoded } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = (pair ?? '').split('=');
        if (!name) continue;
        if (/max-age=0/i.test(line) || !value) jar.delete(name);
        else jar.set(name, value);
      }
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        body: (text && json ? JSON.parse(text) : undefined) as T,
        html: json ? '' : text,
        location: response.headers.get('location'),
      };
    }
    /** Posts a page's form with its form token, as the browser would. */
    const submit = (path: string, fields: Record<string, string>) =>
      request('POST', path, { csrf: jar.get('parcours_csrf') ?? '', ...fields }, true);
    return { ip, jar, request, submit };
  }

  /** A person of this test only (a physician unless said), with a password, the CGU accepted and a signed-in browser. */
  async function person(role: 'physician' | 'facility_member' = 'physician') {
    const email = `compte-${randomUUID().slice(0, 8)}@account.test`;
    const [row] = await h.db.insert(users).values({ role, displayName: 'Dr Compte', email }).returning();
    if (!row) throw new Error('user');
    await setPassword(h.db, row.id, accountPassword);
    const { cookie } = await signIn(h.db, row.id);
    return { id: row.id, email, cookie, browser: browser(cookie) };
  }

  /** The last 6-digit code the stub accepted for this number (E.164) or e-mail address. */
  function codeSentTo(address: string, after = 0): Promise<string> {
    const to = address.replace(/^\+/, '');
    return waitFor(`a code sent to ${address}`, async () => {
      const deliveries = h.stub.deliveriesTo(to);
      if (deliveries.length <= after) return undefined;
      const body = deliveries[deliveries.length - 1]?.body ?? {};
      return /(\d{6})/.exec(String(body.content ?? body.subject ?? ''))?.[1];
    });
  }

  return {
    ...h,
    app,
    browser,
    person,
    codeSentTo,
    async close() {
      await worker.stop();
      await h.close();
    },
  };
}

/** A French mobile number nobody else in the run uses. */
export function mobileNumber(): { typed: string; e164: string } {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  // 07: no overseas range starts there (06 90, 06 39… would be numbers of Guadeloupe, Mayotte…).
  return { typed: `07 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`, e164: `+337${digits}` };
}

function octet() {
  return Math.floor(Math.random() * 250) + 1;
}
