import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await createTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

describe('API documentation', () => {
  it('publishes an OpenAPI document listing the referral commands with their error shape', async () => {
    const response = await platform.app.request('/api/openapi.json');
    const spec = (await response.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/referrals',
        '/referrals/{id}',
        '/referrals/{id}/choose',
        '/referrals/{id}/cancel',
        '/referrals/{id}/tasks/{taskId}/accept',
        '/referrals/{id}/tasks/{taskId}/refuse',
        '/referrals/{id}/tasks/{taskId}/confirm-admission',
        '/tasks',
        '/facilities',
      ]),
    );
    expect(Object.keys(spec.components.schemas)).toEqual(expect.arrayContaining(['ReferralDetail', 'Error']));
  });

  it('serves its reading page with assets from the platform itself, not from a CDN', async () => {
    const page = await (await platform.app.request('/api/docs')).text();
    expect(page).not.toContain('cdn.jsdelivr.net');
    const script = page.match(/src="(\/static\/swagger-ui-dist\/[^"]+)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await platform.app.request(script ?? '');
    expect(asset.status).toBe(200);
  });

  it('answers unknown API paths in the same error shape', async () => {
    const response = await platform.app.request('/api/nulle-part');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'request.not_found', message: 'Cette adresse n’existe pas.' });
  });
});
