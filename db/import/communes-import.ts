import { sql } from 'drizzle-orm';
import { communeKey } from '../../domain/directory/search-text.ts';
import type { Database } from '../client.ts';
import { readLines, splitCsvLine } from './csv-lines.ts';

interface CommuneRow {
  insee: string;
  name: string;
  searchName: string;
  postcodes: string[];
  departement: string;
  lat: number;
  lon: number;
  isArrondissement: boolean;
}

export interface CommunesReport {
  file: string;
  rows: number;
  rejected: { line: number; reason: string }[];
}

/**
 * Imports `communes.csv` / `arrondissements_plm.csv` (header `insee,name,postcodes,departement,lat,lon`):
 * upserts by INSEE code, so a second run changes nothing.
 */
export async function importCommunes(
  db: Database,
  path: string,
  options: { arrondissements?: boolean } = {},
): Promise<CommunesReport> {
  const report: CommunesReport = { file: path, rows: 0, rejected: [] };
  let batch: CommuneRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const arrondissement = options.arrondissements ?? false;
    const column = <K extends keyof (typeof batch)[number]>(key: K) => sql.param(batch.map((row) => row[key]));
    // One statement per batch, the columns as arrays: far cheaper than a VALUES list of thousands of parameters.
    await db.execute(sql`
      insert into communes (insee, name, search_name, postcodes, departement, lat, lon, is_arrondissement)
      select insee, name, search_name, string_to_array(postcodes, '|'), departement, lat, lon, ${arrondissement}::boolean
      from unnest(${column('insee')}::varchar[], ${column('name')}::text[], ${column('searchName')}::text[],
                  ${sql.param(batch.map((row) => row.postcodes.join('|')))}::text[], ${column('departement')}::varchar[],
                  ${column('lat')}::float8[], ${column('lon')}::float8[])
        as t(insee, name, search_name, postcodes, departement, lat, lon)
      on conflict (insee) do update set
        name = excluded.name, search_name = excluded.search_name, postcodes = excluded.postcodes,
        departement = excluded.departement, lat = excluded.lat, lon = excluded.lon,
        is_arrondissement = excluded.is_arrondissement
      where (communes.name, communes.postcodes, communes.departement, communes.lat, communes.lon, communes.is_arrondissement)
        is distinct from (excluded.name, excluded.postcodes, excluded.departement, excluded.lat, excluded.lon, excluded.is_arrondissement)`);
    report.rows += batch.length;
    batch = [];
  };
  for await (const { number, text } of readLines(path)) {
    if (number === 1 || text.trim() === '') continue;
    const fields = splitCsvLine(text, ',');
    const [insee, name, postcodes, departement, lat, lon] = (fields ?? []).map((field) => field.trim());
    const latitude = Number(lat);
    const longitude = Number(lon);
    if (fields?.length !== 6 || !insee || !/^[0-9AB]{5}$/.test(insee) || !name || !departement) {
      report.rejected.push({ line: number, reason: 'ligne mal formée' });
      continue;
    }
    if (!lat || !lon || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      report.rejected.push({ line: number, reason: 'coordonnées manquantes' });
      continue;
    }
    batch.push({
      insee,
      name,
      searchName: communeKey(name),
      postcodes: (postcodes ?? '').split('|').filter(Boolean),
      departement,
      lat: latitude,
      lon: longitude,
      isArrondissement: options.arrondissements ?? false,
    });
    if (batch.length >= 2000) await flush();
  }
  await flush();
  return report;
}
