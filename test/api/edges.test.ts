import { connect } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerClientErrors } from '../../api/edges.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { freePort } from '../../app/ports.ts';
import { errorCatalogue } from '../../domain/errors.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';

let platform: TestPlatform;
let worker: RunningWorker;
let server: ServerType;
let port: number;

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
  port = await freePort();
  server = await new Promise((resolve) => {
    const started = serve({ fetch: platform.app.fetch, hostname: '127.0.0.1', port }, () => resolve(started));
  });
  answerClientErrors(server as never);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await worker?.stop();
  await platform?.close();
});

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

let address = 0;
/** An anonymous client with an address of its own (the per-address login limits stay out of the way). */
async function send(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const response = await platform.app.request(`http://localhost${path}`, {
    method,
    headers: { 'x-forwarded-for': `10.77.${Math.floor(++address / 250)}.${address % 250}`, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers } as Answer;
}

/** Every refusal carries the catalogue's code and its French message. */
function expectRefusal(answer: Answer, status: number, code: keyof typeof errorCatalogue) {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.body.message).toBe(errorCatalogue[code].message);
}

/**
 * A raw HTTP/1.1 exchange on the real server: writes `head`, then `feed` (which may never finish the
 * body), and resolves with the answer as soon as one arrives; `undefined` if none within the bound.
 */
function exchange(head: string, feed?: (write: (chunk: string | Buffer) => boolean) => void) {
  return new Promise<{ status: number; body: Record<string, unknown> } | undefined>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const finish = (value: { status: number; body: Record<string, unknown> } | undefined) => {
      clearTimeout(bound);
      socket.destroy();
      resolve(value);
    };
    // Generous: the old code never answers (it waits for the whole body); the new one answers at once.
    const bound = setTimeout(() => finish(undefined), 30_000);
    socket.on('error', () => {});
    socket.on('data', (data) => {
      received += data.toString('latin1');
      const split = received.indexOf('\r\n\r\n');
      if (split === -1) return;
      const length = Number(/content-length: *(\d+)/i.exec(received.slice(0, split))?.[1] ?? 0);
      const raw = Buffer.from(received.slice(split + 4), 'latin1');
      if (raw.length < length) return;
      const status = Number(received.slice(9, 12));
      finish({ status, body: length > 0 ? JSON.parse(raw.subarray(0, length).toString('utf8')) : {} });
    });
    socket.on('close', () => finish(undefined));
    socket.write(head);
    feed?.((chunk) => socket.write(chunk));
  });
}

