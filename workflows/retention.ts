import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { RetentionPeriods } from '../domain/retention.ts';

const { findRetentionDue, anonymiseCases } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', maximumAttempts: 10 },
});

/** The Schedule that starts a run every night (app/retention-schedule.ts). */
export const retentionScheduleId = 'retention/nightly';

export interface RetentionRunInput {
  periods: RetentionPeriods;
  /** Cases per batch (one activity finds them, one anonymises them). */
  batchSize?: number;
  /** Carried over continue-as-new: the run judges every batch at its own start. */
  asOf?: string;
  anonymised?: number;
}

/** Batches before the run continues as new, so a first run over years of cases keeps a short history. */
const batchesPerRun = 50;

/**
 * One retention run: batch after batch, the closed cases past their period are anonymised, until
 * none is left. The workflow sees only case ids; the rules are domain/retention.ts.
 */
export async function retentionWorkflow(input: RetentionRunInput): Promise<{ anonymised: number }> {
  const asOf = input.asOf ?? new Date().toISOString();
  const limit = input.batchSize ?? 100;
  let anonymised = input.anonymised ?? 0;
  for (let batch = 0; batch < batchesPerRun; batch++) {
    const cases = await findRetentionDue({ asOf, periods: input.periods, limit });
    if (cases.length === 0) return { anonymised };
    anonymised += (await anonymiseCases({ asOf, cases })).anonymised;
  }
  return continueAsNew<typeof retentionWorkflow>({ ...input, asOf, anonymised });
}
