import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { findCommune } from '../api/facilities/communes.ts';
import { searchFacilities, searchStatement } from '../api/facilities/search.ts';
import { connectDatabase, type Database } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { readLines, splitCsvLine } from '../db/import/csv-lines.ts';
import { importShippedData, sharedDataDir } from '../db/import/shipped-data.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedDemoData } from '../db/seed.ts';
import { type FacilityKind, facilityKindValues } from '../domain/directory/facility-kinds.ts';
import { finessCheckDigit } from '../domain/directory/finess-number.ts';
import { searchText } from '../domain/directory/search-text.ts';

/**
 * Search by kind + distance on the national volume: about 100,000 establishments (the shipped
 * real ones, plus synthetic ones scattered around real positions), in a database of its own
 * (`parcours_bench`, on DATABASE_URL's server or an embedded PostgreSQL in .data/bench-pg), so
 * neither the tests nor the development database see them. Writes bench/results/directory-search.md.
 */
const targetVolume = Number(process.env.PARCOURS_BENCH_VOLUME ?? 100_000);
const searches = Number(process.env.PARCOURS_BENCH_SEARCHES ?? 1_000);
const resultsDir = new URL('./results/', import.meta.url);

/** Kinds of the synthetic rows, in the proportions of the national FINESS counts of these categories. */
const kindMix: [FacilityKind, number][] = [
  ['ehpad', 0.51],
  ['residence_autonomie', 0.15],
  ['ssiad', 0.14],
  ['smr', 0.12],
  ['usld', 0.04],
  ['had', 0.025],
  ['soins_palliatifs', 0.015],
];

/** Deterministic pseudo-random numbers (mulberry32), so two runs search the same things. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickKind(next: () => number): FacilityKind {
  let roll = next();
  for (const [kind, share] of kindMix) {
    roll -= share;
    if (roll <= 0) return kind;
  }
  return 'ehpad';
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

/**
 * A benchmark database of its own: `name` on DATABASE_URL's server, or an embedded PostgreSQL kept
 * in .data/<dataDirName> (port `port`), so neither the tests nor the development database see it.
 */
export async function openBenchDatabase(
  name = 'parcours_bench',
  embedded: { dataDirName: string; port: number } = {
    dataDirName: 'bench-pg',
    port: Number(process.env.PARCOURS_BENCH_PG_PORT ?? 5434),
  },
): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { url: url.toString(), stop: async () => {} };
  }
  const dataDir = join(process.env.PARCOURS_DATA_DIR ?? '.data', embedded.dataDirName);
  await mkdir(join(dataDir, '..'), { recursive: true });
  const server = await startEmbeddedPostgres({ dataDir, port: embedded.port, database: name, persistent: true });
  return { url: server.url, stop: server.stop };
}

/** Real positions to scatter synthetic establishments around: every shipped facility and EHPAD price point. */
async function anchors(): Promise<{ lat: number; lon: number; departement: string }[]> {
  const points: { lat: number; lon: number; departement: string }[] = [];
  const dir = join(sharedDataDir(), 'facilities');
  for (const file of [
    'finess_fr_ehpad.csv',
    'ehpad_points_prices_2022_no_finess.csv',
    'finess_fr_ssr_usld_had_2020.csv',
    'finess_fr_hospitals_mco_2020.csv',
  ]) {
    let header: string[] = [];
    for await (const { number, text } of readLines(join(dir, file))) {
      const fields = splitCsvLine(text, ',') ?? [];
      if (number === 1) {
        header = fields;
        continue;
      }
      const value = (name: string) => fields[header.indexOf(name)] ?? '';
      const lat = Number(value('lat'));
      const lon = Number(value('lon'));
      // Metropolitan France only: overseas points would stretch the scatter over oceans.
      if (value('lat') && lat > 41 && lat < 51.5 && lon > -5.5 && lon < 10) {
        points.push({ lat, lon, departement: value('departement') });
      }
    }
  }
  return points;
}

