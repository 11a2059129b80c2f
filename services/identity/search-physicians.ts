import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { communes, users } from '../../db/schema.ts';
import { searchText } from '../../domain/directory/search-text.ts';
import { AppError } from '../../domain/errors.ts';
import { isValidRpps } from '../../domain/identity/rpps.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { consumeRateLimit } from './rate-limit.ts';

/** A registered physician as a family sees them to designate their médecin traitant: never an e-mail, a phone, an RPPS. */
export interface PhysicianMatch {
  id: string;
  displayName: string;
  /** Where they practise, when Parcours knows it. */
  commune: { insee: string; name: string } | null;
}

export const physicianSearchLimit = 20;

/**
 * The name in lower case without accents, as `searchText` makes the words typed (œ and æ aside:
 * rare in names). Upper-case accented letters are listed too: lower() leaves them under a C locale.
 */
const accented = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ';
const plain = 'aaaaaaceeeeiiiinooooouuuuyy'.repeat(2);
const searchableName = sql`translate(lower(${users.displayName}), ${accented}, ${plain})`;

/**
 * The physicians registered on Parcours whose name holds every word typed (case and accents
 * ignored), or whose RPPS number is the one typed (its check digit verified: a wrong one is
 * refused, `physician.rpps_invalid`), in the commune of practice asked for if any, by name; at most 20. For a particulier
 * designating their médecin traitant: others are refused (`auth.forbidden`). Limited per account
 * (`auth.rate_limited`): the list of names is not there to be walked.
 */
export async function searchPhysicians(
  db: Database,
  options: { actor: Actor; q: string; commune?: string | undefined },
): Promise<PhysicianMatch[]> {
  const { actor } = options;
  if (actor.role !== 'particulier') throw new AppError('auth.forbidden');
  await consumeRateLimit(db, `physician-search:account:${actor.id}`, 120, 60 * 60);
  // Digits only (spaces aside): an RPPS number, found exactly or not at all, never by a part of it.
  const digits = options.q.replace(/\s/g, '');
  const rpps = /^\d+$/.test(digits) ? digits : undefined;
  if (rpps !== undefined && !isValidRpps(rpps)) throw new AppError('physician.rpps_invalid');
  const words = rpps ? [] : searchText(options.q).split(' ').filter(Boolean);
  if (!rpps && words.length === 0) return [];
  const filters: SQL[] = [
    eq(users.role, 'physician'),
    ...(rpps
      ? [eq(users.rpps, rpps)]
      : // Words of letters and digits only (searchText): nothing in them is a LIKE wildcard.
        words.map((word) => sql`${searchableName} like ${`%${word}%`}`)),
  ];
  if (options.commune) filters.push(eq(users.practiceCommuneInsee, options.commune));
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, insee: communes.insee, communeName: communes.name })
    .from(users)
    .leftJoin(communes, eq(communes.insee, users.practiceCommuneInsee))
    .where(and(...filters))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(physicianSearchLimit);
  return rows.map((row) => ({
    id: row.id,
    displayName: row.displayName,
    commune: row.insee && row.communeName ? { insee: row.insee, name: row.communeName } : null,
  }));
}
