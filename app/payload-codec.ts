import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DataConverter,
  DefaultFailureConverter,
  defaultPayloadConverter,
  type LoadedDataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';

/** Metadata of an encrypted payload (the Temporal samples' names, which the UI's codec server knows). */
export const encryptedEncoding = 'binary/encrypted';
const encodingKey = 'encoding';
const keyIdKey = 'encryption-key-id';
const ivBytes = 12;
const tagBytes = 16;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/**
 * `id1:base64key,id2:base64key`: the first key encrypts, every key decrypts, so a rotation adds a
 * new key in front and keeps the old ones while histories encrypted with them exist.
 */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator).trim();
      const key = Buffer.from(entry.slice(separator + 1).trim(), 'base64');
      if (separator <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
        throw new Error(
          'PARCOURS_PAYLOAD_KEYS invalide : chaque clé s’écrit « identifiant:clé en base64 », séparées par des virgules.',
        );
      }
      if (key.length !== 32) {
        throw new Error(`PARCOURS_PAYLOAD_KEYS invalide : la clé « ${id} » doit faire 32 octets (AES-256) en base64.`);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error('PARCOURS_PAYLOAD_KEYS invalide : aucune clé.');
  const ids = new Set(keys.map((key) => key.id));
  if (ids.size !== keys.length) throw new Error('PARCOURS_PAYLOAD_KEYS invalide : deux clés ont le même identifiant.');
  return keys;
}

export function formatPayloadKey(key: PayloadKey): string {
  return `${key.id}:${key.key.toString('base64')}`;
}

/** A fresh random key (a deployment's keys: `openssl rand -base64 32`, see the README). */
export function newPayloadKey(id: string): PayloadKey {
  return { id, key: randomBytes(32) };
}

/**
 * AES-256-GCM over the whole payload (its metadata too: not even its encoding shows), the key id in
 * clear in the metadata and bound to the ciphertext (authenticated data). Payloads that are not encrypted pass through:
 * histories recorded before the codec still replay, and still decode in the UI.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly #encryptWith: PayloadKey;
  readonly #byId: Map<string, Buffer>;

  constructor(keys: PayloadKey[]) {
    const [first] = keys;
    if (!first) throw new Error('EncryptionCodec needs at least one key');
    this.#encryptWith = first;
    this.#byId = new Map(keys.map((key) => [key.id, key.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encryptOne(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decryptOne(payload));
  }

  encryptOne(payload: Payload): Payload {
    const { id, key } = this.#encryptWith;
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const clear = serialize(payload);
    const sealed = Buffer.concat([iv, cipher.update(clear), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [encodingKey]: Buffer.from(encryptedEncoding), [keyIdKey]: Buffer.from(id) },
      data: sealed,
    };
  }

  decryptOne(payload: Payload): Payload {
    const encoding = payload.metadata?.[encodingKey];
    if (!encoding || Buffer.from(encoding).toString() !== encryptedEncoding) return payload;
    const idBytes = payload.metadata?.[keyIdKey];
    const id = idBytes ? Buffer.from(idBytes).toString() : '';
    const key = this.#byId.get(id);
    // The message names the key only (never the content): it is the operator's clue for a rotation gone wrong.
    if (!key) throw new Error(`Donnée Temporal chiffrée avec la clé « ${id} », absente de PARCOURS_PAYLOAD_KEYS.`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    const clear = Buffer.concat([
      decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)),
      decipher.final(),
    ]);
    return deserialize(clear);
  }
}

/** The payload before encryption: its metadata's length (4 bytes), its metadata in JSON (base64 values), its data. */
function serialize(payload: Payload): Buffer {
  const metadata = Buffer.from(
    JSON.stringify(
      Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value).toString('base64')]),
      ),
    ),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32BE(metadata.length);
  return Buffer.concat([length, metadata, payload.data ?? new Uint8Array()]);
}

function deserialize(clear: Buffer): Payload {
  const length = clear.readUInt32BE(0);
  const metadata = JSON.parse(clear.subarray(4, 4 + length).toString()) as Record<string, string>;
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata).map(([name, value]) => [name, new Uint8Array(Buffer.from(value, 'base64'))]),
    ),
    data: new Uint8Array(clear.subarray(4 + length)),
  };
}

/**
 * Failure messages and stack traces move into an encoded (so encrypted) attribute: an activity's
 * error that quotes a value leaks nothing. Loaded by path by the worker and the workflow bundle.
 */
export const failureConverterPath = fileURLToPath(new URL('../workflows/failure-converter.cjs', import.meta.url));
const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

/** The data converter of every Temporal client of the platform. */
export function clientDataConverter(keys: PayloadKey[] | undefined): LoadedDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter,
    payloadCodecs: keys ? [new EncryptionCodec(keys)] : [],
  };
}

/** The data converter of every worker (and replay) of the platform; the bundle needs `failureConverterPath` too. */
export function workerDataConverter(keys: PayloadKey[] | undefined): DataConverter {
  return { failureConverterPath, payloadCodecs: keys ? [new EncryptionCodec(keys)] : [] };
}

/**
 * The keys: PARCOURS_PAYLOAD_KEYS; without it, a development key generated once in the data folder
 * (`npm start`), never in production where histories would be encrypted with a key nobody keeps.
 */
export function loadPayloadKeys(options: {
  keys: string | undefined;
  production: boolean;
  dataDir: string;
}): PayloadKey[] {
  if (options.keys) return parsePayloadKeys(options.keys);
  if (options.production) {
    throw new Error(
      'PARCOURS_PAYLOAD_KEYS est requis en production : sans clé, l’identité et le dossier médical seraient en clair dans Temporal (format « identifiant:clé en base64 », voir le README).',
    );
  }
  return parsePayloadKeys(developmentKeys(options.dataDir));
}

function developmentKeys(dataDir: string): string {
  const path = join(dataDir, 'payload-keys');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  // Written aside then linked: the server and the worker start together, and neither may read half a file.
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${formatPayloadKey(newPayloadKey('dev-1'))}\n`, { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return readFileSync(path, 'utf8');
}
