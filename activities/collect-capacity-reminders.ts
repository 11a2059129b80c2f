import type { Database } from '../db/client.ts';
import { capacityReminderKey, capacityReminderMessage } from '../domain/directory/capacity-reminder.ts';
import type { OutgoingMessage } from '../domain/messages/case-messages.ts';
import { directorySettings } from '../services/directory/settings.ts';
import { staleCapacityFacilities } from '../services/directory/stale-capacity.ts';

/** The Monday run's reminders: facilities whose declaration of places is old or missing. */
export interface CapacityReminderRequest {
  kind: 'capacity-reminder';
  workflowId: string;
  /** Calendar day of the run (YYYY-MM-DD, Paris): its ISO week keys the reminders. */
  day: string;
  /** Instant of the run (ISO): declarations are judged old as of it, so a retry judges alike. */
  until: string;
}

/**
 * One reminder per facility the directory would nudge (`staleCapacityFacilities`: members, and a
 * declaration past `PARCOURS_CAPACITY_STALE_DAYS` or none), keyed `capacity-reminder/<facility>/<ISO
 * week>`, so a retried, replayed or repeated run that week adds nothing. Reads no case, no patient.
 */
export async function capacityReminderDrafts(
  db: Database,
  appUrl: string,
  request: CapacityReminderRequest,
): Promise<(OutgoingMessage<'capacity_reminder'> & { idempotencyKey: string })[]> {
  const staleAfterDays = directorySettings().capacityStaleDays;
  const stale = await staleCapacityFacilities(db, {
    now: new Date(request.until),
    staleDays: staleAfterDays,
    limit: null,
  });
  return stale.map((facility) => {
    const message = capacityReminderMessage({
      facility,
      declaredAt: facility.declaredAt,
      at: request.until,
      staleAfterDays,
      appUrl,
    });
    return {
      ...message,
      data: { ...message.data, workflowId: request.workflowId },
      idempotencyKey: capacityReminderKey(facility.id, request.day),
    };
  });
}
