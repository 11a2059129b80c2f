import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, referralDrafts } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { basketLimit, isRequestStep, type RequestStep } from '../../domain/referral/request-steps.ts';

/**
 * Where a request typed step by step stands (the step to resume at) and its basket of facilities:
 * a row beside the draft case, kept until it is sent. The callers check first that the person is
 * the requester of a draft case.
 */
export interface RequestDraft {
  step: RequestStep;
  facilityIds: string[];
}

export async function readRequestDraft(db: Database, caseId: string): Promise<RequestDraft | undefined> {
  const [row] = await db.select().from(referralDrafts).where(eq(referralDrafts.referralId, caseId));
  if (!row) return undefined;
  return { step: isRequestStep(row.step) ? row.step : 'administratif', facilityIds: row.facilityIds };
}

/** Where the person stands once a step is saved; the basket is created empty or kept as it is. */
export async function saveRequestStep(db: Database, caseId: string, step: RequestStep): Promise<void> {
  const now = new Date();
  await db
    .insert(referralDrafts)
    .values({ referralId: caseId, step, updatedAt: now })
    .onConflictDoUpdate({ target: referralDrafts.referralId, set: { step, updatedAt: now } });
}

/** Adds a facility at the end of the basket (once), at most `basketLimit` of them. */
export async function addToBasket(db: Database, caseId: string, facilityId: string): Promise<void> {
  const now = new Date();
  const added = await db
    .update(referralDrafts)
    .set({
      facilityIds: sql`case when ${facilityId}::uuid = any(${referralDrafts.facilityIds}) then ${referralDrafts.facilityIds}
        else array_append(${referralDrafts.facilityIds}, ${facilityId}::uuid) end`,
      step: 'etablissements',
      updatedAt: now,
    })
    .where(
      and(
        eq(referralDrafts.referralId, caseId),
        sql`(${facilityId}::uuid = any(${referralDrafts.facilityIds})
          or coalesce(array_length(${referralDrafts.facilityIds}, 1), 0) < ${basketLimit})`,
      ),
    )
    .returning({ id: referralDrafts.referralId });
  if (added.length === 0) throw new AppError('referral.basket_full');
}

export async function removeFromBasket(db: Database, caseId: string, facilityId: string): Promise<void> {
  await db
    .update(referralDrafts)
    .set({
      facilityIds: sql`array_remove(${referralDrafts.facilityIds}, ${facilityId}::uuid)`,
      step: 'etablissements',
      updatedAt: new Date(),
    })
    .where(eq(referralDrafts.referralId, caseId));
}

/** Once the request is sent, its progress is no longer kept. */
export async function dropRequestDraft(db: Database, caseId: string): Promise<void> {
  await db.delete(referralDrafts).where(eq(referralDrafts.referralId, caseId));
}

/** The step to resume at, for each of these cases typed step by step. */
export async function requestDraftSteps(db: Database, caseIds: string[]): Promise<Map<string, RequestStep>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .select({ id: referralDrafts.referralId, step: referralDrafts.step })
    .from(referralDrafts)
    .where(inArray(referralDrafts.referralId, caseIds));
  return new Map(rows.map((row) => [row.id, isRequestStep(row.step) ? row.step : 'administratif']));
}

/** The basket's facilities, in its order, with what the steps show of each. */
export async function basketFacilities(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      commune: facilities.commune,
      departement: facilities.departement,
      pricePerDay: facilities.pricePerDay,
    })
    .from(facilities)
    .where(inArray(facilities.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...row, pricePerDay: row.pricePerDay === null ? null : Number(row.pricePerDay) }] : [];
  });
}
