import { continueAsNew, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { addParisDays, parisDay } from '../domain/calendar/days.ts';
import { isCapacityReminderDay } from '../domain/directory/capacity-reminder.ts';
import { nextDigestAt } from '../domain/messages/daily-digest.ts';
import { deliveriesSettled, publishMessages } from './publish-messages.ts';

/** One instance for the whole platform, started by every worker (the second start finds it running). */
export const dailyDigestWorkflowId = 'notifications/daily-digest';

export interface DailyDigestInput {
  hourInParis?: number;
  /** When the previous day's run happened (ISO): coordinators are told what stalled since. */
  lastRunAt?: string;
}

/**
 * Every day at 7:00 Paris time, the facilities that asked for a daily digest get one message that
 * bundles what was waiting for them, each coordinator with stalled cases in their territory gets
 * the count, and on Mondays each facility whose declaration of places is old or missing is
 * reminded (durable timer: a digest falls due even if every process was down at 7:00, and goes
 * out when one is back). Each day continues as new, so the history stays short.
 */
export async function dailyDigestWorkflow(input: DailyDigestInput = {}): Promise<void> {
  const now = Date.now();
  await sleep(Math.max(nextDigestAt(now, input.hourInParis) - now, 1));
  const workflowId = workflowInfo().workflowId;
  const day = parisDay(new Date());
  const until = new Date().toISOString();
  const published = await publishMessages({ kind: 'digest', workflowId, day, until });
  // Runs begun before the coordinators' digest existed finish as they started.
  const withCoordinators = patched('coordinator-digest');
  if (withCoordinators) {
    const since = input.lastRunAt ?? new Date(addParisDays(until, -1)).toISOString();
    await publishMessages({ kind: 'coordinator-digest', workflowId, day, until, since });
  }
  // Runs begun before the weekly capacity reminder existed finish as they started.
  if (patched('capacity-reminder') && isCapacityReminderDay(day)) {
    await publishMessages({ kind: 'capacity-reminder', workflowId, day, until });
  }
  await published.delivered;
  await deliveriesSettled();
  await continueAsNew<typeof dailyDigestWorkflow>(withCoordinators ? { ...input, lastRunAt: until } : input);
}
