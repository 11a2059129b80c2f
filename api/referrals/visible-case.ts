import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { facilities, facilityTasks, referrals, users } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { canViewReferral, referralAccessFacts } from '../../domain/referral/policies.ts';

export type ReferralRow = typeof referrals.$inferSelect;
export type TaskRow = typeof facilityTasks.$inferSelect;
export type FacilityRow = typeof facilities.$inferSelect;

/** A case with its tasks, once the acting person is known to be allowed to see it. */
export async function loadVisibleCase(db: Queryable, actor: Actor, caseId: string): Promise<VisibleCase> {
  // Both statements at once (inside a transaction, its connection runs them one after the other).
  const [[row], taskRows] = await Promise.all([
    db
      .select({ referral: referrals, requesterName: users.displayName })
      .from(referrals)
      .innerJoin(users, eq(users.id, referrals.requesterId))
      .where(eq(referrals.id, caseId)),
    db
      .select({ task: facilityTasks, facility: facilities })
      .from(facilityTasks)
      .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
      .where(eq(facilityTasks.referralId, caseId))
      .orderBy(asc(facilityTasks.wave), asc(facilities.name)),
  ]);
  if (!row) throw new AppError('referral.not_found');
  const facts = referralAccessFacts(
    row.referral,
    taskRows.map((t) => t.task),
  );
  // Not "forbidden": whether a case exists is itself information a stranger must not get.
  if (!canViewReferral(actor, facts)) throw new AppError('referral.not_found');
  return { ...row, taskRows, facts };
}

export interface VisibleCase {
  referral: ReferralRow;
  requesterName: string;
  /** In the order the case shows them: by wave, then by facility name. */
  taskRows: { task: TaskRow; facility: FacilityRow }[];
  facts: ReturnType<typeof referralAccessFacts>;
}
