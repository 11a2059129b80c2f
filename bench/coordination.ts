import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { type SQL, sql } from 'drizzle-orm';
import { readWorklistQuery, stalledCasesOfTerritory, stalledWorklist } from '../api/coordination/stalled-cases.ts';
import { connectDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { parisDay, shiftDay } from '../domain/calendar/days.ts';
import type { Actor } from '../domain/identity/users.ts';
import { observatoryFigures, observatoryStatements } from '../services/observatory/facility-figures.ts';
import { pcoFigures, pcoStatement } from '../services/observatory/pco-figures.ts';
import { openBenchDatabase, percentile } from './directory-search.ts';
import { fullSize, type GenerationSize, generateCases } from './generate-cases.ts';

/**
 * `npm run bench -- coordination`: the coordinators' read side at national volume (bench/generate-cases.ts:
 * 1,000,000 requests, 5,000,000 facility tasks, 3 years, 100 départements), in a database of its own
 * (`parcours_bench_coordination`). Measures the stalled list of one département (target p95 < 50 ms)
 * and the observatory page of one département over a year (target < 1 s), with EXPLAIN (ANALYZE,
 * BUFFERS) plans; writes bench/results/coordination.md and .json. PARCOURS_BENCH_CASES sets a smaller
 * volume for a trial run (the results then say so).
 */
const resultsDir = new URL('./results/', import.meta.url);
const stalledRuns = Number(process.env.PARCOURS_BENCH_STALLED_RUNS ?? 200);
const observatoryRuns = Number(process.env.PARCOURS_BENCH_OBSERVATORY_RUNS ?? 10);
/** The busiest département of the generator (Nord) and a typical large one (Rhône). */
const departements = ['59', '69'];

function coordinatorOf(departement: string): Actor {
  return {
    id: '00000000-0000-4000-8000-00000000b0b0',
    role: 'coordinator',
    displayName: 'Coordinateur de banc',
    facilityIds: [],
    facilityRoles: {},
    pcoRoles: {},
    territories: [departement],
  };
}

async function timed(runs: number, warmup: number, run: () => Promise<unknown>) {
  const values: number[] = [];
  for (let index = 0; index < warmup + runs; index++) {
    const t0 = performance.now();
    await run();
    if (index >= warmup) values.push(performance.now() - t0);
  }
  const sorted = values.sort((a, b) => a - b);
  return {
    runs,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

async function explain(db: Database, statement: SQL): Promise<string> {
  const rows = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, buffers) ${statement}`);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** The stalled list's three statements as it runs them (api/coordination/stalled-cases.ts), for EXPLAIN. */
function stalledStatements(departement: string): { label: string; statement: SQL }[] {
  return [
    {
      label: 'dossiers en retard (referrals)',
      statement: sql`select * from referrals where stalled = true and departement in (${departement})`,
    },
    {
      label: 'leurs demandes aux établissements (facility_tasks ⋈ facilities)',
      statement: sql`select t.id, t.referral_id, t.facility_id, t.sent_at, f.name
        from facility_tasks t join facilities f on f.id = t.facility_id
        where t.referral_id in (select id from referrals where stalled = true and departement in (${departement}))`,
    },
    {
      label: 'orientations PCO en retard (pco_cases ⋈ pco_platforms)',
      statement: sql`select c.*, p.name from pco_cases c join pco_platforms p on p.id = c.platform_id
        where c.stalled = true and c.departement in (${departement}) order by c.updated_at`,
    },
  ];
}

export async function runCoordinationBench(): Promise<string> {
  const size: GenerationSize = process.env.PARCOURS_BENCH_CASES
    ? {
        cases: Number(process.env.PARCOURS_BENCH_CASES),
        tasksPerCase: 5,
        pcoCases: Math.round(Number(process.env.PARCOURS_BENCH_CASES) * 0.06),
      }
    : fullSize;
  const server = await openBenchDatabase('parcours_bench_coordination', {
    dataDirName: 'bench-coordination-pg',
    port: Number(process.env.PARCOURS_BENCH_COORDINATION_PG_PORT ?? 5435),
  });
  const loadBefore = loadavg();
  await migrateDatabase(server.url);
  const connection = connectDatabase(server.url, { max: 4 });
  const { db } = connection;
  try {
    console.log(`Génération : ${size.cases} demandes, ${size.cases * size.tasksPerCase} demandes aux établissements…`);
    const generation = await generateCases(server.url, size, (line) => console.log(line));
    // What autovacuum does in production, in case a migration (a new index) came after the generation.
    await db.execute(sql`vacuum (analyze) facility_tasks`);
    const today = parisDay(generation.anchor);
    const year = { from: shiftDay(today, -364), to: today };
    const [volume] = await db.execute<Record<string, number>>(sql`
      select (select count(*)::int from referrals) as referrals, (select count(*)::int from facility_tasks) as tasks,
        (select count(*)::int from facilities) as facilities, (select count(*)::int from referral_events) as events,
        (select count(*)::int from pco_cases) as pco_cases,
        (select count(*)::int from referrals where stalled) as stalled_referrals,
        (select count(*)::int from pco_cases where stalled) as stalled_pco`);
    const perDepartement = await db.execute<Record<string, number | string>>(sql`
      select r.departement, count(*)::int as referrals, count(*) filter (where r.stalled)::int as stalled,
        count(*) filter (where r.created_at >= ${new Date(Date.parse(generation.anchor) - 365 * 86_400_000).toISOString()}::timestamptz)::int as last_year
      from referrals r where r.departement in (${sql.join(
        departements.map((code) => sql`${code}`),
        sql`, `,
      )}) group by r.departement order by r.departement desc`);

    const results: Record<string, unknown>[] = [];
    const plans: { title: string; plan: string }[] = [];
    for (const departement of departements) {
      const actor = coordinatorOf(departement);
      const listed = await stalledCasesOfTerritory(db, actor);
      const stalled = await timed(stalledRuns, 10, () => stalledCasesOfTerritory(db, actor));
      // What /coordination renders: the worklist's first page (20 rows, filters and sort in SQL).
      const firstPage = readWorklistQuery(() => undefined);
      const anchorTime = Date.parse(generation.anchor);
      const worklist = await timed(stalledRuns, 10, () => stalledWorklist(db, actor, firstPage, today, anchorTime));
      const scope = { departements: [departement], ...year };
      const pcoScope = { ...scope, today };
      const observatory = await timed(observatoryRuns, 2, async () => {
        await observatoryFigures(db, scope);
        await pcoFigures(db, pcoScope);
      });
      const figures = await observatoryFigures(db, scope);
      results.push({
        departement,
        stalledCases: listed.length,
        stalledListMs: stalled,
        worklistMs: worklist,
        observatoryFacilities: figures.facilities.length,
        observatoryRequests: figures.kinds.reduce((sum, row) => sum + row.received, 0),
        observatoryMs: observatory,
      });
      for (const { label, statement } of stalledStatements(departement)) {
        plans.push({
          title: `Liste des dossiers en retard (${departement}) — ${label}`,
          plan: await explain(db, statement),
        });
      }
      const statements = observatoryStatements(scope);
      plans.push({
        title: `Observatoire (${departement}, ${year.from} → ${year.to}) — chiffres par type et par établissement`,
        plan: await explain(db, statements.rows),
      });
      plans.push({
        title: `Observatoire (${departement}) — motifs de refus`,
        plan: await explain(db, statements.reasons),
      });
      plans.push({
        title: `Observatoire (${departement}) — orientations PCO TND`,
        plan: await explain(db, pcoStatement(pcoScope)),
      });
    }
    const [pg] = await db.execute<{ version: string }>(sql`select version()`);
    const loadAfter = loadavg();
    const fmt = (value: number) => `${value.toFixed(1)} ms`;
    type Timing = { p50: number; p95: number; max: number; runs: number };
    const row = (result: Record<string, unknown>) => {
      const stalled = result.stalledListMs as Timing;
      const observatory = result.observatoryMs as Timing;
      const worklist = result.worklistMs as Timing;
      return `| ${result.departement} | ${result.stalledCases} | ${fmt(stalled.p50)} | ${fmt(stalled.p95)} | ${fmt(worklist.p50)} | **${fmt(worklist.p95)}** | ${result.observatoryRequests} | ${fmt(observatory.p50)} | **${fmt(observatory.p95)}** | ${fmt(observatory.max)} |`;
    };
    const worstStalled = Math.max(...results.map((result) => (result.worklistMs as Timing).p95));
    const worstWhole = Math.max(...results.map((result) => (result.stalledListMs as Timing).p95));
    const worstObservatory = Math.max(...results.map((result) => (result.observatoryMs as Timing).max));
    const fullVolume = size.cases === fullSize.cases;
    const report = `# Coordination benchmark: stalled list and observatory at national volume

Generated by \`npm run bench -- coordination\` (bench/coordination.ts) on ${new Date().toISOString()}${fullVolume ? '' : ` — **trial volume (PARCOURS_BENCH_CASES=${size.cases}), not the target volume**`}.

## Volume (bench/generate-cases.ts, version ${generation.version})

- ${volume?.referrals?.toLocaleString('en')} requests (\`referrals\`), ${volume?.tasks?.toLocaleString('en')} facility tasks, ${volume?.facilities?.toLocaleString('en')} facilities, ${volume?.events?.toLocaleString('en')} case events (the admissions), ${volume?.pco_cases?.toLocaleString('en')} PCO TND orientations; 3 years up to ${generation.anchor}, 100 départements (the most populated drawn the most).
- Stalled now: ${volume?.stalled_referrals?.toLocaleString('en')} requests, ${volume?.stalled_pco?.toLocaleString('en')} PCO orientations.
- Per département measured: ${perDepartement.map((dep) => `${dep.departement}: ${Number(dep.referrals).toLocaleString('en')} requests (${Number(dep.last_year).toLocaleString('en')} in the last year), ${dep.stalled} stalled`).join('; ')}.
- Generation: ${generation.skipped ? `already there (generated earlier in ${generation.seconds.toFixed(0)} s), skipped` : `${generation.seconds.toFixed(0)} s`} — distributions written as constants in the generator.
- A database of its own (\`parcours_bench_coordination\`); rows written by SQL (a benchmark fixture), never by the tests.

## Timings

Wall-clock in the Node.js process, PostgreSQL on the same machine. The stalled list is the page's
\`stalledWorklist\` (api/coordination/stalled-cases.ts: its first page of 20, filtered, sorted and counted in SQL), and
beside it the whole list \`stalledCasesOfTerritory\` (every stalled case of the territory, unpaged), for a coordinator
of the département, ${stalledRuns} runs after 10 warm-up ones;
the observatory is the page's queries (\`observatoryFigures\`: figures and refusal reasons at once, then \`pcoFigures\`, as the page runs them) for the
département over the year up to the generation day, ${observatoryRuns} runs after 2 warm-up ones.

| département | stalled cases | whole list p50 | whole list p95 | page p50 | page p95 | requests in the year | observatory p50 | observatory p95 | observatory max |
|---|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

- Stalled list (the page): worst p95 ${fmt(worstStalled)} — target < 50 ms: ${worstStalled < 50 ? 'met' : 'NOT met'} (the whole unpaged list: ${fmt(worstWhole)}).
- Observatory page over a year: worst ${fmt(worstObservatory)} — target < 1 s: ${worstObservatory < 1000 ? 'met' : 'NOT met'}.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadBefore.map((value) => value.toFixed(1)).join(' / ')} at the start, ${loadAfter.map((value) => value.toFixed(1)).join(' / ')} at the end (a shared machine); ${pg?.version ?? ''}.

## Plans (EXPLAIN (ANALYZE, BUFFERS))

${plans.map((item) => `### ${item.title}\n\n\`\`\`\n${item.plan}\n\`\`\``).join('\n\n')}
`;
    await mkdir(resultsDir, { recursive: true });
    await writeFile(new URL('coordination.md', resultsDir), report);
    await writeFile(
      new URL('coordination.json', resultsDir),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          fullVolume,
          generation,
          volume,
          perDepartement,
          results,
          loadAverage: { before: loadBefore, after: loadAfter },
          plans,
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `Coordination : liste des retards p95 ${fmt(worstStalled)}, observatoire sur un an ${fmt(worstObservatory)} (max) — bench/results/coordination.md`,
    );
    return report;
  } finally {
    await connection.close();
    await server.stop();
  }
}