async function generate(db: Database, missing: number): Promise<void> {
  const next = random(20261126);
  const points = await anchors();
  const now = Date.now();
  const batch = 5_000;
  for (let offset = 0; offset < missing; offset += batch) {
    const size = Math.min(batch, missing - offset);
    const rows = Array.from({ length: size }, (_, index) => {
      const serial = offset + index;
      const anchor = points[Math.floor(next() * points.length)] ?? { lat: 46.5, lon: 2.5, departement: '18' };
      // Within a few km of a real establishment, as establishments cluster in towns.
      const km = 4;
      const lat = anchor.lat + (gaussian(next) * km) / 111.2;
      const lon = anchor.lon + (gaussian(next) * km) / (111.2 * Math.cos((anchor.lat * Math.PI) / 180));
      const kind = pickKind(next);
      const declared = next() < 0.4;
      const first8 = `99${String(serial).padStart(6, '0')}`;
      return {
        finess: `${first8}${finessCheckDigit(first8)}`,
        name: `Établissement synthétique ${serial}`,
        kind,
        departement: anchor.departement,
        lat,
        lon,
        available: declared ? Math.floor(next() * 6) : null,
        declaredAt: declared ? new Date(now - Math.floor(next() * 30) * 86_400_000).toISOString() : null,
        price: kind === 'ehpad' ? (60 + next() * 60).toFixed(2) : null,
      };
    });
    const column = (pick: (row: (typeof rows)[number]) => unknown) =>
      sql.param(rows.map((row) => (pick(row) === null ? null : String(pick(row)))));
    await db.execute(sql`
      insert into facilities (finess, name, kind, departement, commune, email, lat, lon, available_places,
        capacity_declared_at, price_per_day, search_text, source, is_demo)
      select t.finess, t.name, t.kind, t.departement, 'Commune synthétique', 'bench@demo.parcours.local',
        t.lat::float8, t.lon::float8, t.available::int, t.declared::timestamptz, t.price::numeric, t.search, 'bench', true
      from unnest(${column((row) => row.finess)}::text[], ${column((row) => row.name)}::text[],
        ${column((row) => row.kind)}::text[], ${column((row) => row.departement)}::text[],
        ${column((row) => row.lat)}::text[], ${column((row) => row.lon)}::text[], ${column((row) => row.available)}::text[],
        ${column((row) => row.declaredAt)}::text[], ${column((row) => row.price)}::text[],
        ${column((row) => searchText(row.name))}::text[])
        as t(finess, name, kind, departement, lat, lon, available, declared, price, search)
      on conflict (finess) do nothing`);
  }
  // Answer statistics for a third of them, as if they had a history on the platform.
  await db.execute(sql`
    insert into facility_answer_stats (facility_id, kind, sent, due, answered, accepted, median_answer_hours, refreshed_at)
    select id, kind, 10, 8, (abs(hashtext(id::text)) % 9), (abs(hashtext(name)) % 5), (abs(hashtext(finess)) % 300), now()
    from facilities where source = 'bench' and abs(hashtext(id::text)) % 3 = 0
    on conflict do nothing`);
}

