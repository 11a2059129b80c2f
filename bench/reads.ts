import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { listRequesterReferrals, loadReferralDetail } from '../api/referrals/read-model.ts';
import { listFacilityTriage } from '../api/referrals/triage-inbox.ts';
import type { Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import * as schema from '../db/schema.ts';
import type { Actor } from '../domain/identity/users.ts';
import { openBenchDatabase, percentile } from './directory-search.ts';
import { fullSize, generateCases } from './generate-cases.ts';

/**
 * `npm run bench -- reads`: the reads people make all day at national volume, on the coordination
 * benchmark's database (bench/generate-cases.ts: 1,000,000 requests, 5,000,000 facility tasks,
 * 9,000 facilities, generated the first time): the physician's list (« Mes demandes », 100 most
 * recent), the facility inbox (first page of 50, sorted by urgency, the default), and the case page
 * (`loadReferralDetail`, as the requester), each for the busiest physician and facility and a median
 * one; the directory search at 100,000 establishments is `npm run bench -- directory-search`. Target:
 * p95 ≤ 50 ms. Writes bench/results/reads.md and .json with the EXPLAIN (ANALYZE, BUFFERS) plan of
 * every statement each read runs.
 */
const resultsDir = new URL('./results/', import.meta.url);
const runs = Number(process.env.PARCOURS_BENCH_READ_RUNS ?? 200);
const warmup = 20;
const target = 50;

interface Timing {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

async function timed(run: (index: number) => Promise<unknown>): Promise<Timing> {
  const values: number[] = [];
  for (let index = 0; index < warmup + runs; index++) {
    const t0 = performance.now();
    await run(index);
    if (index >= warmup) values.push(performance.now() - t0);
  }
  const sorted = values.sort((a, b) => a - b);
  return { runs, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN };
}

function actor(id: string, role: 'physician' | 'facility_member', facilityId?: string): Actor {
  return {
    id,
    role,
    displayName: 'Lecteur de banc',
    facilityIds: facilityId ? [facilityId] : [],
    facilityRoles: facilityId ? { [facilityId]: 'doctor' } : {},
    pcoRoles: {},
    territories: [],
  };
}

/** The statements a read runs, captured by a logging connection, each with its parameters. */
function capturing(url: string) {
  const statements: { query: string; params: unknown[] }[] = [];
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle(client, {
    schema,
    logger: { logQuery: (query, params) => statements.push({ query, params }) },
  }) as unknown as Database;
  return { db, client, statements };
}

export async function runReadsBench(): Promise<string> {
  const server = await openBenchDatabase('parcours_bench_coordination', {
    dataDirName: 'bench-coordination-pg',
    port: Number(process.env.PARCOURS_BENCH_COORDINATION_PG_PORT ?? 5435),
  });
  const loadBefore = loadavg();
  await migrateDatabase(server.url);
  const generation = await generateCases(server.url, fullSize, (line) => console.log(line));
  const client = postgres(server.url, { max: 4, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Database;
  const probe = capturing(server.url);
  try {
    await db.execute(sql`vacuum (analyze) referrals`);
    await db.execute(sql`vacuum (analyze) facility_tasks`);
    const [volume] = await db.execute<{ referrals: number; tasks: number; facilities: number }>(sql`
      select (select count(*)::int from referrals) as referrals, (select count(*)::int from facility_tasks) as tasks,
        (select count(*)::int from facilities) as facilities`);
    // The busiest and the median requester and facility (the median: what most people see).
    const physicians = await db.execute<{ id: string; cases: number }>(sql`
      select requester_id as id, count(*)::int as cases from referrals group by requester_id order by cases desc`);
    const facilityLoads = await db.execute<{ id: string; tasks: number }>(sql`
      select facility_id as id, count(*)::int as tasks from facility_tasks where sent_at is not null
      group by facility_id order by tasks desc`);
    const pick = <T>(rows: readonly T[]) => ({ busiest: rows[0], median: rows[Math.floor(rows.length / 2)] });
    const physician = pick(physicians);
    const facility = pick(facilityLoads);
    const now = new Date(generation.anchor);

    const results: Record<string, unknown>[] = [];
    const plans: { title: string; plan: string }[] = [];
    const explainAll = async (title: string, read: (db: Database) => Promise<unknown>) => {
      probe.statements.length = 0;
      await read(probe.db);
      for (const [index, statement] of probe.statements.entries()) {
        if (/^(begin|commit|set transaction)/i.test(statement.query.trim())) continue;
        const rows = await probe.client.unsafe(
          `explain (analyze, buffers) ${statement.query}`,
          statement.params as postgres.ParameterOrJSON<never>[],
        );
        plans.push({
          title: `${title} — requête ${index + 1}`,
          plan: rows.map((row) => String(row['QUERY PLAN'])).join('\n'),
        });
      }
    };

    for (const which of ['busiest', 'median'] as const) {
      const requester = physician[which];
      if (!requester) continue;
      const doctor = actor(requester.id, 'physician');
      const listLabel = `Mes demandes (médecin ${which === 'busiest' ? 'le plus actif' : 'médian'}, ${requester.cases} demandes)`;
      results.push({ read: listLabel, ms: await timed(() => listRequesterReferrals(db, doctor)) });
      await explainAll(listLabel, (probeDb) => listRequesterReferrals(probeDb, doctor));

      // The case page: the requester's own cases, one after another.
      const cases = await db.execute<{ id: string }>(
        sql`select id from referrals where requester_id = ${requester.id} order by updated_at desc limit 50`,
      );
      const caseLabel = `Page d’une demande (médecin ${which === 'busiest' ? 'le plus actif' : 'médian'}, demandeur)`;
      results.push({
        read: caseLabel,
        ms: await timed((index) => loadReferralDetail(db, doctor, cases[index % cases.length]?.id ?? '')),
      });
      await explainAll(caseLabel, (probeDb) => loadReferralDetail(probeDb, doctor, cases[0]?.id ?? ''));
    }
    for (const which of ['busiest', 'median'] as const) {
      const load = facility[which];
      if (!load) continue;
      const member = actor('00000000-0000-4000-8000-00000000bead', 'facility_member', load.id);
      const label = `Boîte de réception (établissement ${which === 'busiest' ? 'le plus sollicité' : 'médian'}, ${load.tasks} demandes reçues), 1re page par urgence`;
      results.push({ read: label, ms: await timed(() => listFacilityTriage(db, member, {}, now)) });
      await explainAll(label, (probeDb) => listFacilityTriage(probeDb, member, {}, now));
    }

    const [pg] = await db.execute<{ version: string }>(sql`select version()`);
    const loadAfter = loadavg();
    const fmt = (value: number) => `${value.toFixed(1)} ms`;
    const worst = Math.max(...results.map((result) => (result.ms as Timing).p95));
    const report = `# Reads at national volume: the physician's list, the case page, the facility inbox

Generated by \`npm run bench -- reads\` (bench/reads.ts) on ${new Date().toISOString()}.

## Volume

- ${volume?.referrals.toLocaleString('en')} requests, ${volume?.tasks.toLocaleString('en')} facility tasks, ${volume?.facilities.toLocaleString('en')} facilities (bench/generate-cases.ts, version ${generation.version}, the coordination benchmark's database \`parcours_bench_coordination\`; ${generation.skipped ? 'already generated, reused' : `generated in ${generation.seconds.toFixed(0)} s`}).
- Requesters: ${physicians.length.toLocaleString('en')}, the busiest with ${physician.busiest?.cases} requests, the median with ${physician.median?.cases}. Facilities receiving: ${facilityLoads.length.toLocaleString('en')}, the busiest with ${facility.busiest?.tasks} requests, the median with ${facility.median?.tasks}.
- The directory search over 100,000 establishments is measured by \`npm run bench -- directory-search\` (directory-search.md).

## Timings

The read-model functions the pages and the API call, in process, ${runs} runs after ${warmup} warm-up ones; PostgreSQL on the same machine.

| read | p50 | p95 | max |
| --- | --- | --- | --- |
${results
  .map((result) => {
    const ms = result.ms as Timing;
    return `| ${result.read} | ${fmt(ms.p50)} | **${fmt(ms.p95)}** | ${fmt(ms.max)} |`;
  })
  .join('\n')}

**Worst p95: ${fmt(worst)}** — target ≤ ${target} ms: ${worst <= target ? 'met' : 'not met'}.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadBefore.map((value) => value.toFixed(1)).join(' / ')} at the start, ${loadAfter.map((value) => value.toFixed(1)).join(' / ')} at the end; ${pg?.version}; Node.js ${process.version}.

## Plans (EXPLAIN ANALYZE, BUFFERS)

${plans.map((entry) => `### ${entry.title}\n\n\`\`\`\n${entry.plan}\n\`\`\``).join('\n\n')}
`;
    await mkdir(resultsDir, { recursive: true });
    await writeFile(new URL('reads.md', resultsDir), report);
    await writeFile(
      new URL('reads.json', resultsDir),
      `${JSON.stringify({ generatedAt: new Date().toISOString(), volume, physician, facility, results, target, worstP95: worst }, null, 2)}\n`,
    );
    console.log(report.split('## Plans')[0]);
    return report;
  } finally {
    await probe.client.end({ timeout: 5 });
    await client.end({ timeout: 5 });
    await server.stop();
  }
}
