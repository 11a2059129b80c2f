import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outboxMessages } from '../db/schema.ts';
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
 * Two statements in all: one claims (reads the row, closes an unfinished attempt, opens this one),
 * one records the outcome on the attempt and the message together.
 */
export async function deliverMessage(
  deps: DeliveryDependencies,
  input: { messageId: string },
): Promise<DeliveryResult> {
  const { db } = deps;
  const claimed = await claim(deps, input.messageId);
  if (!claimed) return { messageId: input.messageId, status: 'missing' };
  const { message, unfinished, attemptId } = claimed;
  if (message.status !== 'queued') {
    return {
      messageId: message.id,
      status: message.status,
      providerMessageId: message.providerMessageId,
      reason: message.failureReason,
    };
  }
  const adapter: ChannelAdapter = message.channel === 'sms' ? deps.channels.sms : deps.channels.email;
  // A one-time code that no longer works is not worth sending (nor retrying): it would only mislead.
  // (The claim did not open an attempt for it, unless PostgreSQL read its expiry otherwise: then it is closed.)
  const expiresAt = typeof message.data.expiresAt === 'string' ? Date.parse(message.data.expiresAt) : Number.NaN;
  if (expiresAt <= Date.now()) {
    const reason = 'Code expiré avant l’envoi : message non envoyé.';
    if (attemptId) return record(db, message.id, attemptId, adapter, { ok: false, retryable: false, reason });
    return markFailed(db, message.id, reason);
  }
  if (unfinished > 0 && !adapter.idempotent) {
    const reason =
      'Issue inconnue : l’envoi a été interrompu pendant l’appel au fournisseur, qui ne déduplique pas ; non renvoyé pour éviter un doublon.';
    return markFailed(db, message.id, reason);
  }
  // Queued, not expired, nothing left unfinished that forbids a new call: the claim opened an attempt.
  if (!attemptId) throw new Error(`Delivery of ${message.id}: no attempt opened for a queued message`);

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

/**
 * The messages of one step, delivered together: each as `deliverMessage` delivers it, side by side.
 * When some could not be sent yet, the activity fails once every one has been tried, and Temporal
 * retries it with backoff; a retry finds the others sent (their claim opens no attempt) and calls
 * the provider only for the rest.
 */
export async function deliverMessages(
  deps: DeliveryDependencies,
  input: { messageIds: string[] },
): Promise<DeliveryResult[]> {
  const outcomes = await Promise.allSettled(input.messageIds.map((messageId) => deliverMessage(deps, { messageId })));
  const results: DeliveryResult[] = [];
  const failures: unknown[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') results.push(outcome.value);
    else failures.push(outcome.reason);
  }
  const [first] = failures;
  if (first === undefined) return results;
  // The longest delay a provider asked for (Retry-After) holds for the whole retry.
  const delays = failures.flatMap((failure) =>
    failure instanceof ApplicationFailure && typeof failure.nextRetryDelay === 'number' ? [failure.nextRetryDelay] : [],
  );
  throw ApplicationFailure.create({
    type: temporaryDeliveryFailure,
    message: `${failures.length} message(s) sur ${input.messageIds.length} à renvoyer : ${first instanceof Error ? first.message : String(first)}`,
    ...(delays.length > 0 ? { nextRetryDelay: Math.max(...delays) } : {}),
  });
}

/**
 * The messages of a step nobody waits on (a deadline's reminders), sent by the activity that has just
 * written them: each as `deliverMessage` sends it, side by side, and never a failure, since the step
 * itself is written. Returns the ids still to deliver (a temporary failure, an error), which the
 * workflow hands to the delivery activity and its retries as for any step; a retry of the writing
 * activity finds those sent no longer queued and sends them no more.
 */
export async function deliverAfterWriting(deps: DeliveryDependencies, messageIds: string[]): Promise<string[]> {
  const outcomes = await Promise.allSettled(messageIds.map((messageId) => deliverMessage(deps, { messageId })));
  return messageIds.filter((_, index) => outcomes[index]?.status !== 'fulfilled');
}

interface ClaimedMessage {
  message: Pick<
    typeof outboxMessages.$inferSelect,
    | 'id'
    | 'status'
    | 'channel'
    | 'recipientAddress'
    | 'subject'
    | 'textBody'
    | 'htmlBody'
    | 'idempotencyKey'
    | 'template'
    | 'category'
    | 'data'
    | 'providerMessageId'
    | 'failureReason'
  >;
  /** Attempts of an earlier call left pending (a worker died during it), now marked of unknown outcome. */
  unfinished: number;
  /** The attempt opened for this call, when the message is to be sent now. */
  attemptId: string | null;
}

/**
 * One statement: the message as it stands and, if it is still queued and not expired, its pending
 * attempts closed as « unknown » and a new pending attempt opened, unless one was left unfinished
 * and the channel's provider does not deduplicate (then nothing is sent again). All of it in one
 * snapshot, so it decides exactly as the reads and writes it replaces did one after the other.
 */
async function claim(deps: DeliveryDependencies, messageId: string): Promise<ClaimedMessage | undefined> {
  const { sms, email } = deps.channels;
  const now = new Date().toISOString();
  const bool = (value: boolean) => sql.raw(value ? 'true' : 'false');
  const rows = await deps.db.execute<ClaimedMessage['message'] & { unfinished: number; attemptId: string | null }>(sql`
    with message as (
      select * from outbox_messages where id = ${messageId}
    ),
    claimable as (
      select id, channel from message
      where status = 'queued'
        and not coalesce(
          case when pg_input_is_valid(data ->> 'expiresAt', 'timestamptz')
            then (data ->> 'expiresAt')::timestamptz <= ${now}::timestamptz
          end,
          false
        )
    ),
    unfinished as (
      update message_delivery_attempts as attempt
      set outcome = 'unknown', finished_at = ${now}::timestamptz, error_message = ${interruptedAttempt}
      from claimable
      where attempt.message_id = claimable.id and attempt.outcome = 'pending'
      returning attempt.id
    ),
    opened as (
      insert into message_delivery_attempts (message_id, attempt, provider, outcome)
      select claimable.id, ${activityAttempt()},
        case when claimable.channel = 'sms' then ${sms.provider} else ${email.provider} end, 'pending'
      from claimable
      where not exists (select 1 from unfinished)
        or (case when claimable.channel = 'sms' then ${bool(sms.idempotent)} else ${bool(email.idempotent)} end)
      returning id
    )
    select message.id, message.status, message.channel, message.recipient_address as "recipientAddress",
      message.subject, message.text_body as "textBody", message.html_body as "htmlBody",
      message.idempotency_key as "idempotencyKey", message.template, message.category, message.data,
      message.provider_message_id as "providerMessageId", message.failure_reason as "failureReason",
      (select count(*) from unfinished)::int as unfinished,
      (select id from opened) as "attemptId"
    from message
  `);
  const [row] = rows;
  if (!row) return undefined;
  const { unfinished, attemptId, ...message } = row;
  return { message, unfinished: Number(unfinished), attemptId: attemptId ?? null };
}

const interruptedAttempt = 'Tentative interrompue (processus arrêté ou délai dépassé)';

/** One statement: the attempt's outcome and the message's new state, together or not at all. */
async function record(
  db: Database,
  messageId: string,
  attemptId: string,
  adapter: ChannelAdapter,
  result: SendResult,
): Promise<DeliveryResult> {
  const now = new Date().toISOString();
  if (result.ok) {
    const status = adapter.storesOnly ? 'stored' : 'sent';
    await db.execute(sql`
      with attempt as (
        update message_delivery_attempts
        set outcome = 'sent', provider_message_id = ${result.providerMessageId}, finished_at = ${now}::timestamptz
        where id = ${attemptId}
      )
      update outbox_messages
      set status = ${status}, provider = ${adapter.provider}, provider_message_id = ${result.providerMessageId},
        failure_reason = null, attempts = attempts + 1, sent_at = ${now}::timestamptz,
        updated_at = ${now}::timestamptz
      where id = ${messageId} and status = 'queued'
    `);
    return { messageId, status, providerMessageId: result.providerMessageId };
  }

  const giveUp = !result.retryable || (result.outcomeUnknown === true && !adapter.idempotent);
  const outcome = result.outcomeUnknown ? 'unknown' : giveUp ? 'rejected' : 'retry';
  await db.execute(sql`
    with attempt as (
      update message_delivery_attempts
      set outcome = ${outcome}, http_status = ${result.httpStatus ?? null}, error_name = ${result.errorName ?? null},
        error_message = ${result.reason}, finished_at = ${now}::timestamptz
      where id = ${attemptId}
    )
    update outbox_messages
    set provider = ${adapter.provider}, failure_reason = ${result.reason}, attempts = attempts + 1,
      updated_at = ${now}::timestamptz${giveUp ? sql`, status = 'failed', failed_at = ${now}::timestamptz` : sql``}
    where id = ${messageId} and status = 'queued'
  `);
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
