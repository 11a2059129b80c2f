import { patched, workflowInfo } from '@temporalio/workflow';
import type { DeliveryResult } from '../activities/deliver-message.ts';
import type { OutgoingMessage } from '../domain/messages/case-messages.ts';
import { publishMessages } from './publish-messages.ts';

/**
 * Messages sent outside any case (login code, verification, reset, invitation): a short workflow
 * per sending, whose id (`messages/<purpose>/<id>`) is the idempotency key, that enqueues and
 * delivers them like any other and answers with their delivery.
 */
export async function sendMessagesWorkflow(input: {
  messages: OutgoingMessage[];
  /** ISO instant a one-time code stops working: its delivery is retried until then, and no longer. */
  deliverUntil?: string;
}): Promise<DeliveryResult[]> {
  // Runs begun before this option existed keep the usual retry policy when replayed.
  const deliverUntil =
    input.deliverUntil && patched('code-delivery-until-expiry') ? Date.parse(input.deliverUntil) : undefined;
  const published = await publishMessages(
    {
      kind: 'messages',
      workflowId: workflowInfo().workflowId,
      step: 'send',
      messages: input.messages,
    },
    deliverUntil !== undefined && !Number.isNaN(deliverUntil) ? { deliverUntil } : {},
  );
  return published.delivered;
}
