import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../db/seed.ts';
import { newPhysician } from '../support/accounts.ts';
import { createTestPlatform, demo, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

/** A browser on the web pages: cookies kept, forms posted from our origin. */
function browser() {
  const jar = new Map<string, string>();
  const ip = `10.200.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
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
  return { jar, go };
}

const csrfOf = (html: string) => /name="csrf" value="([a-z2-7]+)"/.exec(html)?.[1] ?? '';

describe('the /connexion page', () => {
  it('logs a physician in with RPPS, password and the e-mailed code, then asks for the CGU', async () => {
    // A physician of this test's own: the demo ones may already have accepted the CGU in this database.
    const physician = await newPhysician(platform.db, demoPassword);
    const b = browser();
    const page = await b.go('GET', '/connexion');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Numéro RPPS ou adresse e-mail');
    const csrf = csrfOf(page.html);
    expect(csrf).not.toBe('');

    // Without the form token: refused.
    const forged = await b.go('POST', '/connexion', { identifier: physician.rpps, password: demoPassword });
    expect(forged.status).toBe(403);

    const wrong = await b.go('POST', '/connexion', { csrf, identifier: physician.rpps, password: 'mauvais' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Identifiant ou mot de passe incorrect.');

    const login = await b.go('POST', '/connexion', { csrf, identifier: physician.rpps, password: demoPassword });
    expect(login.status).toBe(303);
    expect(login.location).toBe('/connexion/code');
    const codePage = await b.go('GET', '/connexion/code');
    expect(codePage.html).toContain('Code reçu par e-mail');

    const code = await waitFor('the code', async () => {
      const { body } = await platform.api<{ items: { subject: string; template: string }[] }>(
        'GET',
        `/api/dev/mailbox?to=${encodeURIComponent(physician.email)}`,
      );
      return /(\d{6})/.exec(body.items.find((item) => item.template === 'login_code')?.subject ?? '')?.[1];
    });
    const confirmed = await b.go('POST', '/connexion/code', { csrf, code });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe('/connexion/cgu');
    expect(b.jar.has('parcours_session')).toBe(true);

    // Nothing else before the CGU.
    const blocked = await b.go('GET', '/demandes');
    expect(blocked.status).toBe(303);
    expect(blocked.location).toMatch(/^\/connexion\/cgu/);
    const cgu = await b.go('GET', '/connexion/cgu');
    expect(cgu.html).toContain('Secret professionnel et confidentialité');
    const version = /name="version" value="([^"]+)"/.exec(cgu.html)?.[1] ?? '';
    const accepted = await b.go('POST', '/connexion/cgu', { csrf, version, retour: '/demandes' });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe('/demandes');
    const cases = await b.go('GET', '/demandes');
    expect(cases.status).toBe(200);
    expect(cases.html).toContain('Dr Nouvelle Venue');
    expect(cases.html).toContain('Se déconnecter');

    const out = await b.go('POST', '/deconnexion', { csrf });
    expect(out.status).toBe(303);
    expect(b.jar.has('parcours_session')).toBe(false);
  });

  it('is where pages send a visitor without a session; no demo identity is offered', async () => {
    const page = await platform.app.request('http://localhost/demandes');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/connexion?retour=%2Fdemandes');
    const home = await (await platform.app.request('http://localhost/')).text();
    expect(home).toContain('href="/connexion"');
    expect(home).not.toContain('/connexion-demo');
    expect((await platform.app.request('http://localhost/connexion-demo')).status).toBe(404);
  });

  it('sends security headers with every page', async () => {
    const page = await platform.app.request('http://localhost/connexion');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('reaches no case with the former development header or cookie', async () => {
    const header = await platform.app.request('http://localhost/api/referrals', {
      headers: { 'x-parcours-user': demo.physician },
    });
    expect(header.status).toBe(401);
    const cookie = await platform.app.request('http://localhost/demandes', {
      headers: { cookie: `parcours_dev_user=${demo.physician}` },
    });
    expect(cookie.status).toBe(303);
    expect(cookie.headers.get('location')).toBe('/connexion?retour=%2Fdemandes');
  });
});
