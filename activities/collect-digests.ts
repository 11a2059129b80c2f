import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outboxMessages } from '../db/schema.ts';
import { dailyDigestMessage } from '../domain/messages/daily-digest.ts';

/** The day's digest run: bundle every message waiting for a facility's digest. */
export interface DigestRequest {
  kind: 'digest';
  workflowId: string;
  /** Calendar day of the run (YYYY-MM-DD, Paris): one digest per facility and day. */
  day: string;
  /** Messages enqueued up to this instant (ISO) are bundled. */
  until: string;
}

/**
 * One digest message per facility with waiting messages, keyed `digest/<facility>/<day>`; the
 * bundled messages become `digested` in the same transaction, so a retried run adds nothing and a
 * message is never in two digests. Answers the ids of the digests still to deliver.
 */
export async function collectDigests(db: Database, appUrl: string, request: DigestRequest): Promise<string[]> {
  const waiting = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.status, 'digest'), lte(outboxMessages.createdAt, new Date(request.until))))
    .orderBy(asc(outboxMessages.createdAt));
  const byFacility = new Map<string, typeof waiting>();
  for (const row of waiting) {
    if (row.recipientType !== 'facility' || !row.recipientId) continue;
    byFacility.set(row.recipientId, [...(byFacility.get(row.recipientId) ?? []), row]);
  }
  const keys: string[] = [];
  for (const [facilityId, rows] of byFacility) {
    const key = `digest/${facilityId}/${request.day}`;
    keys.push(key);
    const first = rows[0];
    if (!first) continue;
    const digest = dailyDigestMessage({
      recipient: { type: 'facility', facilityId },
      day: request.day,
      items: rows.map((row) => ({ subject: row.subject, url: String(row.data.caseUrl ?? appUrl) })),
      appUrl,
    });
    await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(outboxMessages)
        .values({
          idempotencyKey: key,
          channel: 'email',
          recipientAddress: first.recipientAddress,
          recipientType: 'facility',
          recipientId: facilityId,
          template: digest.template,
          category: digest.category,
          subject: digest.subject,
          textBody: digest.text,
          htmlBody: digest.html,
          data: { ...digest.data, workflowId: request.workflowId },
          status: 'queued',
        })
        .onConflictDoNothing()
        .returning({ id: outboxMessages.id });
      // Today's digest already exists (a retried run): what came since waits for tomorrow's.
      if (!inserted) return;
      await tx
        .update(outboxMessages)
        .set({ status: 'digested', digestId: inserted.id, updatedAt: new Date() })
        .where(
          and(
            inArray(
              outboxMessages.id,
              rows.map((row) => row.id),
            ),
            eq(outboxMessages.status, 'digest'),
          ),
        );
    });
  }
  if (keys.length === 0) return [];
  const queued = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.idempotencyKey, keys), eq(outboxMessages.status, 'queued')));
  return queued.map((row) => row.id);
}
