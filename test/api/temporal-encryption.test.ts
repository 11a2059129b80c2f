import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { describe, expect, inject } from 'vitest';
import { EncryptionCodec } from '../../app/payload-codec.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { platformTestWith } from '../support/fixtures.ts';
import { historiesDir, recordHistory } from '../support/histories.ts';
import { testPayloadKeys } from '../support/payload-keys.ts';
import { demo } from '../support/platform.ts';
import { payloadsIn, storedText } from '../support/temporal-payloads.ts';

const uiOrigin = 'http://temporal-ui.parcours.test';

// Words that appear nowhere in the platform but in this patient's case.
const patient = {
  lastName: 'Quintavalle',
  firstName: 'Philomène',
  birthDate: '1936-07-21',
  sex: 'female',
  departement: '69',
} as const;
const dossier = completeDossier('ehpad');
const medical = { ...dossier.medical, treatments: 'Rivastigmine 4,6 mg/24 h', history: 'Maladie de Charcot-Marie' };
const secrets = [
  patient.lastName,
  patient.firstName,
  patient.birthDate,
  medical.treatments,
  medical.history,
  'Liste d’attente pour Quintavalle',
];

const it = platformTestWith({ temporalUiOrigin: uiOrigin })
  // A plain connection to Temporal, as its database, UI and CLI read it (no codec).
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from its destructuring.
  .extend('raw', { scope: 'file' }, async ({}, { onCleanup }) => {
    const raw = await Connection.connect({ address: inject('temporalAddress') });
    onCleanup(() => raw.close());
    return raw;
  })
  /** A case through its life (creation, an acceptance, a refusal with a comment, the choice, the admission). */
  .extend('admittedCase', ({ platform, temporal, createReferralCase }) => async (): Promise<string> => {
    const { created, facilities } = await createReferralCase({
      facilities: ['berthet', 'elisabeth'],
      patient,
      dossier: { ...dossier, medical },
    });
    const [berthet, elisabeth] = [facilities.berthet.id, facilities.elisabeth.id];
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const taskOf = (facilityId: string) => created.body.tasks.find((task) => task.facility.id === facilityId)?.id;
    const steps = [
      [`/tasks/${taskOf(berthet)}/accept`, demo.berthetMember, { proposedEntryDate: inDays(3) }],
      [`/tasks/${taskOf(elisabeth)}/refuse`, demo.elisabethMember, { reasonCode: 'no_place', comment: secrets[5] }],
      ['/choose', demo.physician, { taskId: taskOf(berthet) }],
      [`/tasks/${taskOf(berthet)}/confirm-admission`, demo.berthetMember, undefined],
    ] as const;
    for (const [path, as, body] of steps) {
      const answer = await platform.api('POST', `/api/referrals/${caseId}${path}`, { as, body });
      expect(answer.status, path).toBe(200);
    }
    await temporal.client.workflow.getHandle(referralWorkflowId(caseId)).result();
    return caseId;
  })
  .extend('call', { scope: 'file' }, ({ platform }) => {
    return (direction: 'encode' | 'decode', body: unknown, headers: Record<string, string> = {}) =>
      platform.app.request(`/api/temporal-codec/${direction}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
        body: JSON.stringify(body),
      });
  });

let caseId: string;

describe('identity and medical data in Temporal', () => {
  it('are not readable in the history as Temporal stores it, and decode with the key', async ({
    temporal,
    raw,
    admittedCase,
  }) => {
    caseId = await admittedCase();
    // A client without the codec sees what Temporal's database, its UI and its CLI see.
    const history = await new Client({ connection: raw, namespace: 'default' }).workflow
      .getHandle(referralWorkflowId(caseId))
      .fetchHistory();
    const stored = storedText(history);
    for (const secret of secrets) expect(stored).not.toContain(secret);

    // The same history through the key ring: everything is there (the check above can see it).
    const decoded = await new EncryptionCodec(testPayloadKeys).decode(payloadsIn(history));
    const clear = decoded.map((payload) => Buffer.from(payload.data ?? []).toString('utf8')).join('\n');
    for (const secret of secrets) expect(clear).toContain(secret);

    await recordHistory(temporal.client.workflow.getHandle(referralWorkflowId(caseId)), 'v5-encrypted-ehpad-admitted');
  });

  it('stay encrypted in the recorded encrypted history (replayed in replay.test.ts)', async () => {
    const json = await readFile(new URL('v5-encrypted-ehpad-admitted.json', historiesDir), 'utf8');
    const history = historyFromJSON(JSON.parse(json));
    const stored = storedText(history);
    for (const word of ['Quintavalle', 'Philomène', 'Rivastigmine']) expect(stored).not.toContain(word);
    expect(payloadsIn(history).length).toBeGreaterThan(10);
  });
});

describe('the codec endpoint of the Temporal UI', () => {
  const clearPayload = {
    metadata: { encoding: Buffer.from('json/plain').toString('base64') },
    data: Buffer.from(JSON.stringify({ lastName: patient.lastName })).toString('base64'),
  };

  it('refuses anyone but an administrator', async ({ sessions, call }) => {
    const anonymous = await call('decode', { payloads: [clearPayload] });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'auth.unauthenticated' });
    const physician = await call(
      'decode',
      { payloads: [clearPayload] },
      { cookie: await sessions.cookieOf(demo.physician) },
    );
    expect(physician.status).toBe(403);
    expect(await physician.json()).toMatchObject({ code: 'auth.forbidden' });
    const encode = await call(
      'encode',
      { payloads: [clearPayload] },
      { cookie: await sessions.cookieOf(demo.physician) },
    );
    expect(encode.status).toBe(403);
  });

  it('encodes and decodes for an administrator, in the UI’s JSON form', async ({ sessions, call }) => {
    const cookie = await sessions.cookieOf(demo.admin);
    const encoded = await call('encode', { payloads: [clearPayload] }, { cookie });
    expect(encoded.status).toBe(200);
    const { payloads } = (await encoded.json()) as { payloads: (typeof clearPayload)[] };
    expect(Buffer.from(payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payloads[0]?.data ?? '', 'base64').toString()).not.toContain(patient.lastName);

    const decoded = await call('decode', { payloads }, { cookie });
    expect(decoded.status).toBe(200);
    expect(await decoded.json()).toEqual({ payloads: [clearPayload] });
  });

  it('decodes a history’s payloads as Temporal stores them, and refuses what no key opens', async ({
    sessions,
    raw,
    call,
  }) => {
    const cookie = await sessions.cookieOf(demo.admin);
    const history = await new Client({ connection: raw, namespace: 'default' }).workflow
      .getHandle(referralWorkflowId(caseId))
      .fetchHistory();
    const [input] = payloadsIn(history);
    const asJson = {
      metadata: Object.fromEntries(
        Object.entries(input?.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(input?.data ?? []).toString('base64'),
    };
    const decoded = await call('decode', { payloads: [asJson] }, { cookie });
    expect(decoded.status).toBe(200);
    const [clear] = ((await decoded.json()) as { payloads: (typeof clearPayload)[] }).payloads;
    expect(Buffer.from(clear?.data ?? '', 'base64').toString()).toContain(patient.lastName);

    const unknownKey = {
      metadata: { ...asJson.metadata, 'encryption-key-id': Buffer.from('retired-key').toString('base64') },
      data: asJson.data,
    };
    const refused = await call('decode', { payloads: [unknownKey] }, { cookie });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'temporal_codec.undecodable' });
    const otherNamespace = await call('decode', { payloads: [asJson] }, { cookie, 'x-namespace': 'elsewhere' });
    expect(otherNamespace.status).toBe(403);
  });

  it('lets the configured Temporal UI origin call it with credentials, and no other', async ({
    platform,
    sessions,
    call,
  }) => {
    const preflight = (origin: string) =>
      platform.app.request('/api/temporal-codec/decode', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const allowed = await preflight(uiOrigin);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight('https://attacker.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    // The call itself, as a browser sends it from the UI's page with the administrator's cookie.
    const cookie = await sessions.cookieOf(demo.admin);
    const fromUi = await call(
      'decode',
      { payloads: [clearPayload] },
      { cookie, origin: uiOrigin, 'sec-fetch-site': 'same-site' },
    );
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const fromElsewhere = await call(
      'decode',
      { payloads: [clearPayload] },
      { cookie, origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.json()).toMatchObject({ code: 'request.cross_origin' });
    // The UI's origin reaches the codec only, not the commands.
    const command = await platform.app.request('/api/referrals', {
      method: 'POST',
      headers: { cookie, origin: uiOrigin, 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(command.status).toBe(403);
    expect(await command.json()).toMatchObject({ code: 'request.cross_origin' });
  });
});
