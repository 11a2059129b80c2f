import { and, eq, gt, sql } from 'drizzle-orm';
// Temporary crossing (allowed in .dependency-cruiser.cjs): audit.ts moves to services/identity/ on branch audit-tx.
import { appendAudit } from '../../api/auth/audit.ts';
import { facilityMemberships, users } from '../../db/schema.ts';
import { coordinatorTerritories } from '../../db/schema-coordination.ts';
import { cguAcceptances, invitations } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import type { IdentityDeps } from './deps.ts';
import { hashPassword, minimumPasswordLength, storePassword } from './passwords.ts';
import { addressRange, consumeRateLimit } from './rate-limit.ts';
import { hashToken } from './tokens.ts';

export interface AcceptInvitationOptions {
  token: string;
  displayName: string;
  password: string;
  cguVersion: string;
  ip: string;
}

/**
 * Accepts an invitation: the account is created with its role, facility or territories, password and
 * CGU acceptance, all at once. Refusals: `auth.invitation_invalid`, `auth.email_taken`,
 * `auth.weak_password`, `auth.cgu_outdated`, `auth.rate_limited`.
 */
export async function acceptInvitation(
  deps: Pick<IdentityDeps, 'db' | 'settings'>,
  options: AcceptInvitationOptions,
): Promise<{ userId: string }> {
  const { db, settings } = deps;
  const { ip } = options;
  await consumeRateLimit(
    db,
    `invite:ip:${addressRange(ip)}`,
    settings.loginPerIp.limit,
    settings.loginPerIp.windowSeconds,
  );
  if (options.password.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  if (options.cguVersion !== currentCgu().version) throw new AppError('auth.cgu_outdated');
  const passwordHash = await hashPassword(options.password);
  const userId = await db.transaction(async (tx) => {
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(
        and(
          eq(invitations.id, hashToken(options.token)),
          sql`${invitations.acceptedAt} is null`,
          sql`${invitations.withdrawnAt} is null`,
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!invitation) throw new AppError('auth.invitation_invalid');
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${invitation.email}`);
    if (taken) throw new AppError('auth.email_taken');
    const [user] = await tx
      .insert(users)
      .values({
        role: invitation.role,
        displayName: options.displayName,
        email: invitation.email,
        emailVerifiedAt: new Date(),
      })
      .returning({ id: users.id });
    if (!user) throw new Error('user not created');
    if (invitation.facilityId && invitation.facilityRole) {
      await tx
        .insert(facilityMemberships)
        .values({ userId: user.id, facilityId: invitation.facilityId, role: invitation.facilityRole });
    }
    for (const departement of invitation.territories) {
      await tx.insert(coordinatorTerritories).values({ userId: user.id, departement });
    }
    await tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invitation.id));
    await tx.insert(cguAcceptances).values({ userId: user.id, version: options.cguVersion, ip });
    await storePassword(tx, user.id, passwordHash);
    await appendAudit(tx, { event: 'invitation.accepted', userId: user.id, ip });
    await appendAudit(tx, { event: 'cgu.accepted', userId: user.id, ip, details: { version: options.cguVersion } });
    return user.id;
  });
  return { userId };
}
