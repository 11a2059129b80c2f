import { and, asc, eq, exists, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityMemberships } from '../../db/schema.ts';
import { declarationAgeDays, staleDeclarationsBefore } from '../../domain/directory/capacity-freshness.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { directorySettings } from './settings.ts';

/**
 * Facilities with members (someone can act) whose declaration of places is older than the
 * threshold, or missing: the ones to nudge. Oldest first.
 */
export async function staleCapacityFacilities(
  db: Database,
  /** `limit: null`: every one (the weekly reminder); the API lists the first 200. */
  options: { now?: Date; staleDays?: number; departement?: string; limit?: number | null } = {},
) {
  const now = options.now ?? new Date();
  const staleDays = options.staleDays ?? directorySettings().capacityStaleDays;
  const staleBefore = staleDeclarationsBefore(now, staleDays);
  const query = db
    .select({
      id: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      commune: facilities.commune,
      departement: facilities.departement,
      declaredAt: facilities.capacityDeclaredAt,
    })
    .from(facilities)
    .where(
      and(
        or(isNull(facilities.capacityDeclaredAt), lt(facilities.capacityDeclaredAt, staleBefore)),
        options.departement ? eq(facilities.departement, options.departement) : undefined,
        exists(
          db.select({ one: sql`1` }).from(facilityMemberships).where(eq(facilityMemberships.facilityId, facilities.id)),
        ),
      ),
    )
    .orderBy(sql`${facilities.capacityDeclaredAt} asc nulls first`, asc(facilities.name))
    .$dynamic();
  const rows = await (options.limit === null ? query : query.limit(options.limit ?? 200));
  return rows.map((row) => ({
    ...row,
    kindLabel: facilityKinds[row.kind as FacilityKind]?.label ?? row.kind,
    declaredAt: row.declaredAt?.toISOString() ?? null,
    ageDays: declarationAgeDays(row.declaredAt, now),
  }));
}
