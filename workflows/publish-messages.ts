import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  proxyActivities,
} from '@temporalio/workflow';
import type { DeliveryResult } from '../activities/deliver-message.ts';
import type { EnqueueRequest } from '../activities/enqueue-messages.ts';
import type { createActivities } from '../activities/index.ts';

export type { EnqueueRequest } from '../activities/enqueue-messages.ts';

type Activities = ReturnType<typeof createActivities>;

const { enqueueMessages } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One provider call per attempt, retried with backoff for about forty minutes (1 s, 2 s, 4 s… capped
 * at 10 min, 12 attempts); the heartbeat notices a dead worker within seconds.
 */
export const deliveryRetry = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
  maximumAttempts: 12,
} as const;

const { deliverMessage, deliverMessages } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: deliveryRetry,
});

/** A step's messages go through one delivery activity (ten at most), no longer one activity each. */
export const deliveriesPerStepPatch = 'deliveries-per-step';
const deliveriesPerActivity = 10;

const { markMessageFailed } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface PublishedMessages {
  /** Outbox ids enqueued by this step and still to deliver. */
  ids: string[];
  /** Settles when every one of them is sent, stored or failed (never rejects). */
  delivered: Promise<DeliveryResult[]>;
}

const inFlight = new Set<Promise<unknown>>();

/**
 * The workflow side of a notification: enqueue the step's messages (one activity, idempotent by
 * workflow id + step + recipient), then deliver them through one activity per ten messages, retried
 * with backoff (a one-time code keeps an activity of its own, bounded by its expiry). It returns
 * once the messages are enqueued, so an update handler answers without waiting for providers;
 * delivery goes on in the background of the workflow. Before the workflow completes or continues
 * as new, await `deliveriesSettled()`.
 */
export async function publishMessages(
  request: EnqueueRequest,
  options: { deliverUntil?: number } = {},
): Promise<PublishedMessages> {
  const { ids } = await enqueueMessages(request);
  return deliverEnqueued(ids, options);
}

/** Delivers messages already in the outbox (enqueued by `publishMessages` or with a step's projection), in the background. */
export function deliverEnqueued(ids: string[], options: { deliverUntil?: number } = {}): PublishedMessages {
  const { deliverUntil } = options;
  let delivered: Promise<DeliveryResult[]>;
  if (deliverUntil === undefined && ids.length > 0 && patched(deliveriesPerStepPatch)) {
    delivered = Promise.all(batches(ids).map(deliverTogether)).then((results) => results.flat());
  } else {
    const deliver = deliverUntil !== undefined ? deliveryUntil(deliverUntil) : deliverMessage;
    delivered = Promise.all(ids.map((messageId) => deliverOne(deliver, messageId)));
  }
  inFlight.add(delivered);
  void delivered.then(() => inFlight.delete(delivered));
  return { ids, delivered };
}

/** True when no delivery started by `publishMessages` is still running. */
export function noDeliveriesInFlight(): boolean {
  return inFlight.size === 0;
}

/**
 * Resolves when no delivery is running and no update or signal handler either (a handler may
 * publish more): await it before completing or continuing as new.
 */
export function deliveriesSettled(): Promise<void> {
  return condition(() => allHandlersFinished() && noDeliveriesInFlight());
}

/**
 * A message that is worth sending only until a given instant (a one-time code): retried every
 * 30 seconds at most, with no attempt limit, and never past that instant (schedule-to-close).
 */
function deliveryUntil(until: number): typeof deliverMessage {
  const remainingMs = Math.max(1_000, until - Date.now());
  return proxyActivities<Activities>({
    startToCloseTimeout: Math.min(60_000, remainingMs),
    scheduleToCloseTimeout: remainingMs,
    heartbeatTimeout: '5 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  }).deliverMessage;
}

async function deliverOne(deliver: typeof deliverMessage, messageId: string): Promise<DeliveryResult> {
  try {
    return await deliver({ messageId });
  } catch (error) {
    return afterLastAttempt(messageId, error);
  }
}

async function deliverTogether(messageIds: string[]): Promise<DeliveryResult[]> {
  try {
    return await deliverMessages({ messageIds });
  } catch (error) {
    // Those already sent keep their status: marking a message failed touches only a queued one.
    return Promise.all(messageIds.map((messageId) => afterLastAttempt(messageId, error)));
  }
}

function batches(ids: string[]): string[][] {
  const result: string[][] = [];
  for (let start = 0; start < ids.length; start += deliveriesPerActivity) {
    result.push(ids.slice(start, start + deliveriesPerActivity));
  }
  return result;
}

/** The last retry failed (or the activity timed out for good): the message is failed, with its reason. */
async function afterLastAttempt(messageId: string, error: unknown): Promise<DeliveryResult> {
  if (isCancellation(error)) return { messageId, status: 'cancelled' };
  const reason = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
  try {
    return await markMessageFailed({ messageId, reason });
  } catch {
    return { messageId, status: 'cancelled', reason };
  }
}
