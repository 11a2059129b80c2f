import { hash, verify } from '@node-rs/argon2';
import type { Queryable } from '../../db/client.ts';
import { userPasswords } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { invalidateAllSessions } from './sessions.ts';

/** argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): the library's defaults, made explicit. */
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const minimumPasswordLength = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of a real check when the account does not exist: answers take as long. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('parcours-no-such-account');
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Sets a person's password; every session they had is ended (the caller opens a new one). */
export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  if (password.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  await storePassword(db, userId, await hashPassword(password));
}

/**
 * Stores a password already hashed (hashed before a transaction opens, so it is not held open for
 * argon2's time) and ends every session of the person.
 */
export async function storePassword(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db
    .insert(userPasswords)
    .values({ userId, hash: passwordHash, changedAt: new Date() })
    .onConflictDoUpdate({ target: userPasswords.userId, set: { hash: passwordHash, changedAt: new Date() } });
  await invalidateAllSessions(db, userId);
}
