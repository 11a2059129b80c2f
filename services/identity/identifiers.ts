import { eq, type SQL, sql } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { looksLikeRpps } from '../../domain/identity/rpps.ts';

/**
 * An RPPS as typed, an e-mail address in lower case. A control character (a NUL, which PostgreSQL
 * cannot even compare) is no one's identifier: refused before any query.
 */
export function normalizeIdentifier(identifier: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(identifier)) throw new AppError('request.invalid_characters');
  return looksLikeRpps(identifier) ? identifier.trim() : identifier.trim().toLowerCase();
}

/** The account a normalized identifier names: by RPPS (physicians) or by e-mail, case-insensitively. */
export function userByIdentifier(normalized: string): SQL {
  return looksLikeRpps(normalized) ? eq(users.rpps, normalized) : sql`lower(${users.email}) = ${normalized}`;
}
