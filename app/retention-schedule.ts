import { type Client, ScheduleAlreadyRunning } from '@temporalio/client';
import { parisTimeZone } from '../domain/calendar/days.ts';
import type { RetentionPeriods } from '../domain/retention.ts';
import { type RetentionRunInput, retentionScheduleId, retentionWorkflow } from '../workflows/retention.ts';

/** Nightly, at 3:00 Paris time, away from the 7:00 digest and the day's work. */
const runAt = { hour: 3, minute: 0 };

/**
 * Creates the retention Schedule, or brings an existing one to the configured periods: every
 * worker calls it at start, so the second call (or a restart) finds it and only updates its input.
 */
export async function ensureRetentionSchedule(
  client: Client,
  options: { taskQueue: string; periods: RetentionPeriods },
): Promise<void> {
  const input: RetentionRunInput = { periods: options.periods };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: retentionWorkflow,
    args: [input] as [RetentionRunInput],
    taskQueue: options.taskQueue,
    workflowId: 'retention/run',
  };
  try {
    await client.schedule.create({
      scheduleId: retentionScheduleId,
      spec: { calendars: [runAt], timezone: parisTimeZone },
      action,
      // A run still going on at the next night's start is left to finish; a night missed (all down) is run once back.
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(retentionScheduleId).update((previous) => ({ ...previous, action }));
  }
}
