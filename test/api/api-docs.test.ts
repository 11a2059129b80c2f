import { describe, expect } from 'vitest';
import { commonErrorStatuses } from '../../api/openapi.ts';
import { platformTest as it } from '../support/fixtures.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('API documentation', () => {
  it('publishes an OpenAPI document listing the referral commands with their error shape', async ({ platform }) => {
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

  it('declares on every operation the refusals any request may get, each in the error shape', async ({ platform }) => {
    const spec = (await (await platform.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(70);
    const expected = Object.keys(commonErrorStatuses);
    expect(expected).toEqual([
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '414',
      '415',
      '422',
      '429',
      '431',
      '500',
      '503',
    ]);
    for (const { name, operation } of operations) {
      for (const status of expected) {
        const schema = operation.responses[status]?.content?.['application/json']?.schema;
        expect(schema?.$ref, `${name} ${status}`).toBe('#/components/schemas/Error');
      }
    }
  });

  it('answers only statuses its document lists for the operation', async ({ platform }) => {
    const spec = (await (await platform.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const declared = (method: string, path: string) => Object.keys(spec.paths[path]?.[method]?.responses ?? {});
    // Anonymous, then with a malformed filter: 401 and 422, which the document once left out.
    const anonymous = await platform.api('GET', '/api/facilities/capacity-reminders');
    const malformed = await platform.api('GET', '/api/facilities/capacity-reminders?departement=x');
    expect([anonymous.status, malformed.status]).toEqual([401, 422]);
    expect(declared('get', '/facilities/capacity-reminders')).toEqual(expect.arrayContaining(['401', '422']));
  });

  it('serves its reading page with assets from the platform itself, not from a CDN', async ({ platform }) => {
    const page = await (await platform.app.request('/api/docs')).text();
    expect(page).not.toContain('cdn.jsdelivr.net');
    const script = page.match(/src="(\/static\/swagger-ui-dist\/[^"]+)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await platform.app.request(script ?? '');
    expect(asset.status).toBe(200);
  });

  it('answers unknown API paths in the same error shape', async ({ platform }) => {
    const response = await platform.app.request('/api/nulle-part');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'request.not_found', message: 'Cette adresse n’existe pas.' });
  });
});
