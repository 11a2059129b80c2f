import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { communes } from '../../db/schema.ts';
import { communeKey } from '../../domain/directory/search-text.ts';

export interface CommuneView {
  insee: string;
  name: string;
  departement: string;
  postcodes: string[];
  lat: number;
  lon: number;
}

const columns = {
  insee: communes.insee,
  name: communes.name,
  departement: communes.departement,
  postcodes: communes.postcodes,
  lat: communes.lat,
  lon: communes.lon,
};

export async function findCommune(db: Database, insee: string): Promise<CommuneView | undefined> {
  const [row] = await db.select(columns).from(communes).where(eq(communes.insee, insee));
  return row;
}

/**
 * Communes matching what a person types: an INSEE code, a postcode (every commune it serves), or
 * the start of a name ("st genis" finds Saint-Genis-Laval). Communes before arrondissements.
 */
export async function suggestCommunes(db: Database, text: string, limit = 10): Promise<CommuneView[]> {
  const typed = text.trim();
  if (/^[0-9AB]{5}$/i.test(typed)) {
    const code = typed.toUpperCase();
    return db
      .select(columns)
      .from(communes)
      .where(sql`${communes.insee} = ${code} or ${code} = any(${communes.postcodes})`)
      .orderBy(communes.isArrondissement, communes.name)
      .limit(limit);
  }
  const key = communeKey(typed);
  if (key.length < 2) return [];
  const prefix = `${key.replace(/[%_\\]/g, '\\$&')}%`;
  return db
    .select(columns)
    .from(communes)
    .where(sql`${communes.searchName} like ${prefix}`)
    .orderBy(
      sql`${communes.searchName} = ${key} desc`,
      communes.isArrondissement,
      sql`length(${communes.name})`,
      communes.name,
    )
    .limit(limit);
}
