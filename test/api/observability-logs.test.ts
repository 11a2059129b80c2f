import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { outboxMessages } from '../../db/schema.ts';
import { createLogger, installLogger, logger } from '../../services/observability/logger.ts';
import { completeDossier } from '../support/dossiers.ts';
import {
  createTestPlatform,
  demo,
  demoFiness,
  localClient,
  type RunningWorker,
  type TestPlatform,
} from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

// Every line the process logs, as written: the capture is the pino destination of the whole process.
const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
installLogger(createLogger({ destination: capture, level: 'debug' }));

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

// Names no other text of the platform contains, so finding them anywhere means a leak.
const patient = {
  lastName: 'Quillebeuf',
  firstName: 'Zéphirine',
  birthDate: '1937-02-11',
  sex: 'female',
  departement: '69',
} as const;

describe('logs', () => {
  it('carry no patient data from a request that does, and one correlation id from the request to the outbox', async () => {
    const requestId = `test-${randomUUID()}`;
    const [berthet, elisabeth] = await Promise.all([
      platform.facilityId(demoFiness.berthet),
      platform.facilityId(demoFiness.elisabeth),
    ]);
    const response = await platform.app.request(
      '/api/referrals',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: await platform.cookieOf(demo.physician),
          'x-request-id': requestId,
        },
        body: JSON.stringify({
          kind: 'ehpad',
          patient,
          dossier: completeDossier('ehpad', patient),
          confirmNotDuplicate: true,
          facilityIds: [berthet, elisabeth],
        }),
      },
      localClient,
    );
    expect(response.status).toBe(201);
    const created = (await response.json()) as ReferralDetail;
    // A refused command (a patient's name in a body that fails validation) and a search by name.
    const refused = await platform.api('POST', '/api/referrals', {
      as: demo.physician,
      body: { kind: 'ehpad', patient: { ...patient, birthDate: 'le 11 février' }, facilityIds: [berthet] },
    });
    expect(refused.status).toBe(422);
    await platform.api('GET', `/api/referrals?q=${patient.lastName}`, { as: demo.physician });

    // The outbox rows the workflow's activities wrote carry the request's id.
    const rows = await waitFor('the outbox rows of the case', async () => {
      const found = await platform.db
        .select({ correlationId: outboxMessages.correlationId })
        .from(outboxMessages)
        .where(eq(outboxMessages.referralId, created.id));
      return found.length >= 2 ? found : undefined;
    });
    expect(new Set(rows.map((row) => row.correlationId))).toEqual(new Set([requestId]));

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLine = parsed.find((line) => line.reqId === requestId);
    expect(requestLine).toMatchObject({
      correlationId: requestId,
      req: { method: 'POST' },
      res: { status: 201, route: '/api/referrals' },
    });
    // Every line is JSON; none holds the patient's names or birth date, in any case or encoding.
    const text = lines.join('\n').toLowerCase();
    for (const value of [patient.lastName, patient.firstName, 'zephirine', patient.birthDate, '11 février']) {
      expect(text).not.toContain(value.toLowerCase());
    }
    expect(text).not.toContain(encodeURIComponent(patient.firstName).toLowerCase());
  });

  it('censor identity, health data, codes and secrets wherever they sit in what is logged', () => {
    const before = lines.length;
    logger().info(
      {
        case: { patient, dossier: completeDossier('ehpad', patient) },
        account: { email: 'claire.martin@example.org', phone: '+33612345678' },
        login: { code: '123456', password: 'Quillebeuf-2026', token: 'tok_Quillebeuf' },
        headers: { cookie: 'parcours_session=abc', authorization: 'Bearer Quillebeuf' },
      },
      'contrôle de la censure',
    );
    logger().error({ err: new Error('Failed query: insert into referrals\nparams: Quillebeuf,Zéphirine') }, 'échec');
    const written = lines.slice(before).join('\n');
    expect(written).toContain('contrôle de la censure');
    expect(written).toContain('[masqué]');
    for (const value of ['Quillebeuf', 'Zéphirine', 'claire.martin', '+33612345678', '123456', 'abc', 'Bearer']) {
      expect(written).not.toContain(value);
    }
    expect(written).toContain('Failed query: insert into referrals');
  });
});
