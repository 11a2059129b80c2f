import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, vi } from 'vitest';
import { asset, staticPackages } from '../../web/assets.ts';
import { iconStylesheet } from '../../web/icon-stylesheet.ts';
import { platformTest as it } from '../support/fixtures.ts';
import { demo, localClient } from '../support/platform.ts';

/** A page as a browser on this machine gets it, optionally signed in. */
async function page(
  platform: { app: { request: (path: string, init: RequestInit, env: unknown) => Response | Promise<Response> } },
  path: string,
  cookie?: string,
  client: unknown = localClient,
) {
  const response = await platform.app.request(path, { headers: cookie ? { cookie } : {} }, client);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

describe('the page frame', () => {
  it('has the service name, a mobile menu (DSFR modal and its button) and the footer’s four links', async ({
    platform,
  }) => {
    const { status, html } = await page(platform, '/');
    expect(status).toBe(200);
    expect(html).toContain('<p class="fr-header__service-title">Parcours</p>');
    expect(html).toMatch(/<button[^>]*class="fr-btn--menu fr-btn"[^>]*aria-controls="menu-modal"/);
    expect(html).toContain('<div class="fr-header__menu fr-modal" id="menu-modal">');
    expect(html).toContain(`src="${asset('dsfr', 'dsfr.module.min.js')}"`);
    for (const [href, label] of [
      ['/plan-du-site', 'Plan du site'],
      ['/accessibilite', 'Accessibilité : partiellement conforme'],
      ['/mentions-legales', 'Mentions légales'],
      ['/donnees-personnelles', 'Données personnelles'],
    ]) {
      expect(html).toContain(`<a class="fr-footer__bottom-link" href="${href}">${label}</a>`);
    }
    // The home page is the first level: no breadcrumb.
    expect(html).not.toContain('<nav class="fr-breadcrumb"');
  });

  it('shows a breadcrumb on pages below the first level, from « Accueil » to the page itself', async ({
    platform,
    sessions,
  }) => {
    const cookie = await sessions.cookieOf(demo.physician);
    const { status, html } = await page(platform, '/compte/historique', cookie);
    expect(status).toBe(200);
    const breadcrumb = html.split('<nav class="fr-breadcrumb"')[1]?.split('</nav>')[0] ?? '';
    expect(breadcrumb).toContain('<a class="fr-breadcrumb__link" href="/">Accueil</a>');
    expect(breadcrumb).toContain('<a class="fr-breadcrumb__link" href="/compte">Mon compte</a>');
    expect(breadcrumb).toContain(
      '<span class="fr-breadcrumb__link" aria-current="page">Historique de connexion</span>',
    );
    const preferences = await page(platform, '/compte/notifications', cookie);
    expect(preferences.html).toContain('aria-current="page">Mes notifications</span>');
  });

  it('names the development mailbox only in a development notice, never in the menu, never in production', async ({
    platform,
    sessions,
  }) => {
    const cookie = await sessions.cookieOf(demo.physician);
    const development = await page(platform, '/demandes', cookie);
    expect(development.html).toContain('<div class="fr-notice fr-notice--info">');
    expect(development.html).toContain('<a class="fr-notice__link" href="/dev/boite-mail">');
    const menu = development.html.split('<nav class="fr-nav"')[1]?.split('</nav>')[0] ?? '';
    expect(menu).toContain('Mes demandes');
    expect(menu).not.toContain('/dev/boite-mail');
    // Another machine: the mailbox does not exist for it, nor does its link.
    const remote = await page(platform, '/demandes', cookie, { incoming: { socket: { remoteAddress: '192.0.2.7' } } });
    expect(remote.html).not.toContain('/dev/boite-mail');
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const production = await page(platform, '/demandes', cookie);
      expect(production.status).toBe(200);
      expect(production.html).not.toContain('/dev/boite-mail');
      expect(production.html).not.toContain('fr-notice');
      expect((await page(platform, '/dev/boite-mail')).status).toBe(404);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the footer’s pages', () => {
  it('are open to everyone and say what they must', async ({ platform }) => {
    const accessibility = await page(platform, '/accessibilite');
    expect(accessibility.status).toBe(200);
    for (const text of [
      '<h1>Déclaration d’accessibilité</h1>',
      '<strong>partiellement conforme</strong>',
      'axe-core',
      'clavier',
      '390 pixels',
      'Limites connues',
      'Signaler un problème',
      'mailto:contact@parcours.localhost',
      'Défenseur des droits',
    ]) {
      expect(accessibility.html).toContain(text);
    }
    expect(accessibility.html).toContain('aria-current="page">Accessibilité : partiellement conforme</a>');

    const legal = await page(platform, '/mentions-legales');
    expect(legal.status).toBe(200);
    expect(legal.html).toContain('<h1>Mentions légales</h1>');
    expect(legal.html).toContain('FINESS');

    // The retention periods of domain/retention.ts, as configured (the defaults here).
    const data = await page(platform, '/donnees-personnelles');
    expect(data.status).toBe(200);
    for (const text of [
      'Dossier clos, Grand âge (EHPAD, résidence autonomie, USLD)</td><td>2 ans après la clôture',
      'Dossier clos, Suites de soins (SMR, HAD, soins palliatifs, SSIAD)</td><td>1 an après la clôture',
      'Dossier clos, PCO TND</td><td>3 ans après la clôture',
      'Journal de sécurité</td><td>6 ans',
      'Vos droits',
      'Qui contacter',
      'CNIL',
    ]) {
      expect(data.html).toContain(text);
    }

    const map = await page(platform, '/plan-du-site');
    expect(map.status).toBe(200);
    for (const href of [
      '/demandes',
      '/demandes/nouvelle',
      '/boite-de-reception',
      '/mon-etablissement',
      '/pco/boite-de-reception',
      '/coordination',
      '/administration/anomalies',
      '/notifications',
      '/accessibilite',
    ]) {
      expect(map.html).toContain(`<a href="${href}">`);
    }
  });
});

describe('static assets', () => {
  const css = asset('dsfr', 'dsfr.min.css');
  const original = readFileSync(join(staticPackages.dsfr, 'dsfr.min.css'));

  it('are cached for a year under their versioned path, and compressed as the browser accepts', async ({
    platform,
  }) => {
    const brotli = await platform.app.request(css, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toMatch(/accept-encoding/i);
    const brotliBody = Buffer.from(await brotli.arrayBuffer());
    expect(brotliBody.byteLength).toBeLessThan(original.byteLength / 5);
    expect(Number(brotli.headers.get('content-length'))).toBe(brotliBody.byteLength);
    expect(brotliDecompressSync(brotliBody).equals(original)).toBe(true);

    const gzip = await platform.app.request(css, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).equals(original)).toBe(true);

    const refused = await platform.app.request(css, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await refused.arrayBuffer()).equals(original)).toBe(true);

    // Our own script is named by its content; an old unversioned address is kept an hour only.
    const script = await platform.app.request(asset('parcours', 'passkeys.js'), {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    const plain = await platform.app.request('/static/dsfr/dsfr.min.css', { headers: { 'accept-encoding': 'br' } });
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600, must-revalidate');
    expect(plain.headers.get('content-encoding')).toBe('br');
    // Pages themselves stay out of every cache.
    expect((await platform.app.request('/')).headers.get('cache-control')).toBe('no-store');
  });

  it('link only the icons the pages show, as a stylesheet cached for a year', async ({ platform }) => {
    const home = await (await platform.app.request('/')).text();
    const href = /<link rel="stylesheet" href="([^"]*icons[^"]*)"/.exec(home)?.[1];
    expect(href).toBe(asset('dsfr', iconStylesheet().path));
    const sheet = await platform.app.request(href ?? '', { headers: { 'accept-encoding': 'br' } });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toMatch(/^text\/css/);
    expect(sheet.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const text = brotliDecompressSync(Buffer.from(await sheet.arrayBuffer())).toString('utf8');
    expect(text).toContain('.fr-icon-notification-3-line:before');
    expect(text).toContain('url(../../icons/');
    const full = readFileSync(join(staticPackages.dsfr, 'utility/icons/icons.min.css'));
    expect(Buffer.byteLength(text)).toBeLessThan(full.byteLength / 20);
    // The icon files it points at are served from the same versioned folder.
    const svg = /url\((\.\.\/\.\.\/icons\/[^)]+\.svg)\)/.exec(text)?.[1] ?? '';
    const icon = await platform.app.request(new URL(svg, `http://parcours${href}`).pathname);
    expect(icon.status).toBe(200);
  });
});
