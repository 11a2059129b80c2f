// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { cguAcceptances } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import type { IdentityDeps } from './deps.ts';

/**
 * Records that the person accepts the CGU version in force (accepting it again changes nothing).
 * Refusal: `auth.cgu_outdated` when the version read is no longer in force.
 */
export async function acceptCgu(
  deps: Pick<IdentityDeps, 'db'>,
  options: { userId: string; version: string; ip: string },
): Promise<void> {
  const { userId, version, ip } = options;
  if (version !== currentCgu().version) throw new AppError('auth.cgu_outdated');
  await deps.db.transaction(async (tx) => {
    const inserted = await tx.insert(cguAcceptances).values({ userId, version, ip }).onConflictDoNothing().returning();
    if (inserted.length > 0) await appendAudit(tx, { event: 'cgu.accepted', userId, ip, details: { version } });
  });
}