export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export async function runDirectorySearchBench(): Promise<string> {
  const server = await openBenchDatabase();
  const started = performance.now();
  await migrateDatabase(server.url);
  const connection = connectDatabase(server.url, { max: 4 });
  const { db } = connection;
  try {
    await importShippedData(db, { log: (line) => console.log(`  ${line}`) });
    await seedDemoData(db);
    const [{ count: before } = { count: 0 }] = await db.execute<{ count: number }>(
      sql`select count(*)::int as count from facilities`,
    );
    if (before < targetVolume) {
      console.log(`Génération de ${targetVolume - before} établissements synthétiques…`);
      await generate(db, targetVolume - before);
    }
    await db.execute(sql`analyze facilities`);
    await db.execute(sql`analyze facility_answer_stats`);
    await db.execute(sql`analyze communes`);
    const [volume] = await db.execute<{ total: number; real: number; synthetic: number; with_position: number }>(sql`
      select count(*)::int as total, count(*) filter (where source <> 'bench')::int as real,
        count(*) filter (where source = 'bench')::int as synthetic, count(lat)::int as with_position from facilities`);
    const byKind = await db.execute<{ kind: string; count: number }>(
      sql`select kind, count(*)::int as count from facilities group by kind order by count desc`,
    );
    const setupSeconds = (performance.now() - started) / 1000;

    // Origins: the communes of real establishments (where people search), kinds as in the mix.
    const origins = await db.execute<{ insee: string }>(sql`
      select distinct commune_insee as insee from facilities where source <> 'bench' and commune_insee is not null
      order by 1`);
    const next = random(7);
    const cases = Array.from({ length: searches + 50 }, () => ({
      commune: origins[Math.floor(next() * origins.length)]?.insee ?? '69123',
      kind: pickKind(next),
    }));
    const timings: Record<number, number[]> = { 20: [], 30: [], 50: [] };
    const resultCounts: number[] = [];
    for (const radiusKm of [20, 30, 50]) {
      for (const [index, search] of cases.entries()) {
        const t0 = performance.now();
        const items = await searchFacilities(db, { ...search, radiusKm, limit: 50 });
        const elapsed = performance.now() - t0;
        if (index >= 50) {
          timings[radiusKm]?.push(elapsed);
          if (radiusKm === 30) resultCounts.push(items.total);
        }
      }
    }
    const stats = Object.fromEntries(
      Object.entries(timings).map(([radius, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return [
          radius,
          {
            p50: percentile(sorted, 50),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
            max: sorted.at(-1) ?? Number.NaN,
          },
        ];
      }),
    ) as Record<string, { p50: number; p95: number; p99: number; max: number }>;
    const sortedCounts = [...resultCounts].sort((a, b) => a - b);

    // The densest case: EHPAD around Paris, 30 km; and a typical one: EHPAD around Lyon, 20 km.
    const explain = async (commune: string, kind: FacilityKind, radiusKm: number) => {
      const origin = await findCommune(db, commune);
      const { statement } = searchStatement({ kind, commune, radiusKm, limit: 50 }, origin, {
        now: new Date(),
        staleDays: 7,
      });
      const rows = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, buffers) ${statement}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    const explainParis = await explain('75056', 'ehpad', 30);
    const explainLyon = await explain('69123', 'ehpad', 20);
    const [pg] = await db.execute<{ version: string }>(sql`select version()`);
    const p95Target = stats['30']?.p95 ?? Number.NaN;

    const fmt = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(1)} ms`);
    const report = `# Directory search benchmark

Generated by \`npm run bench\` (bench/directory-search.ts) on ${new Date().toISOString()}.

## Volume

- **${volume?.total.toLocaleString('en')} establishments** in \`facilities\`: ${volume?.real.toLocaleString('en')} real (shipped FINESS extracts and demo rows) and ${volume?.synthetic.toLocaleString('en')} synthetic, scattered (Gaussian, σ = 4 km) around the metropolitan positions of the shipped files (FINESS rows and the 5,331 EHPAD price points, so every département is covered); ${volume?.with_position.toLocaleString('en')} have a position.
- By kind: ${byKind.map((row) => `${row.kind} ${row.count.toLocaleString('en')}`).join(', ')}.
- 40 % of the synthetic rows have a declaration of places (0–30 days old), a third have answer statistics.
- A database of its own (\`parcours_bench\`): the tests and the development database never see these rows. Setup (migrations, import, generation, ANALYZE): ${setupSeconds.toFixed(1)} s.

## Search by kind + distance

${searches} searches per radius (after 50 warm-up ones), each through \`searchFacilities\` as the API calls it (commune lookup + one SQL statement: bounding box on the indexed coordinates, exact haversine, learnt-ranking score, top 50 by score, total count), kinds drawn with the mix above, origins the communes of real establishments. Times are wall-clock in the Node.js process, PostgreSQL on the same machine.

| radius | p50 | p95 | p99 | max |
|---|---|---|---|---|
${Object.entries(stats)
  .map(([radius, s]) => `| ${radius} km | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`)
  .join('\n')}

**p95 at 30 km (the default radius): ${fmt(p95Target)}** — target < 30 ms: ${p95Target < 30 ? 'met' : 'NOT met'}.
Matches per search at 30 km: median ${percentile(sortedCounts, 50)}, p95 ${percentile(sortedCounts, 95)}, max ${sortedCounts.at(-1)}.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${pg?.version ?? ''}.

## Indexes used (EXPLAIN ANALYZE)

\`facilities_kind_geo_idx\` is a B-tree on \`(kind, lat, lon)\`: equality on the kind, range on the latitude band, the
longitude range checked inside the index; the exact haversine then filters the box's corners out, and the score sorts
what remains. The answer statistics join by primary key.

### EHPAD around Paris (75056), 30 km — the densest case

\`\`\`
${explainParis}
\`\`\`

### EHPAD around Lyon (69123), 20 km

\`\`\`
${explainLyon}
\`\`\`
`;
    await mkdir(resultsDir, { recursive: true });
    await writeFile(new URL('directory-search.md', resultsDir), report);
    await writeFile(
      new URL('directory-search.json', resultsDir),
      `${JSON.stringify({ date: new Date().toISOString(), volume, byKind, searches, timingsMs: stats, matchesAt30km: { median: percentile(sortedCounts, 50), p95: percentile(sortedCounts, 95) } }, null, 2)}\n`,
    );
    console.log(
      `Recherche type + distance sur ${volume?.total} établissements : p95 ${fmt(p95Target)} à 30 km (p50 ${fmt(stats['30']?.p50)}) — bench/results/directory-search.md`,
    );
    return report;
  } finally {
    await connection.close();
    await server.stop();
  }
}

export const benchKinds = facilityKindValues;
