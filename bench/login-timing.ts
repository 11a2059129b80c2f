import { mkdir, writeFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { createServerApp } from '../app/server-app.ts';
import { connectDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedDemoData } from '../db/seed.ts';
import { rppsCheckDigit } from '../domain/identity/rpps.ts';
import { openBenchDatabase, percentile } from './directory-search.ts';

/**
 * Whether a failed login tells an existing account from an unknown one by its timing: wrong
 * passwords for the seeded accounts against identifiers nobody has, interleaved, through the real
 * HTTP app and database. Failed logins never reach Temporal (a lazy connection that is never
 * opened). Writes bench/results/login-timing.md.
 */
const rounds = Number(process.env.PARCOURS_BENCH_LOGINS ?? 200);
const resultsDir = new URL('./results/', import.meta.url);

type Kind = 'known RPPS' | 'unknown RPPS' | 'known e-mail' | 'unknown e-mail';

export async function runLoginTimingBench(): Promise<string> {
  const server = await openBenchDatabase();
  await migrateDatabase(server.url);
  const connection = connectDatabase(server.url, { max: 4 });
  try {
    await seedDemoData(connection.db);
    const app = createServerApp({
      db: connection.db,
      temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      taskQueue: 'bench-unused',
      searchAttributes: false,
      devMailbox: false,
      appUrl: 'http://localhost:3000',
      // The limits would stop the run long before it ends; each request comes from its own address.
      auth: {
        trustProxy: true,
        loginPerAccount: { limit: 1_000_000, windowSeconds: 60 },
        loginPerIp: { limit: 1_000_000, windowSeconds: 60 },
        loginFailuresPerAccount: { free: 1_000_000, firstDelaySeconds: 1, maxDelaySeconds: 1, forgetAfterSeconds: 60 },
      },
    });
    const identifiers: Record<Kind, (round: number) => string> = {
      'known RPPS': () => '10000012343',
      'unknown RPPS': (round) => {
        const firstTen = `19${String(round).padStart(8, '0')}`;
        return `${firstTen}${rppsCheckDigit(firstTen)}`;
      },
      'known e-mail': () => 'admissions.berthet@demo.parcours.local',
      'unknown e-mail': (round) => `personne-${round}@inconnu.parcours.local`,
    };
    const timings = Object.fromEntries(Object.keys(identifiers).map((kind) => [kind, [] as number[]])) as Record<
      Kind,
      number[]
    >;
    const statuses = new Set<number>();
    // Ten warm-up rounds (argon2 and the pool), then the measured ones, kinds interleaved.
    for (let round = 0; round < rounds + 10; round++) {
      for (const kind of Object.keys(identifiers) as Kind[]) {
        const t0 = performance.now();
        const response = await app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${round % 250}.${round % 7}` },
          body: JSON.stringify({ identifier: identifiers[kind](round), password: 'pas-le-bon-mot-de-passe' }),
        });
        await response.text();
        const elapsed = performance.now() - t0;
        statuses.add(response.status);
        if (round >= 10) timings[kind].push(elapsed);
      }
    }
    const stats = Object.fromEntries(
      (Object.entries(timings) as [Kind, number[]][]).map(([kind, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return [kind, { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean: mean(values) }];
      }),
    ) as Record<Kind, { p50: number; p95: number; mean: number }>;
    const gap = (known: Kind, unknown: Kind) => stats[known].p50 - stats[unknown].p50;
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    const report = [
      '# Failed logins: known account or not, same time?',
      '',
      `${rounds} measured rounds of four interleaved failed logins (wrong password), after 10 warm-up rounds; statuses seen: ${[...statuses].join(', ')}.`,
      '',
      '| identifier | p50 | p95 | mean |',
      '| --- | --- | --- | --- |',
      ...(Object.keys(stats) as Kind[]).map(
        (kind) => `| ${kind} | ${fmt(stats[kind].p50)} | ${fmt(stats[kind].p95)} | ${fmt(stats[kind].mean)} |`,
      ),
      '',
      `Median gap, known − unknown: RPPS ${fmt(gap('known RPPS', 'unknown RPPS'))}, e-mail ${fmt(gap('known e-mail', 'unknown e-mail'))}.`,
      '',
    ].join('\n');
    await mkdir(resultsDir, { recursive: true });
    await writeFile(new URL('login-timing.md', resultsDir), report);
    await writeFile(
      new URL('login-timing.json', resultsDir),
      `${JSON.stringify({ date: new Date().toISOString(), rounds, stats, statuses: [...statuses] }, null, 2)}\n`,
    );
    console.log(
      `Connexions refusées : écart médian compte connu − inconnu ${fmt(gap('known RPPS', 'unknown RPPS'))} (RPPS), ${fmt(gap('known e-mail', 'unknown e-mail'))} (e-mail) — bench/results/login-timing.md`,
    );
    return report;
  } finally {
    await connection.close();
    await server.stop();
  }
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
