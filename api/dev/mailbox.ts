import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { outboxMessages } from '../../db/schema.ts';

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  template: string;
  status: string;
  referralId: string | null;
  createdAt: string;
}

/** Messages stored by the development mailbox, newest first, optionally for one recipient. */
export async function readMailbox(db: Database, recipient?: string, limit = 200): Promise<MailboxMessage[]> {
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(recipient ? eq(outboxMessages.recipientAddress, recipient) : undefined)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    to: row.recipientAddress,
    subject: row.subject,
    text: row.textBody,
    template: row.template,
    status: row.status,
    referralId: row.referralId,
    createdAt: row.createdAt.toISOString(),
  }));
}
