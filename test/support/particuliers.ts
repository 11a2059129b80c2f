import { randomUUID } from 'node:crypto';
import { currentCgu } from '../../domain/identity/cgu.ts';
import type { TestPlatform } from './platform.ts';
import { signIn } from './sessions.ts';
import { waitFor } from './wait-for.ts';

/** A password that passes the rules (12 characters at least). */
export const particulierPassword = 'ma maison est bleue';

/** An address nobody else in the run uses. */
export function particulierEmail(): string {
  return `famille-${randomUUID().slice(0, 8)}@particulier.test`;
}

/** What POST /api/particuliers takes, valid, for a new address unless told. */
export function signUpBody(overrides: Record<string, unknown> = {}) {
  return {
    email: particulierEmail(),
    displayName: 'Anne Lefèvre',
    password: particulierPassword,
    cguVersion: currentCgu().version,
    cguAccepted: true,
    ...overrides,
  };
}

/**
 * A browser of its own (its address, its cookie jar) on the app: JSON calls and form posts from our
 * origin, as a person's phone would make them.
 */
/** A browser of its own, signed in as this account (its session cookie in the jar). */
export async function signedInBrowser(platform: Pick<TestPlatform, 'app' | 'db'>, userId: string) {
  const browser = personBrowser(platform);
  const { cookie } = await signIn(platform.db, userId);
  const [name, value] = cookie.split('=');
  browser.jar.set(name ?? '', value ?? '');
  return browser;
}

export function personBrowser(platform: Pick<TestPlatform, 'app'>, ip = randomAddress()) {
  const jar = new Map<string, string>();
  async function request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { json?: unknown; form?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { 'x-forwarded-for': ip, origin: 'http://localhost' };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await platform.app.request(`http://localhost${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = (line.split(';')[0] ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(line) || !value) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    return {
      status: response.status,
      body: (json && text ? JSON.parse(text) : undefined) as T,
      html: json ? '' : text,
      location: response.headers.get('location'),
    };
  }
  /** The form token the pages put in their forms (after any GET of a page). */
  const csrf = () => jar.get('parcours_csrf') ?? '';
  return { ip, jar, request, csrf };
}

function randomAddress(): string {
  const octet = () => Math.floor(Math.random() * 250) + 1;
  return `10.${octet()}.${octet()}.${octet()}`;
}

interface MailboxItem {
  template: string;
  subject: string;
  text: string;
}

/** The development mailbox's messages to `email`, newest first (read from this machine, as a developer would). */
export async function mailboxOf(platform: Pick<TestPlatform, 'api'>, email: string): Promise<MailboxItem[]> {
  const { body } = await platform.api<{ items: MailboxItem[] }>(
    'GET',
    `/api/dev/mailbox?to=${encodeURIComponent(email)}`,
  );
  return body.items;
}

/** The path of the e-mail verification link sent to `email` (`/connexion/verifier-email?jeton=…`). */
export function verificationLinkOf(platform: Pick<TestPlatform, 'api'>, email: string): Promise<string> {
  return waitFor('the verification link in the development mailbox', async () => {
    const mail = (await mailboxOf(platform, email)).find((item) => item.template === 'email_verification');
    return mail ? /\/connexion\/verifier-email\?jeton=[a-z2-7]+/.exec(mail.text)?.[0] : undefined;
  });
}

/** The newest login code sent to `email`, once there are more than `after` of them. */
export function loginCodeOf(platform: Pick<TestPlatform, 'api'>, email: string, after = 0): Promise<string> {
  return waitFor('the login code in the development mailbox', async () => {
    const codes = (await mailboxOf(platform, email)).filter((item) => item.template === 'login_code');
    if (codes.length <= after) return undefined;
    return /(\d{6})/.exec(codes[0]?.subject ?? '')?.[1];
  });
}
