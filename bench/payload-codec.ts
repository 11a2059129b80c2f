import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { EncryptionCodec, newPayloadKey } from '../app/payload-codec.ts';
import { historiesDir } from '../test/support/histories.ts';
import { payloadsIn } from '../test/support/temporal-payloads.ts';
import { percentile } from './directory-search.ts';

/**
 * What the payload codec costs a referral's lifecycle: every payload of a recorded lifecycle in clear
 * (v5-ehpad-three-facilities-admitted: creation, three facilities, answers, choice, admission)
 * encrypted then decrypted, as the platform does at least once each. Writes bench/results/payload-codec.md.
 */
const rounds = Number(process.env.PARCOURS_BENCH_CODEC_ROUNDS ?? 500);
const resultsDir = new URL('./results/', import.meta.url);
const lifecycle = 'v5-ehpad-three-facilities-admitted';

export async function runPayloadCodecBench(): Promise<string> {
  const history = historyFromJSON(JSON.parse(await readFile(new URL(`${lifecycle}.json`, historiesDir), 'utf8')));
  const payloads = payloadsIn(history);
  const codec = new EncryptionCodec([newPayloadKey('bench-2'), newPayloadKey('bench-1')]);
  const size = (list: typeof payloads) =>
    list.reduce(
      (total, payload) =>
        total +
        (payload.data?.length ?? 0) +
        Object.entries(payload.metadata ?? {}).reduce((sum, [name, value]) => sum + name.length + value.length, 0),
      0,
    );
  const encodeMs: number[] = [];
  const decodeMs: number[] = [];
  let encrypted = payloads;
  for (let round = 0; round < rounds + 20; round++) {
    const t0 = performance.now();
    encrypted = await codec.encode(payloads);
    const t1 = performance.now();
    await codec.decode(encrypted);
    const t2 = performance.now();
    // Twenty warm-up rounds (JIT, OpenSSL contexts) are not counted.
    if (round >= 20) {
      encodeMs.push(t1 - t0);
      decodeMs.push(t2 - t1);
    }
  }
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  const encode = stats(encodeMs);
  const decode = stats(decodeMs);
  const clearBytes = size(payloads);
  const encryptedBytes = size(encrypted);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const report = `# Payload codec: cost per referral lifecycle

Every payload of one recorded lifecycle (\`${lifecycle}\`: ${payloads.length} payloads, ${clearBytes} bytes in
clear) encrypted then decrypted with AES-256-GCM (app/payload-codec.ts), ${rounds} measured rounds after 20 warm-up
ones, on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}) shared with other work, Node ${process.version}.

| step, whole lifecycle | p50 | p95 |
| --- | --- | --- |
| encode (encrypt) | ${ms(encode.p50)} | ${ms(encode.p95)} |
| decode (decrypt) | ${ms(decode.p50)} | ${ms(decode.p95)} |

Size in Temporal: ${encryptedBytes} bytes encrypted against ${clearBytes} in clear
(+${(((encryptedBytes - clearBytes) / clearBytes) * 100).toFixed(0)} %: IV, tag, key id and base64 of the metadata).

The same story through the API takes about 10 s on this machine (referral-slice.test.ts: Temporal round trips and
PostgreSQL): encrypting and decrypting each payload once is ${(((encode.p50 + decode.p50) / 10_000) * 100).toFixed(3)} % of it
at the median, ${(((encode.p95 + decode.p95) / 10_000) * 100).toFixed(3)} % at p95; payloads are decoded more than once
(worker activations, update and query answers in the server, replays after a cache eviction), a few times that at most.
A run of the lifecycle with and without the codec was not measured (no lifecycle benchmark in bench/ yet).
`;
  await mkdir(resultsDir, { recursive: true });
  await writeFile(new URL('payload-codec.md', resultsDir), report);
  await writeFile(
    new URL('payload-codec.json', resultsDir),
    `${JSON.stringify({ lifecycle, payloads: payloads.length, clearBytes, encryptedBytes, rounds, encode, decode }, null, 2)}\n`,
  );
  console.log(report);
  return report;
}
