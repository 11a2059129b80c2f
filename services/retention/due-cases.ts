import { and, asc, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { referrals } from '../../db/schema.ts';
import { pcoCases } from '../../db/schema-pco.ts';
import { type FacilityKind, facilityKinds, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import {
  isRetentionDue,
  type RetentionClass,
  type RetentionPeriods,
  retentionCandidateBound,
  retentionClassOf,
} from '../../domain/retention.ts';
import type { CaseRef } from './anonymise-case.ts';

/**
 * Up to `limit` closed cases past their retention at `now`, not yet anonymised, oldest closing
 * first: the next batch of the retention run. Each class has its own bound (its period), each row
 * is checked against the exact Paris-day rule.
 */
export async function dueCases(
  db: Database,
  options: { now: Date; periods: RetentionPeriods; limit: number },
): Promise<CaseRef[]> {
  const due: CaseRef[] = [];
  for (const pathway of ['grand_age', 'suites_de_soins'] as const) {
    const months = options.periods[pathway];
    const kinds = facilityKindValues.filter((kind) => facilityKinds[kind].pathway === pathway);
    const rows = await db
      .select({ id: referrals.id, kind: referrals.kind, closedAt: referrals.closedAt })
      .from(referrals)
      .where(
        and(
          isNull(referrals.anonymisedAt),
          inArray(referrals.kind, kinds),
          lt(referrals.closedAt, retentionCandidateBound(months, options.now)),
        ),
      )
      .orderBy(asc(referrals.closedAt))
      .limit(options.limit - due.length);
    for (const row of rows) {
      const retention = retentionClassOf({ caseKind: 'referral', kind: row.kind as FacilityKind });
      if (row.closedAt && isDue(row.closedAt, retention, options)) due.push({ caseKind: 'referral', caseId: row.id });
    }
    if (due.length >= options.limit) return due;
  }
  const rows = await db
    .select({ id: pcoCases.id, closedAt: pcoCases.closedAt })
    .from(pcoCases)
    .where(
      and(
        isNull(pcoCases.anonymisedAt),
        lt(pcoCases.closedAt, retentionCandidateBound(options.periods.pco, options.now)),
      ),
    )
    .orderBy(asc(pcoCases.closedAt))
    .limit(options.limit - due.length);
  for (const row of rows) {
    if (row.closedAt && isDue(row.closedAt, 'pco', options)) due.push({ caseKind: 'pco', caseId: row.id });
  }
  return due;
}

function isDue(closedAt: Date, retention: RetentionClass, options: { now: Date; periods: RetentionPeriods }) {
  return isRetentionDue(closedAt, options.periods[retention], options.now);
}
