import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import { guessedAccommodationTypes } from '../../domain/directory/facility-offer.ts';
import type { GeoPoint } from '../../domain/directory/geo-distance.ts';
import { searchText } from '../../domain/directory/search-text.ts';
import type { Database } from '../client.ts';
import type { facilities } from '../schema.ts';
import { type CommuneResolver, loadCommuneResolver } from './commune-resolver.ts';
import { readLines } from './csv-lines.ts';
import { type FinessFormat, type FinessRecord, type LineReader, lineReaderFor } from './finess-records.ts';

export interface ImportReport {
  file: string;
  format: FinessFormat;
  lines: number;
  /** Establishments kept (created + updated + unchanged). */
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Malformed lines, with their number and reason. */
  rejected: { line: number; reason: string }[];
  /** Valid lines of a category that is not a receiving facility (acute-care hospitals…), by reason. */
  skipped: number;
  skippedReasons: Record<string, number>;
  /** Official extract: positions (geolocalisation lines) that changed a facility's coordinates. */
  positionsUpdated: number;
  /** Addresses whose commune was not found in the communes table (kept with the FINESS spelling). */
  unresolvedCommunes: number;
  durationMs: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
}

/** The address requests go to until the facility's managers give theirs (delivered to the dev outbox only). */
export function placeholderFacilityEmail(key: string): string {
  return `admissions+${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@demo.parcours.local`;
}

const batchSize = 500;

/**
 * Imports one FINESS file (either format) into the directory, streaming it: upserts keyed by
 * FINESS number, so a second import of the same file creates nothing and changes nothing. Fields
 * a facility's managers own (contact e-mail, description, offer, places; the phone once they have
 * edited their profile) are never overwritten by an import.
 */
export async function importFinessFile(
  db: Database,
  path: string,
  options: { onProgress?: (progress: ImportProgress) => void; now?: Date; communes?: CommuneResolver } = {},
): Promise<ImportReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const resolver = options.communes ?? (await loadCommuneResolver(db));
  const sourceFile = basename(path);
  const report: ImportReport = {
    file: path,
    format: 'cleaned',
    lines: 0,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    skipped: 0,
    skippedReasons: {},
    positionsUpdated: 0,
    unresolvedCommunes: 0,
    durationMs: 0,
  };
  const seen = new Map<string, number>();
  const positions = new Map<string, GeoPoint>();
  let reader: LineReader | undefined;
  let batch: FinessRecord[] = [];
  let bytes = { read: 0, total: 0 };

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch.map((record) => facilityRow(record, resolver, sourceFile, now, report));
    const outcome = await upsertFacilities(db, rows, reader?.format === 'cleaned');
    report.created += outcome.created;
    report.updated += outcome.updated;
    report.unchanged += batch.length - outcome.created - outcome.updated;
    report.accepted += batch.length;
    batch = [];
  };

  for await (const { number, text } of readLines(path, (read, total) => {
    bytes = { read, total };
  })) {
    report.lines = number;
    if (!reader) {
      reader = lineReaderFor(text);
      report.format = reader.format;
    }
    const outcome = reader.read(number, text);
    switch (outcome.type) {
      case 'ignored':
        break;
      case 'rejected':
        report.rejected.push({ line: outcome.line, reason: outcome.reason });
        break;
      case 'skipped':
        report.skipped++;
        report.skippedReasons[outcome.reason] = (report.skippedReasons[outcome.reason] ?? 0) + 1;
        break;
      case 'position':
        positions.set(outcome.finess, outcome.position);
        break;
      case 'record': {
        const earlier = seen.get(outcome.record.finess);
        if (earlier !== undefined) {
          report.rejected.push({
            line: number,
            reason: `numéro FINESS ${outcome.record.finess} déjà présent ligne ${earlier}`,
          });
          break;
        }
        seen.set(outcome.record.finess, number);
        batch.push(outcome.record);
        if (batch.length >= batchSize) await flush();
        break;
      }
    }
    if (options.onProgress && number % 5000 === 0) {
      options.onProgress({ bytesRead: bytes.read, totalBytes: bytes.total, lines: number });
    }
  }
  await flush();
  if (positions.size > 0) {
    const kept = [...positions].filter(([finess]) => seen.has(finess));
    for (let index = 0; index < kept.length; index += batchSize) {
      report.positionsUpdated += await applyPositions(db, kept.slice(index, index + batchSize));
    }
  }
  options.onProgress?.({ bytesRead: bytes.total, totalBytes: bytes.total, lines: report.lines });
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

