import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outboxMessages, users } from '../db/schema.ts';
import { pcoPlatforms } from '../db/schema-pco.ts';
import { type PcoMessageDraft, pcoMessagesForEvents } from '../domain/pco/messages.ts';
import type { PcoEvent, PcoState } from '../domain/pco/orientation-state.ts';

/** Puts an orientation's messages into the outbox; the unique idempotency key makes retries harmless. */
export async function enqueuePcoMessages(
  db: Database,
  appUrl: string,
  input: { workflowId: string; state: PcoState; events: PcoEvent[] },
): Promise<{ ids: string[] }> {
  const drafts = pcoMessagesForEvents(input.workflowId, input.state, input.events, appUrl);
  const rows = [];
  for (const draft of drafts) {
    const address = await addressOf(db, draft);
    if (!address) continue;
    rows.push({
      idempotencyKey: draft.idempotencyKey,
      channel: 'email',
      recipientAddress: address,
      recipientType: draft.recipient.type === 'address' ? null : draft.recipient.type,
      recipientId:
        draft.recipient.type === 'user'
          ? draft.recipient.userId
          : draft.recipient.type === 'platform'
            ? draft.recipient.platformId
            : null,
      template: draft.template,
      category: 'pco',
      subject: draft.subject,
      textBody: draft.text,
      referralId: input.state.caseId,
      status: 'stored',
    });
  }
  if (rows.length === 0) return { ids: [] };
  await db.insert(outboxMessages).values(rows).onConflictDoNothing();
  const keys = new Set(rows.map((row) => row.idempotencyKey));
  const stored = await db
    .select({ id: outboxMessages.id, key: outboxMessages.idempotencyKey })
    .from(outboxMessages)
    .where(eq(outboxMessages.referralId, input.state.caseId));
  return { ids: stored.filter((row) => keys.has(row.key)).map((row) => row.id) };
}

async function addressOf(db: Database, draft: PcoMessageDraft): Promise<string | undefined> {
  switch (draft.recipient.type) {
    case 'address':
      return draft.recipient.address;
    case 'platform': {
      const [platform] = await db
        .select({ email: pcoPlatforms.email })
        .from(pcoPlatforms)
        .where(eq(pcoPlatforms.id, draft.recipient.platformId));
      return platform?.email;
    }
    case 'user': {
      const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, draft.recipient.userId));
      return user?.email;
    }
  }
}
