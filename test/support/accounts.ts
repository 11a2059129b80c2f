import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { rppsCheckDigit } from '../../domain/identity/rpps.ts';
import { setPassword } from '../../services/identity/passwords.ts';

/** A valid RPPS number nobody else has (1 + 9 random digits + check digit). */
export function freshRpps(): string {
  const firstTen = `1${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  return `${firstTen}${rppsCheckDigit(firstTen)}`;
}

/**
 * A physician of one's own, with a password and nothing else accepted yet (no CGU, no known
 * device): for tests whose subject is the first steps of an account.
 */
export async function newPhysician(db: Database, password: string) {
  const rpps = freshRpps();
  const email = `dr-${randomUUID()}@accounts.test`;
  const [row] = await db
    .insert(users)
    .values({ role: 'physician', displayName: 'Dr Nouvelle Venue', email, rpps, emailVerifiedAt: new Date() })
    .returning();
  if (!row) throw new Error('physician not created');
  await setPassword(db, row.id, password);
  return { id: row.id, rpps, email };
}
