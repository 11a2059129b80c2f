import { communeKey } from '../../domain/directory/search-text.ts';
import type { Database } from '../client.ts';
import { communes } from '../schema.ts';

export interface ResolvedCommune {
  insee: string;
  name: string;
  departement: string;
  lat: number;
  lon: number;
}

export interface CommuneResolver {
  /** The commune an address names: by INSEE code, else postcode and name, else name in the département. */
  resolve: (hint: {
    insee?: string | null;
    postcode?: string | null;
    city?: string | null;
    departement?: string | null;
  }) => ResolvedCommune | undefined;
  size: number;
}

/** Loads every commune once (35,000 rows, a few MB) so an import resolves addresses without a query per line. */
export async function loadCommuneResolver(db: Database): Promise<CommuneResolver> {
  const rows = await db
    .select({
      insee: communes.insee,
      name: communes.name,
      searchName: communes.searchName,
      postcodes: communes.postcodes,
      departement: communes.departement,
      lat: communes.lat,
      lon: communes.lon,
      isArrondissement: communes.isArrondissement,
    })
    .from(communes);
  const byInsee = new Map<string, (typeof rows)[number]>();
  const byPostcode = new Map<string, (typeof rows)[number][]>();
  const byDepartementName = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    byInsee.set(row.insee, row);
    if (row.isArrondissement) continue;
    for (const postcode of row.postcodes) {
      const list = byPostcode.get(postcode) ?? [];
      list.push(row);
      byPostcode.set(postcode, list);
    }
    const key = `${row.departement}|${row.searchName}`;
    const list = byDepartementName.get(key) ?? [];
    list.push(row);
    byDepartementName.set(key, list);
  }
  const pick = (row: (typeof rows)[number] | undefined): ResolvedCommune | undefined =>
    row && { insee: row.insee, name: row.name, departement: row.departement, lat: row.lat, lon: row.lon };

  return {
    size: rows.length,
    resolve({ insee, postcode, city, departement }) {
      if (insee && byInsee.has(insee)) return pick(byInsee.get(insee));
      const key = city ? communeKey(city) : '';
      const candidates = postcode ? (byPostcode.get(postcode) ?? []) : [];
      if (key) {
        const named = candidates.find((candidate) => candidate.searchName === key);
        if (named) return pick(named);
      }
      if (candidates.length === 1) return pick(candidates[0]);
      const dep = departement ?? postcode?.slice(0, 2);
      if (key && dep) {
        const inDepartement = byDepartementName.get(`${dep}|${key}`) ?? [];
        if (inDepartement.length === 1) return pick(inDepartement[0]);
      }
      return undefined;
    },
  };
}
