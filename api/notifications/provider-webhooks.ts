import { and, eq, inArray } from 'drizzle-orm';
import { Resend } from 'resend';
import type { Database } from '../../db/client.ts';
import { outboxMessages } from '../../db/schema.ts';

/**
 * Resend's delivery events (signed like Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature`): `email.delivered` marks a sent message delivered; `email.bounced` and
 * `email.failed` mark it failed with the reason. Events for unknown ids are ignored.
 */
export async function handleResendWebhook(
  db: Database,
  secret: string,
  payload: string,
  headers: { id?: string; timestamp?: string; signature?: string },
): Promise<{ ok: boolean; updated: number }> {
  let event: {
    type?: string;
    created_at?: string;
    data?: { email_id?: string; bounce?: { message?: string }; failed?: { reason?: string } };
  };
  try {
    // Verifying needs no API call: any key builds the client.
    event = new Resend('re_webhook_verification').webhooks.verify({
      payload,
      headers: { id: headers.id ?? '', timestamp: headers.timestamp ?? '', signature: headers.signature ?? '' },
      webhookSecret: secret,
    }) as typeof event;
  } catch {
    return { ok: false, updated: 0 };
  }
  const emailId = event.data?.email_id;
  if (!emailId) return { ok: true, updated: 0 };
  const at = event.created_at ? new Date(event.created_at) : new Date();
  if (event.type === 'email.delivered') {
    const updated = await db
      .update(outboxMessages)
      .set({ status: 'delivered', deliveredAt: at, updatedAt: new Date() })
      .where(and(eq(outboxMessages.providerMessageId, emailId), eq(outboxMessages.status, 'sent')))
      .returning({ id: outboxMessages.id });
    return { ok: true, updated: updated.length };
  }
  if (event.type === 'email.bounced' || event.type === 'email.failed') {
    const detail =
      event.data?.bounce?.message ?? event.data?.failed?.reason ?? 'adresse refusée par le serveur du destinataire';
    const updated = await db
      .update(outboxMessages)
      .set({
        status: 'failed',
        failedAt: at,
        failureReason: `Non remis (${event.type}) : ${detail}`,
        updatedAt: new Date(),
      })
      .where(and(eq(outboxMessages.providerMessageId, emailId), inArray(outboxMessages.status, ['sent', 'delivered'])))
      .returning({ id: outboxMessages.id });
    return { ok: true, updated: updated.length };
  }
  return { ok: true, updated: 0 };
}
