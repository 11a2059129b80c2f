import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { users } from '../db/schema.ts';

/** Whether one of a family request's référents has confirmed their e-mail address (`users.email_verified_at`). */
export async function referentEmailConfirmed(db: Database, input: { userIds: string[] }): Promise<boolean> {
  if (input.userIds.length === 0) return false;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, input.userIds), isNotNull(users.emailVerifiedAt)))
    .limit(1);
  return rows.length > 0;
}
