import { z } from '@hono/zod-openapi';
import { and, asc, eq, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { facilities, facilityMemberships, users } from '../../db/schema.ts';
import { invitations } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import {
  canConfirmDoctorGrants,
  type DoctorGrantConfirmation,
  doctorGrantConfirmations,
  doctorGrantStatus,
  doctorGrantStatuses,
} from '../../domain/identity/doctor-grants.ts';
import { isValidRpps } from '../../domain/identity/rpps.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { appendAudit } from './audit.ts';

export const doctorGrantViewSchema = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    email: z.string(),
    rpps: z.string().nullable(),
    facility: z.object({ id: z.string(), name: z.string(), finess: z.string().nullable() }),
    status: z.enum(['pending', 'confirmed']),
    statusLabel: z.string(),
    /** Who proposed the person as the facility's doctor (the invitation's sender), when known. */
    proposedBy: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    confirmedWith: z.string().nullable(),
  })
  .openapi('DoctorGrant');

export type DoctorGrantView = z.infer<typeof doctorGrantViewSchema>;

const proposers = alias(users, 'proposers');

/** The `doctor` memberships matching `where`, with their state; callers check who may see them. */
async function doctorGrants(db: Database, where: SQL[]): Promise<DoctorGrantView[]> {
  const rows = await db
    .select({
      membership: facilityMemberships,
      account: { displayName: users.displayName, email: users.email, rpps: users.rpps },
      facility: { id: facilities.id, name: facilities.name, finess: facilities.finess },
      proposedBy: proposers.displayName,
    })
    .from(facilityMemberships)
    .innerJoin(users, eq(users.id, facilityMemberships.userId))
    .innerJoin(facilities, eq(facilities.id, facilityMemberships.facilityId))
    .leftJoin(
      invitations,
      and(
        eq(invitations.acceptedUserId, facilityMemberships.userId),
        eq(invitations.facilityId, facilityMemberships.facilityId),
      ),
    )
    .leftJoin(proposers, eq(proposers.id, invitations.invitedBy))
    .where(and(eq(facilityMemberships.role, 'doctor'), ...where))
    .orderBy(asc(facilities.name), asc(users.displayName))
    .limit(500);
  return rows.map(({ membership, account, facility, proposedBy }) => {
    const status = doctorGrantStatus(membership, account);
    const confirmedWith = membership.confirmedWith as DoctorGrantConfirmation | null;
    return {
      userId: membership.userId,
      displayName: account.displayName,
      email: account.email,
      rpps: account.rpps,
      facility,
      status,
      statusLabel: doctorGrantStatuses[status],
      proposedBy,
      confirmedAt: status === 'confirmed' ? (membership.confirmedAt?.toISOString() ?? null) : null,
      confirmedWith: confirmedWith ? (doctorGrantConfirmations[confirmedWith] ?? confirmedWith) : null,
    };
  });
}

/** A facility's doctors, confirmed or proposed: shown to its managers and to administrators. */
export function facilityDoctorGrants(db: Database, facilityId: string): Promise<DoctorGrantView[]> {
  return doctorGrants(db, [eq(facilityMemberships.facilityId, facilityId)]);
}

/** Every grant waiting for an administrator (or for the physician's own PSC login). */
export async function pendingDoctorGrants(db: Database, actor: Actor): Promise<DoctorGrantView[]> {
  if (!canConfirmDoctorGrants(actor)) throw new AppError('auth.forbidden');
  return doctorGrants(db, [or(isNull(facilityMemberships.confirmedAt), isNull(users.rpps)) ?? sql`true`]);
}

export const doctorGrantConfirmationInput = z.object({
  userId: z.string().uuid(),
  facilityId: z.string().uuid(),
  rpps: z.string().trim().max(20),
});

/**
 * An administrator confirms a proposed doctor after checking their RPPS (in the national directory,
 * outside Parcours): the number becomes the account's, so its holder's PSC login lands there too.
 */
export async function confirmDoctorGrant(
  db: Database,
  request: { actor: Actor; userId: string; facilityId: string; rpps: string; ip: string | null },
): Promise<void> {
  const { actor } = request;
  if (!canConfirmDoctorGrants(actor)) throw new AppError('auth.forbidden');
  const rpps = request.rpps.trim();
  if (!isValidRpps(rpps)) throw new AppError('doctor_grant.rpps_invalid');
  await db.transaction(async (tx) => {
    const [grant] = await tx
      .select({ confirmedAt: facilityMemberships.confirmedAt, rpps: users.rpps })
      .from(facilityMemberships)
      .innerJoin(users, eq(users.id, facilityMemberships.userId))
      .where(
        and(
          eq(facilityMemberships.userId, request.userId),
          eq(facilityMemberships.facilityId, request.facilityId),
          eq(facilityMemberships.role, 'doctor'),
        ),
      )
      .for('update');
    if (!grant || doctorGrantStatus(grant, grant) === 'confirmed') throw new AppError('doctor_grant.not_found');
    await attachRpps(tx, request.userId, grant.rpps, rpps);
    await tx
      .update(facilityMemberships)
      .set({ confirmedAt: new Date(), confirmedBy: actor.id, confirmedWith: 'admin' })
      .where(
        and(eq(facilityMemberships.userId, request.userId), eq(facilityMemberships.facilityId, request.facilityId)),
      );
    await appendAudit(tx, {
      event: 'doctor.confirmed',
      userId: actor.id,
      ip: request.ip,
      details: { accountId: request.userId, facilityId: request.facilityId, method: 'admin', rpps },
    });
  });
}

/** The account takes this RPPS, unless it carries another or another account has it. */
async function attachRpps(
  tx: Pick<Database, 'select' | 'update'>,
  userId: string,
  current: string | null,
  rpps: string,
): Promise<void> {
  if (current === rpps) return;
  if (current !== null) throw new AppError('doctor_grant.rpps_mismatch');
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.rpps, rpps), ne(users.id, userId)));
  if (taken) throw new AppError('doctor_grant.rpps_taken');
  await tx.update(users).set({ rpps }).where(eq(users.id, userId));
}

/**
 * Pro Santé Connect vouched that this account's holder is the physician with this RPPS (a login, or
 * a signed-in person proving it): the account carries the number and its proposed doctor roles
 * confirm themselves. Answers the facilities whose role was confirmed now.
 */
export async function confirmDoctorGrantsByPsc(
  db: Database,
  request: { userId: string; rpps: string; ip: string | null },
): Promise<string[]> {
  const confirmed = await db.transaction(async (tx) => {
    const [account] = await tx
      .select({ rpps: users.rpps })
      .from(users)
      .where(eq(users.id, request.userId))
      .for('update');
    if (!account) throw new AppError('auth.unauthenticated');
    await attachRpps(tx, request.userId, account.rpps, request.rpps);
    const confirmed = await tx
      .update(facilityMemberships)
      .set({ confirmedAt: new Date(), confirmedBy: request.userId, confirmedWith: 'psc' })
      .where(
        and(
          eq(facilityMemberships.userId, request.userId),
          eq(facilityMemberships.role, 'doctor'),
          isNull(facilityMemberships.confirmedAt),
        ),
      )
      .returning({ facilityId: facilityMemberships.facilityId });
    for (const { facilityId } of confirmed) {
      await appendAudit(tx, {
        event: 'doctor.confirmed',
        userId: request.userId,
        ip: request.ip,
        details: { accountId: request.userId, facilityId, method: 'psc', rpps: request.rpps },
      });
    }
    return confirmed;
  });
  return confirmed.map((row) => row.facilityId);
}
