import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type FailureConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  EncryptionCodec,
  failureConverterPath,
  formatPayloadKey,
  loadPayloadKeys,
  newPayloadKey,
  parsePayloadKeys,
} from '../../app/payload-codec.ts';

const identity = { lastName: 'Quintavalle', treatments: 'Rivastigmine' };
const clear = () => defaultPayloadConverter.toPayload(identity);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('the payload codec', () => {
  it('encrypts with the first key, naming it in the metadata, and gives the payload back whole', async () => {
    const [older, newer] = [newPayloadKey('k1'), newPayloadKey('k2')];
    const codec = new EncryptionCodec([newer, older]);
    const [sealed] = await codec.encode([clear()]);
    expect(text(sealed?.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(sealed?.metadata?.['encryption-key-id'])).toBe('k2');
    // Not even the JSON encoding shows.
    expect(text(sealed?.data)).not.toMatch(/Quintavalle|Rivastigmine|json/);
    const [opened] = await codec.decode(sealed ? [sealed] : []);
    expect(opened && defaultPayloadConverter.fromPayload(opened)).toEqual(identity);
  });

  it('decrypts what an older key encrypted once a new key is put in front (rotation)', async () => {
    const older = newPayloadKey('k1');
    const [before] = await new EncryptionCodec([older]).encode([clear()]);
    const rotated = new EncryptionCodec(
      parsePayloadKeys(`${formatPayloadKey(newPayloadKey('k2'))},${formatPayloadKey(older)}`),
    );
    const [opened] = await rotated.decode(before ? [before] : []);
    expect(opened && defaultPayloadConverter.fromPayload(opened)).toEqual(identity);
  });

  it('passes through payloads recorded in clear (histories from before the codec)', async () => {
    const payload = clear();
    expect(await new EncryptionCodec([newPayloadKey('k1')]).decode([payload])).toEqual([payload]);
  });

  it('refuses a payload altered or under a key it does not have, naming only the key', async () => {
    const codec = new EncryptionCodec([newPayloadKey('k1')]);
    const [sealed] = await codec.encode([clear()]);
    if (!sealed?.data) throw new Error('no data');
    const altered = Buffer.from(sealed.data);
    altered[20] = (altered[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...sealed, data: altered }])).rejects.toThrow();
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('k0') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/clé « k0 »/);
    await expect(new EncryptionCodec([newPayloadKey('k9')]).decode([sealed])).rejects.toThrow(/clé « k1 »/);
  });

  it('reads keys as id:base64 and says in French what is wrong', () => {
    expect(() => parsePayloadKeys('k1:c2hvcnQ=')).toThrow(/32 octets/);
    expect(() => parsePayloadKeys('sans-separateur')).toThrow(/identifiant:clé en base64/);
    const key = formatPayloadKey(newPayloadKey('k1'));
    expect(() => parsePayloadKeys(`${key},${key}`)).toThrow(/même identifiant/);
    expect(parsePayloadKeys(` ${key} `).map((entry) => entry.id)).toEqual(['k1']);
  });
});

describe('the failure converter the workers load by path', () => {
  it('moves an error’s message and stack into an encoded attribute, which the codec encrypts', async () => {
    const { failureConverter } = createRequire(import.meta.url)(failureConverterPath) as {
      failureConverter: FailureConverter;
    };
    const failure = failureConverter.errorToFailure(
      new Error('Projection impossible pour Quintavalle'),
      defaultPayloadConverter,
    );
    expect(failure.message).not.toContain('Quintavalle');
    expect(failure.stackTrace ?? '').not.toContain('Quintavalle');
    const [sealed] = await new EncryptionCodec([newPayloadKey('k1')]).encode(
      failure.encodedAttributes ? [failure.encodedAttributes] : [],
    );
    expect(text(sealed?.data)).not.toContain('Quintavalle');
    expect(failureConverter.failureToError(failure, defaultPayloadConverter).message).toBe(
      'Projection impossible pour Quintavalle',
    );
  });
});

describe('the payload keys of a process', () => {
  it('are required in production', () => {
    expect(() => loadPayloadKeys({ keys: undefined, production: true, dataDir: '/nonexistent' })).toThrow(
      /PARCOURS_PAYLOAD_KEYS est requis en production/,
    );
  });

  it('are a development key generated once in the data folder otherwise, readable by its owner only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parcours-keys-'));
    try {
      const first = loadPayloadKeys({ keys: undefined, production: false, dataDir });
      const again = loadPayloadKeys({ keys: undefined, production: false, dataDir });
      expect(again).toEqual(first);
      expect((await stat(join(dataDir, 'payload-keys'))).mode & 0o777).toBe(0o600);
      const given = formatPayloadKey(newPayloadKey('prod-1'));
      expect(loadPayloadKeys({ keys: given, production: true, dataDir }).map((key) => key.id)).toEqual(['prod-1']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
