import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { todayInParis } from '../../domain/calendar/days.ts';

/**
 * The readable number of a family dossier, `P-<year>-<number>` (`P-2026-000123`), shown on every
 * page and message of the request. Unique: the number comes from one PostgreSQL sequence
 * (`family_dossier_number_seq`, never handing out a value twice, even to requests created at the
 * same instant or after a rolled-back transaction); the year, the Paris year of creation, only
 * helps reading it; the read model's unique constraint `referrals_dossier_number_key` guards it.
 */
export async function nextFamilyDossierNumber(db: Queryable, now: Date = new Date()): Promise<string> {
  const rows = await db.execute<{ n: string }>(sql`select nextval('family_dossier_number_seq')::text as n`);
  const n = rows[0]?.n;
  if (!n) throw new Error('family_dossier_number_seq gave no value');
  return formatFamilyDossierNumber(todayInParis(now).slice(0, 4), Number(n));
}

export function formatFamilyDossierNumber(year: string, n: number): string {
  return `P-${year}-${String(n).padStart(6, '0')}`;
}
