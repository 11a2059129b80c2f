import { continueAsNew, sleep, workflowInfo } from '@temporalio/workflow';
import { nextDigestAt } from '../domain/daily-digest.ts';
import { parisDay } from '../domain/working-days.ts';
import { deliveriesSettled, publishMessages } from './publish-messages.ts';

/** One instance for the whole platform, started by every worker (the second start finds it running). */
export const dailyDigestWorkflowId = 'notifications/daily-digest';

/**
 * Every day at 7:00 Paris time, the facilities that asked for a daily digest get one message that
 * bundles what was waiting for them (durable timer: a digest falls due even if every process was
 * down at 7:00, and goes out when one is back). Each day continues as new, so the history stays short.
 */
export async function dailyDigestWorkflow(input: { hourInParis?: number } = {}): Promise<void> {
  const now = Date.now();
  await sleep(Math.max(nextDigestAt(now, input.hourInParis) - now, 1));
  const published = await publishMessages({
    kind: 'digest',
    workflowId: workflowInfo().workflowId,
    day: parisDay(new Date()),
    until: new Date().toISOString(),
  });
  await published.delivered;
  await deliveriesSettled();
  await continueAsNew<typeof dailyDigestWorkflow>(input);
}