describe('request size', () => {
  it('refuses a 20 MB login by its Content-Length, before the body is sent', async () => {
    const answer = await exchange(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${20 * 1024 * 1024}\r\n\r\n`,
      (write) => write(`{"identifier":"${'a'.repeat(64 * 1024)}`),
    );
    expect(answer).toEqual({
      status: 413,
      body: { code: 'request.too_large', message: errorCatalogue['request.too_large'].message },
    });
  });

  it('refuses a streamed (chunked) body as soon as it passes 1 MB, without waiting for its end', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const answer = await exchange(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n',
      (write) => {
        for (let sent = 0; sent < 24; sent++)
          write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      },
    );
    expect(answer?.status).toBe(413);
    expect(answer?.body.code).toBe('request.too_large');
  });

  it('refuses a 20 MB body given in process too, and a page form as well (French page)', async () => {
    const big = `{"identifier":"${'a'.repeat(20 * 1024 * 1024)}","password":"x"}`;
    expectRefusal(
      await send('POST', '/api/auth/login', { headers: { 'content-type': 'application/json' }, body: big }),
      413,
      'request.too_large',
    );
    const page = await platform.app.request('http://localhost/connexion', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: `identifier=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    expect(page.status).toBe(413);
    expect(await page.text()).toContain(errorCatalogue['request.too_large'].message);
  });
});

describe('content type and characters', () => {
  it('answers 415 with a code to text/plain, a form or no Content-Type on a JSON route, with nothing logged', async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      const types: Record<string, string>[] = [
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
        { 'content-type': 'multipart/form-data; boundary=x' },
        {},
      ];
      for (const headers of types) {
        expectRefusal(
          await send('POST', '/api/auth/login', { headers, body: '{"identifier":"a","password":"b"}' }),
          415,
          'request.unsupported_media_type',
        );
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses notification settings with no body or an empty one (never a 200 for nothing)', async () => {
    for (const body of [undefined, {}]) {
      const answer = await platform.api('PUT', '/api/notifications/preferences', { as: demo.physician, body });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'request.invalid' });
    }
  });

  it('still takes JSON with a charset, and a bodiless command with no Content-Type', async () => {
    const login = await send('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ identifier: 'personne@edges.test', password: 'x' }),
    });
    expectRefusal(login, 401, 'auth.invalid_credentials');
    expect((await send('POST', '/api/auth/logout')).status).toBe(204);
  });

  it('refuses with a code a NUL in ?q= (400) or in the login identifier (422, the shared vocabulary)', async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      expectRefusal(await send('GET', '/api/communes?q=Ly%00on'), 400, 'request.invalid_characters');
      const facilities = await platform.api('GET', '/api/facilities?q=Ly%00on', { as: demo.physician });
      expect(facilities.status).toBe(400);
      expect(facilities.body).toMatchObject({ code: 'request.invalid_characters' });
      for (const identifier of ['Du\u0000pont@edges.test', '1000\u00000000']) {
        expectRefusal(
          await send('POST', '/api/auth/login', {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ identifier, password: 'x' }),
          }),
          422,
          'request.invalid',
        );
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

describe('every refusal has a code and a French message', () => {
  it('404 for an unknown API address, whatever the method; 405 with Allow for a known one', async () => {
    expectRefusal(await send('GET', '/api/nowhere'), 404, 'request.not_found');
    expectRefusal(await send('POST', '/api/nowhere'), 404, 'request.not_found');
    const wrongMethod = await send('PUT', '/api/auth/login');
    expectRefusal(wrongMethod, 405, 'request.method_not_allowed');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const withParameter = await send('DELETE', '/api/referrals/00000000-0000-4000-8000-000000000000/send');
    expectRefusal(withParameter, 405, 'request.method_not_allowed');
  });

  it('431 for over-long headers and 414 for an over-long address, from the real server', async () => {
    const headers = await exchange(
      `GET /api/auth/cgu HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(headers).toEqual({
      status: 431,
      body: { code: 'request.headers_too_large', message: errorCatalogue['request.headers_too_large'].message },
    });
    const tooLongForNode = await exchange(
      `GET /api/communes?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expect(tooLongForNode).toEqual({
      status: 414,
      body: { code: 'request.uri_too_long', message: errorCatalogue['request.uri_too_long'].message },
    });
    // Under Node's limit but over ours: the same answer, from the app.
    expectRefusal(await send('GET', `/api/communes?q=${'a'.repeat(10_000)}`), 414, 'request.uri_too_long');
  });
});

describe('cross-site requests', () => {
  async function draft() {
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'Garnier', firstName: 'Odile', birthDate: '1937-02-03', sex: 'female' },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [await platform.facilityId(demoFiness.berthet)],
        send: false,
      },
    });
    expect(created.body.status).toBe('draft');
    return created.body.id;
  }

  const statusOf = async (id: string) =>
    (await platform.api<ReferralDetail>('GET', `/api/referrals/${id}`, { as: demo.physician })).body.status;

  it('refuses a bodiless command posted from another site as a form, and the draft stays a draft', async () => {
    const id = await draft();
    const cookie = await platform.cookieOf(demo.physician);
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'null', 'content-type': 'text/plain' },
    ];
    for (const headers of attempts) {
      expectRefusal(
        await send('POST', `/api/referrals/${id}/send`, { headers: { cookie, ...headers } }),
        403,
        'request.cross_origin',
      );
    }
    // Without an origin header (not a browser page), a form type is still not a command.
    expectRefusal(
      await send('POST', `/api/referrals/${id}/send`, {
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      }),
      415,
      'request.unsupported_media_type',
    );
    expect(await statusOf(id)).toBe('draft');

    // The site's own page (same origin, its JSON fetch or a bodiless call) is served.
    const own = await send('POST', `/api/referrals/${id}/send`, {
      headers: { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(200);
    expect(await statusOf(id)).toBe('sent');
  });

  it('accepts the public address as origin behind a TLS proxy (the request URL says http)', async () => {
    const answer = await send('POST', '/api/auth/logout', { headers: { origin: new URL(platform.appUrl).origin } });
    expect(answer.status).toBe(204);
  });
});
