import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, vi } from 'vitest';
import { devMailboxEnabled, readConfig } from '../../app/config.ts';
import { createServerApp } from '../../app/server-app.ts';
import { platformTest as it } from '../support/fixtures.ts';
import { localClient, type TestPlatform } from '../support/platform.ts';

/**
 * Issue 12, finding 1: the development mailbox shows every login code, reset link and invitation,
 * so whoever reads it can take over any account. It answers only where it was asked for, outside
 * production, to a client on the machine itself; anyone else gets the 404 of an unknown address.
 */

afterEach(() => {
  vi.unstubAllEnvs();
});

const remoteClient = { incoming: { socket: { remoteAddress: '203.0.113.7' } } };
const notFound = { code: 'request.not_found', message: 'Cette adresse n’existe pas.' };

async function readBoth(
  app: { request: TestPlatform['app']['request'] },
  env: unknown,
  init: RequestInit = {},
  origin = 'http://localhost:3000',
) {
  const api = await app.request(`${origin}/api/dev/mailbox`, init, env);
  const page = await app.request(`${origin}/dev/boite-mail`, init, env);
  return {
    api: { status: api.status, body: await api.json() },
    page: { status: page.status, html: await page.text() },
  };
}

describe('the development mailbox', () => {
  it('answers a client on this machine where it was enabled (the tests’ and `npm start`’s case)', async ({
    platform,
  }) => {
    const { api, page } = await readBoth(platform.app, localClient);
    expect(api.status).toBe(200);
    expect(api.body).toHaveProperty('items');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Boîte mail de développement');
  });

  it('does not exist for a client of another address: 404, and no link to it in the menu', async ({ platform }) => {
    const { api, page } = await readBoth(platform.app, remoteClient);
    expect(api).toEqual({ status: 404, body: notFound });
    expect(page.status).toBe(404);
    expect(page.html).toContain('Page introuvable');
    const home = await (await platform.app.request('http://localhost:3000/connexion', {}, remoteClient)).text();
    expect(home).not.toContain('/dev/boite-mail');
  });

  it('does not exist through a reverse proxy on this machine, nor under another host name (DNS rebinding)', async ({
    platform,
  }) => {
    for (const header of ['x-forwarded-for', 'x-real-ip', 'forwarded']) {
      const proxied = await readBoth(platform.app, localClient, {
        headers: { [header]: header === 'forwarded' ? 'for=203.0.113.7' : '203.0.113.7' },
      });
      expect(proxied.api, header).toEqual({ status: 404, body: notFound });
      expect(proxied.page.status, header).toBe(404);
    }
    const rebound = await readBoth(platform.app, localClient, {}, 'http://parcours.attacker.example:3000');
    expect(rebound.api).toEqual({ status: 404, body: notFound });
    expect(rebound.page.status).toBe(404);
  });

  it('does not exist in an in-process request whose client is not known to be local', async ({ platform }) => {
    const { api, page } = await readBoth(platform.app, undefined);
    expect(api).toEqual({ status: 404, body: notFound });
    expect(page.status).toBe(404);
  });

  it('does not exist under NODE_ENV=production, even wired as enabled and asked from this machine', async ({
    platform,
  }) => {
    vi.stubEnv('NODE_ENV', 'production');
    const { api, page } = await readBoth(platform.app, localClient);
    expect(api).toEqual({ status: 404, body: notFound });
    expect(page.status).toBe(404);
  });

  it('is off unless explicitly asked for: without PARCOURS_DEV_MAILBOX and without any provider key, 404', async ({
    platform,
    db,
  }) => {
    // Before, having no provider key was enough to open it: exactly docker-compose.yml's first setup.
    const app = createServerApp({
      db,
      temporal: platform.client,
      taskQueue: `mailbox-${randomUUID()}`,
      searchAttributes: true,
      devMailbox: devMailboxEnabled(readConfig({})),
      appUrl: 'http://localhost:3000',
    });
    const { api, page } = await readBoth(app, localClient);
    expect(api).toEqual({ status: 404, body: notFound });
    expect(page.status).toBe(404);
    const spec = (await (await app.request('/api/openapi.json', {}, localClient)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).not.toContain('/dev/mailbox');
  });
});
