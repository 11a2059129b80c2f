import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { Actor } from '../../domain/identity/users.ts';

/** The account part of a particulier's « Mon espace »: who they are, whether their address is confirmed. */
export interface ParticulierAccount {
  displayName: string;
  email: string;
  emailVerified: boolean;
}

export async function particulierAccount(db: Database, actor: Actor): Promise<ParticulierAccount> {
  const [user] = await db
    .select({ displayName: users.displayName, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, actor.id));
  return {
    displayName: user?.displayName ?? actor.displayName,
    email: user?.email ?? '',
    emailVerified: Boolean(user?.emailVerifiedAt),
  };
}
