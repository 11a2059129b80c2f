import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { communes } from '../../db/schema.ts';
import {
  type CommuneLookup,
  type CommuneResolution,
  inputCode,
  inputNameKey,
  lookUpCommune,
  readCommuneInput,
  resolveCommune,
} from '../../domain/directory/commune-lookup.ts';

export interface CommuneView {
  insee: string;
  name: string;
  departement: string;
  postcodes: string[];
  lat: number;
  lon: number;
  isArrondissement: boolean;
}

const columns = {
  insee: communes.insee,
  name: communes.name,
  departement: communes.departement,
  postcodes: communes.postcodes,
  lat: communes.lat,
  lon: communes.lon,
  isArrondissement: communes.isArrondissement,
};

/** The commune of an INSEE code (the API's `commune` parameter, a choice made in a form). */
export async function findCommune(db: Database, insee: string): Promise<CommuneView | undefined> {
  const [row] = await db.select(columns).from(communes).where(eq(communes.insee, insee));
  return row;
}

/**
 * Looks up what a person typed (postcode, name, INSEE code: see domain/directory/commune-lookup.ts):
 * the communes carrying its code, and those whose name starts like it ("st genis" finds
 * Saint-Genis-Laval), exact names first, communes before arrondissements.
 */
export async function lookUpCommunes(db: Database, typed: string, limit = 10): Promise<CommuneLookup<CommuneView>> {
  const input = readCommuneInput(typed);
  const code = inputCode(input);
  const key = inputNameKey(input);
  const [byCode, byName] = await Promise.all([
    code
      ? db
          .select(columns)
          .from(communes)
          .where(sql`${communes.insee} = ${code} or ${code} = any(${communes.postcodes})`)
          // The most communes sharing a postcode is 46 (51300).
          .limit(100)
      : [],
    key
      ? db
          .select(columns)
          .from(communes)
          .where(sql`${communes.searchName} like ${`${key.replace(/[%_\\]/g, '\\$&')}%`}`)
          .orderBy(
            sql`${communes.searchName} = ${key} desc`,
            communes.isArrondissement,
            sql`length(${communes.name})`,
            communes.name,
          )
          .limit(limit)
      : [],
  ]);
  return lookUpCommune(input, { byCode, byName });
}

/** The communes an entry may designate (`GET /api/communes`), and how they were found. */
export async function suggestCommunes(db: Database, typed: string, limit = 10) {
  const lookup = await lookUpCommunes(db, typed, limit);
  return { items: lookup.matches, matchedBy: lookup.matches.length > 0 ? lookup.by : null };
}

/**
 * The commune a form's entry designates, `picked` being the INSEE code chosen among the candidates
 * offered the time before: every page where a commune is typed resolves it here.
 */
export async function resolveTypedCommune(
  db: Database,
  typed: string,
  picked = '',
): Promise<CommuneResolution<CommuneView>> {
  return resolveCommune(await lookUpCommunes(db, typed, 8), picked);
}
