import { readFileSync } from 'node:fs';
import {
  clientDataConverter,
  type PayloadKey,
  parsePayloadKeys,
  workerDataConverter,
} from '../../app/payload-codec.ts';

/**
 * The tests' key ring, committed on purpose (test data only, never a deployment's): the encrypted
 * histories recorded by the tests must replay with it later. Two keys: the first encrypts, as after a rotation.
 */
export const testPayloadKeys: PayloadKey[] = parsePayloadKeys(
  readFileSync(new URL('../fixtures/payload-keys', import.meta.url), 'utf8'),
);

/** What every test client passes, as the server and the worker do. */
export const testClientDataConverter = clientDataConverter(testPayloadKeys);
/** What every test worker (and replay) passes. */
export const testWorkerDataConverter = workerDataConverter(testPayloadKeys);
