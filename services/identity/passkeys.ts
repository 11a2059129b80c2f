import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { passkeys } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { appendAudit } from './audit.ts';

/** A person's passkeys as « Mon compte » lists them; the WebAuthn ceremonies are in api/auth/passkey-ceremony.ts. */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function listPasskeys(db: Database, userId: string): Promise<PasskeyView[]> {
  const rows = await db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(desc(passkeys.createdAt));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function removePasskey(db: Database, input: { userId: string; id: string; ip: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, input.id), eq(passkeys.userId, input.userId)))
      .returning();
    if (!removed) throw new AppError('passkey.not_found');
    await appendAudit(tx, {
      event: 'passkey.removed',
      userId: input.userId,
      ip: input.ip,
      details: { name: removed.name },
    });
  });
}