function facilityRow(
  record: FinessRecord,
  resolver: CommuneResolver,
  sourceFile: string,
  now: Date,
  report: ImportReport,
): typeof facilities.$inferInsert {
  const commune = resolver.resolve({
    insee: record.communeInsee,
    postcode: record.postcode,
    city: record.city,
    departement: record.departement,
  });
  if (!commune && resolver.size > 0) report.unresolvedCommunes++;
  const communeName = commune?.name ?? record.city ?? '';
  return {
    finess: record.finess,
    name: record.name,
    kind: record.kind,
    departement: record.departement,
    commune: communeName,
    email: placeholderFacilityEmail(record.finess),
    phone: record.phone,
    isDemo: false,
    categoryCode: record.categoryCode,
    categoryLabel: record.categoryLabel,
    address: record.address,
    postcode: record.postcode,
    communeInsee: commune?.insee ?? record.communeInsee,
    lat: record.position?.lat ?? null,
    lon: record.position?.lon ?? null,
    pricePerDay: record.pricePerDay,
    accommodationTypes: guessedAccommodationTypes(record.kind, record.name),
    searchText: searchText(`${record.name} ${communeName}`),
    source: 'finess',
    sourceFile,
    importedAt: now,
  };
}

/** Columns an import writes: name in SQL, type of the array parameter, value from the row. */
type FacilityRow = typeof facilities.$inferInsert;
const importedColumns: [string, string, (row: FacilityRow) => unknown][] = [
  ['finess', 'varchar', (row) => row.finess],
  ['name', 'text', (row) => row.name],
  ['kind', 'text', (row) => row.kind],
  ['departement', 'varchar', (row) => row.departement],
  ['commune', 'text', (row) => row.commune],
  ['email', 'text', (row) => row.email],
  ['phone', 'text', (row) => row.phone],
  ['category_code', 'varchar', (row) => row.categoryCode],
  ['category_label', 'text', (row) => row.categoryLabel],
  ['address', 'text', (row) => row.address],
  ['postcode', 'varchar', (row) => row.postcode],
  ['commune_insee', 'varchar', (row) => row.communeInsee],
  ['lat', 'float8', (row) => row.lat],
  ['lon', 'float8', (row) => row.lon],
  ['price_per_day', 'numeric', (row) => row.pricePerDay],
  ['accommodation_types', 'text', (row) => (row.accommodationTypes ?? []).join(',')],
  ['search_text', 'text', (row) => row.searchText],
  ['source', 'text', (row) => row.source],
  ['source_file', 'text', (row) => row.sourceFile],
  ['imported_at', 'timestamptz', (row) => row.importedAt?.toISOString()],
];

/** Of those, the ones an update compares and overwrites (the rest belong to the managers or are set once). */
const ownedColumns = [
  'name',
  'kind',
  'departement',
  'commune',
  'category_code',
  'category_label',
  'address',
  'postcode',
  'commune_insee',
  'search_text',
  'source',
];

async function upsertFacilities(
  db: Database,
  rows: FacilityRow[],
  withPosition: boolean,
): Promise<{ created: number; updated: number }> {
  const owned = [...ownedColumns, ...(withPosition ? ['lat', 'lon'] : [])];
  const names = importedColumns.map(([name]) => name);
  // Every column travels as a text array (the driver serialises those reliably) and is cast back here.
  const arrays = sql.join(
    importedColumns.map(([, , value]) => sql`${sql.param(rows.map((row) => textOrNull(value(row))))}::text[]`),
    sql`, `,
  );
  const selected = importedColumns.map(([name, type]) =>
    name === 'accommodation_types' ? `string_to_array(t.${name}, ',')` : `t.${name}::${type}`,
  );
  // The phone belongs to the managers once they have edited their profile.
  const phone = 'case when facilities.profile_updated_at is null then excluded.phone else facilities.phone end';
  // The price too, once they have declared their prices (the monthly cost estimate dates it then).
  const price =
    'case when facilities.tariffs_declared_at is null then excluded.price_per_day else facilities.price_per_day end';
  const assignments = [
    ...owned.map((column) => `${column} = excluded.${column}`),
    `phone = ${phone}`,
    `price_per_day = ${price}`,
    'source_file = excluded.source_file',
    'imported_at = excluded.imported_at',
  ].join(', ');
  const current = [
    ...owned.map((column) => `facilities.${column}`),
    'facilities.phone',
    'facilities.price_per_day',
  ].join(', ');
  const incoming = [...owned.map((column) => `excluded.${column}`), phone, price].join(', ');
  const result = await db.execute<{ created: boolean }>(sql`
    insert into facilities (${sql.raw(names.join(', '))}, is_demo)
    select ${sql.raw(selected.join(', '))}, false
    from unnest(${arrays}) as t(${sql.raw(names.join(', '))})
    on conflict (finess) do update set ${sql.raw(assignments)}
    where (${sql.raw(current)}) is distinct from (${sql.raw(incoming)})
    returning (xmax = 0) as created`);
  const created = result.filter((row) => row.created).length;
  return { created, updated: result.length - created };
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

async function applyPositions(db: Database, positions: [string, GeoPoint][]): Promise<number> {
  if (positions.length === 0) return 0;
  const values = sql.join(
    positions.map(
      ([finess, point]) => sql`(${finess}::varchar, ${point.lat}::double precision, ${point.lon}::double precision)`,
    ),
    sql`, `,
  );
  const updated = await db.execute(sql`
    update facilities set lat = v.lat, lon = v.lon
    from (values ${values}) as v(finess, lat, lon)
    where facilities.finess = v.finess and (facilities.lat, facilities.lon) is distinct from (v.lat, v.lon)
    returning facilities.id`);
  return updated.length;
}
