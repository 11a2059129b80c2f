import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { outboxMessages } from '../../db/schema.ts';
import { channelLabels, deliveryStatusLabels } from '../notifications/deliveries.ts';

export interface MailboxMessage {
  id: string;
  to: string;
  channel: string;
  channelLabel: string;
  subject: string;
  text: string;
  html: string | null;
  template: string;
  status: string;
  statusLabel: string;
  failureReason: string | null;
  attempts: number;
  referralId: string | null;
  createdAt: string;
}

/** Messages of the outbox (kept by the development mailbox), newest first, optionally for one recipient. */
export async function readMailbox(db: Database, recipient?: string, limit = 200): Promise<MailboxMessage[]> {
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(recipient ? eq(outboxMessages.recipientAddress, recipient) : undefined)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.idempotencyKey))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    to: row.recipientAddress,
    channel: row.channel,
    channelLabel: channelLabels[row.channel] ?? row.channel,
    subject: row.subject,
    text: row.textBody,
    html: row.htmlBody,
    template: row.template,
    status: row.status,
    statusLabel: deliveryStatusLabels[row.status] ?? row.status,
    failureReason: row.failureReason,
    attempts: row.attempts,
    referralId: row.referralId,
    createdAt: row.createdAt.toISOString(),
  }));
}
