import type { Client } from '@temporalio/client';
import { dailyDigestWorkflow, dailyDigestWorkflowId } from '../workflows/daily-digest.ts';

/** Starts the platform's daily digest workflow unless it already runs. */
export async function ensureDailyDigest(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.start(dailyDigestWorkflow, {
    args: [{}],
    workflowId: dailyDigestWorkflowId,
    taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
