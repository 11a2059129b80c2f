import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { messageDeliveryAttempts, outboxMessages } from '../db/schema.ts';
import type { ChannelAdapter, DeliveryChannels, SendResult } from './channels/channel.ts';

export interface DeliveryDependencies {
  db: Database;
  channels: DeliveryChannels;
}

export interface DeliveryResult {
  messageId: string;
  /** The message's status after this call (`sent`, `stored`, `failed`… or already so before). */
  status: string;
  providerMessageId?: string | null;
  reason?: string | null;
}

/** Error type of a temporary failure: Temporal retries it with backoff. */
export const temporaryDeliveryFailure = 'DeliveryTemporaryFailure';

/**
 * Sends one outbox message through its channel, once. The row says whether it is still to send
 * (a retry, a replay or a second worker finds it sent and stops); every provider call is recorded
 * as an attempt before it starts and with its outcome after. A temporary failure throws, so
 * Temporal retries with backoff; a refusal (4xx) marks the message failed with the reason.
 * A call left unfinished by a dying worker is repeated only where the provider deduplicates by
 * idempotency key (Resend); elsewhere (SMS) the message is marked failed rather than sent twice.
 */
export async function deliverMessage(
  deps: DeliveryDependencies,
  input: { messageId: string },
): Promise<DeliveryResult> {
  const { db } = deps;
  const [message] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, input.messageId));
  if (!message) return { messageId: input.messageId, status: 'missing' };
  if (message.status !== 'queued') {
    return {
      messageId: message.id,
      status: message.status,
      providerMessageId: message.providerMessageId,
      reason: message.failureReason,
    };
  }
  // A one-time code that no longer works is not worth sending (nor retrying): it would only mislead.
  const expiresAt = typeof message.data.expiresAt === 'string' ? Date.parse(message.data.expiresAt) : Number.NaN;
  if (expiresAt <= Date.now()) return markFailed(db, message.id, 'Code expiré avant l’envoi : message non envoyé.');
  const adapter: ChannelAdapter = message.channel === 'sms' ? deps.channels.sms : deps.channels.email;

  const unfinished = await db
    .update(messageDeliveryAttempts)
    .set({
      outcome: 'unknown',
      finishedAt: new Date(),
      errorMessage: 'Tentative interrompue (processus arrêté ou délai dépassé)',
    })
    .where(and(eq(messageDeliveryAttempts.messageId, message.id), eq(messageDeliveryAttempts.outcome, 'pending')))
    .returning({ id: messageDeliveryAttempts.id });
  if (unfinished.length > 0 && !adapter.idempotent) {
    const reason =
      'Issue inconnue : l’envoi a été interrompu pendant l’appel au fournisseur, qui ne déduplique pas ; non renvoyé pour éviter un doublon.';
    return markFailed(db, message.id, reason);
  }

  const [attempt] = await db
    .insert(messageDeliveryAttempts)
    .values({ messageId: message.id, attempt: activityAttempt(), provider: adapter.provider, outcome: 'pending' })
    .returning({ id: messageDeliveryAttempts.id });
  const attemptId = attempt?.id ?? '';

  const result = await withHeartbeats(() =>
    adapter.send(
      {
        to: message.recipientAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
        idempotencyKey: message.idempotencyKey,
        tags: [
          { name: 'template', value: message.template },
          { name: 'category', value: message.category ?? 'none' },
          { name: 'message_id', value: message.id },
        ],
      },
      cancellationSignal(),
    ),
  );
  return record(db, message.id, attemptId, adapter, result);
}

async function record(
  db: Database,
  messageId: string,
  attemptId: string,
  adapter: ChannelAdapter,
  result: SendResult,
): Promise<DeliveryResult> {
  const now = new Date();
  if (result.ok) {
    const status = adapter.storesOnly ? 'stored' : 'sent';
    await db.transaction(async (tx) => {
      await tx
        .update(messageDeliveryAttempts)
        .set({ outcome: 'sent', providerMessageId: result.providerMessageId, finishedAt: now })
        .where(eq(messageDeliveryAttempts.id, attemptId));
      await tx
        .update(outboxMessages)
        .set({
          status,
          provider: adapter.provider,
          providerMessageId: result.providerMessageId,
          failureReason: null,
          attempts: sql`${outboxMessages.attempts} + 1`,
          sentAt: now,
          updatedAt: now,
        })
        .where(and(eq(outboxMessages.id, messageId), eq(outboxMessages.status, 'queued')));
    });
    return { messageId, status, providerMessageId: result.providerMessageId };
  }

  const giveUp = !result.retryable || (result.outcomeUnknown === true && !adapter.idempotent);
  await db.transaction(async (tx) => {
    await tx
      .update(messageDeliveryAttempts)
      .set({
        outcome: result.outcomeUnknown ? 'unknown' : giveUp ? 'rejected' : 'retry',
        httpStatus: result.httpStatus ?? null,
        errorName: result.errorName ?? null,
        errorMessage: result.reason,
        finishedAt: now,
      })
      .where(eq(messageDeliveryAttempts.id, attemptId));
    await tx
      .update(outboxMessages)
      .set({
        provider: adapter.provider,
        failureReason: result.reason,
        attempts: sql`${outboxMessages.attempts} + 1`,
        updatedAt: now,
        ...(giveUp ? { status: 'failed', failedAt: now } : {}),
      })
      .where(and(eq(outboxMessages.id, messageId), eq(outboxMessages.status, 'queued')));
  });
  if (giveUp) return { messageId, status: 'failed', reason: result.reason };
  throw ApplicationFailure.create({
    type: temporaryDeliveryFailure,
    message: result.reason,
    ...(result.retryAfterMs !== undefined ? { nextRetryDelay: result.retryAfterMs } : {}),
  });
}

/** After the last retry: the message is failed, with the last reason known. */
export async function markMessageFailed(
  db: Database,
  input: { messageId: string; reason: string },
): Promise<DeliveryResult> {
  const [message] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, input.messageId));
  if (!message) return { messageId: input.messageId, status: 'missing' };
  if (message.status !== 'queued')
    return { messageId: message.id, status: message.status, reason: message.failureReason };
  return markFailed(db, message.id, `Échec après la dernière tentative : ${message.failureReason ?? input.reason}`);
}

async function markFailed(db: Database, messageId: string, reason: string): Promise<DeliveryResult> {
  const now = new Date();
  await db
    .update(outboxMessages)
    .set({ status: 'failed', failureReason: reason, failedAt: now, updatedAt: now })
    .where(and(eq(outboxMessages.id, messageId), eq(outboxMessages.status, 'queued')));
  return { messageId, status: 'failed', reason };
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

function activityAttempt(): number {
  return activityContext()?.info.attempt ?? 1;
}

function cancellationSignal(): AbortSignal {
  return (activityContext()?.cancellationSignal as AbortSignal | undefined) ?? new AbortController().signal;
}

/** Heartbeats while the provider call runs, so a dead worker is noticed within the heartbeat timeout. */
async function withHeartbeats<T>(call: () => Promise<T>): Promise<T> {
  const context = activityContext();
  context?.heartbeat();
  const timer = context ? setInterval(() => context.heartbeat(), 1_000) : undefined;
  try {
    return await call();
  } finally {
    if (timer) clearInterval(timer);
  }
}
