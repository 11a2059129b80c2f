import type { Database } from '../db/client.ts';
import type { RetentionPeriods } from '../domain/retention.ts';
import { anonymiseCase, type CaseRef } from '../services/retention/anonymise-case.ts';
import { dueCases } from '../services/retention/due-cases.ts';

export interface RetentionBatchRequest {
  /** The run's instant (the workflow's clock): what is due is judged at it. */
  asOf: string;
  periods: RetentionPeriods;
  limit: number;
}

/** The next batch of cases past their retention (ids only: nothing of the person enters the history). */
export function findRetentionDue(db: Database, request: RetentionBatchRequest): Promise<CaseRef[]> {
  return dueCases(db, { now: new Date(request.asOf), periods: request.periods, limit: request.limit });
}

/**
 * Anonymises a batch, one transaction per case, keyed by the case: a retried batch skips the cases
 * already done (they are no longer due), so no case is anonymised twice nor half.
 */
export async function anonymiseCases(
  db: Database,
  request: { asOf: string; cases: CaseRef[] },
): Promise<{ anonymised: number }> {
  let anonymised = 0;
  for (const ref of request.cases) if (await anonymiseCase(db, ref, new Date(request.asOf))) anonymised++;
  return { anonymised };
}
