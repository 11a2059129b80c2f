import { desc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Database } from '../../db/client.ts';
import { outboxMessages } from '../../db/schema.ts';
import { fromLoopback } from '../auth/request-info.ts';
import { channelLabels, deliveryStatusLabels } from '../notifications/deliveries.ts';

/**
 * Whether this request may read the development mailbox (every login code, reset link and
 * invitation): only where it was explicitly enabled (`enabled`, from PARCOURS_DEV_MAILBOX, never in
 * production), never under NODE_ENV=production whatever the wiring says, and only from this machine.
 * No session is asked for: the first login of every account, administrators' included, needs the
 * code the mailbox shows (an administrator could not log in to read their own code). Anything else
 * gets the 404 of an address that does not exist.
 */
export function devMailboxOpen(c: Context, enabled: boolean): boolean {
  return enabled && process.env.NODE_ENV !== 'production' && fromLoopback(c);
}

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
