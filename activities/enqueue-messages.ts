import { inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { facilities, outboxMessages, users } from '../db/schema.ts';
import { type MessageDraft, messagesForEvents } from '../domain/messages.ts';
import type { ReferralEvent, ReferralState } from '../domain/referral-state.ts';

/**
 * Puts the messages that these events call for into the outbox. The idempotency key (workflow,
 * event, recipient) is unique in the table, so a retried or replayed activity adds nothing.
 */
export async function enqueueMessages(
  db: Database,
  appUrl: string,
  input: { workflowId: string; state: ReferralState; events: ReferralEvent[] },
): Promise<{ enqueued: number }> {
  const drafts = messagesForEvents(input.workflowId, input.state, input.events, appUrl);
  if (drafts.length === 0) return { enqueued: 0 };
  const addresses = await recipientAddresses(db, drafts);
  const rows = drafts.flatMap((draft) => {
    const address = addresses.get(recipientKey(draft));
    if (!address) return [];
    return [
      {
        idempotencyKey: draft.idempotencyKey,
        channel: 'email',
        recipientAddress: address,
        template: draft.template,
        subject: draft.subject,
        textBody: draft.text,
        referralId: input.state.caseId,
        // Until a provider is configured, the development mailbox is the delivery.
        status: 'stored',
      },
    ];
  });
  if (rows.length === 0) return { enqueued: 0 };
  const inserted = await db
    .insert(outboxMessages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: outboxMessages.id });
  return { enqueued: inserted.length };
}

function recipientKey(draft: MessageDraft): string {
  return draft.recipient.type === 'facility'
    ? `facility:${draft.recipient.facilityId}`
    : `user:${draft.recipient.userId}`;
}

async function recipientAddresses(db: Database, drafts: MessageDraft[]): Promise<Map<string, string>> {
  const facilityIds = drafts.flatMap((draft) =>
    draft.recipient.type === 'facility' ? [draft.recipient.facilityId] : [],
  );
  const userIds = drafts.flatMap((draft) => (draft.recipient.type === 'user' ? [draft.recipient.userId] : []));
  const addresses = new Map<string, string>();
  if (facilityIds.length > 0) {
    const rows = await db
      .select({ id: facilities.id, email: facilities.email })
      .from(facilities)
      .where(inArray(facilities.id, facilityIds));
    for (const row of rows) addresses.set(`facility:${row.id}`, row.email);
  }
  if (userIds.length > 0) {
    const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds));
    for (const row of rows) addresses.set(`user:${row.id}`, row.email);
  }
  return addresses;
}
