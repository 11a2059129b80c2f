import { and, eq, gt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { pscEnrollments, userPasswords } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { physicianDisplayName } from '../../domain/identity/psc-identity.ts';
import { claimPhysicianInvitationsOf } from '../../services/family/invitations.ts';
import { appendAudit } from '../../services/identity/audit.ts';
import { hashPassword, minimumPasswordLength } from '../../services/identity/passwords.ts';
import { addressRange, consumeRateLimit } from '../../services/identity/rate-limit.ts';
import { hashToken } from '../../services/identity/tokens.ts';
import { openSession, trustDevice } from './cookies.ts';
import { enrolmentCookie, type PscServices } from './psc-login.ts';
import { clientIp, secureCookies } from './request-info.ts';

export type PscEnrolment = typeof pscEnrollments.$inferSelect;

/** The enrolment this browser holds (cookie), if still unused and within its 30 minutes. */
export async function pendingEnrolment(db: Database, c: Context): Promise<PscEnrolment | undefined> {
  const token = getCookie(c, enrolmentCookie);
  if (!token) return undefined;
  const [row] = await db
    .select()
    .from(pscEnrollments)
    .where(
      and(
        eq(pscEnrollments.id, hashToken(token)),
        sql`${pscEnrollments.usedAt} is null`,
        gt(pscEnrollments.expiresAt, new Date()),
      ),
    );
  return row;
}

/**
 * The account creation form's result: the physician account with the RPPS and names PSC vouched
 * for, the e-mail and password given here; the enrolment is spent in the same transaction. Then the
 * session opens (and the verification link leaves), as after any strong login.
 */
export async function createPhysicianFromEnrolment(
  services: PscServices,
  c: Context,
  input: { email: string; password: string; confirmation: string },
): Promise<{ userId: string; cguRequired: boolean }> {
  const { db } = services;
  const ip = clientIp(c, services.settings.trustProxy);
  const { limit, windowSeconds } = services.settings.loginPerIp;
  await consumeRateLimit(db, `enrol:ip:${addressRange(ip)}`, limit, windowSeconds);
  const token = getCookie(c, enrolmentCookie);
  if (!token) throw new AppError('auth.enrolment_invalid');
  if (input.password.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  if (input.password !== input.confirmation) throw new AppError('auth.password_mismatch');
  const passwordHash = await hashPassword(input.password);

  // A refusal (e-mail taken…) rolls back: the enrolment stays usable to correct the form.
  const created = await db.transaction(async (tx) => {
    const [enrolment] = await tx
      .update(pscEnrollments)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(pscEnrollments.id, hashToken(token)),
          sql`${pscEnrollments.usedAt} is null`,
          gt(pscEnrollments.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!enrolment) throw new AppError('auth.enrolment_invalid');
    const [emailTaken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email}`);
    if (emailTaken) throw new AppError('auth.email_taken');
    const [rppsTaken] = await tx.select({ id: users.id }).from(users).where(eq(users.rpps, enrolment.rpps));
    if (rppsTaken) throw new AppError('auth.rpps_taken');
    const [user] = await tx
      .insert(users)
      .values({
        role: 'physician',
        displayName: physicianDisplayName(enrolment),
        email: input.email,
        rpps: enrolment.rpps,
      })
      .returning({ id: users.id });
    if (!user) throw new Error('user not created');
    await tx.insert(userPasswords).values({ userId: user.id, hash: passwordHash });
    await appendAudit(tx, {
      event: 'account.created',
      userId: user.id,
      ip,
      details: { method: 'psc', role: 'physician', rpps: enrolment.rpps },
    });
    return { userId: user.id };
  });

  // A physician invited by e-mail to complete a family's dossier finds it waiting in « Dossiers à
  // compléter ». Never a reason to fail the account: the invitation's link still works signed in.
  await claimPhysicianInvitationsOf(services, { userId: created.userId, email: input.email }).catch(() => []);
  deleteCookie(c, enrolmentCookie, { path: '/inscription', secure: secureCookies(c) });
  await trustDevice(db, c, created.userId);
  const opened = await openSession(services, c, created.userId, { method: 'psc' });
  return { userId: created.userId, cguRequired: opened.cguRequired };
}
