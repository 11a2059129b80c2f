import type { Client } from '@temporalio/client';
import type { DeliveryResult } from '../../activities/deliver-message.ts';
import type { OutgoingMessage } from '../../domain/messages/case-messages.ts';
import type { sendMessagesWorkflow } from '../../workflows/send-messages.ts';

/**
 * Sends messages that belong to no case (login code, verification, reset, invitation) through
 * the outbox: `key` names the sending (`login-code/<challenge id>`), so asking twice sends once.
 * With `wait`, answers when each message is sent, stored or failed.
 */
export async function sendMessages(
  client: Client,
  options: { taskQueue: string; key: string; messages: OutgoingMessage[]; wait?: boolean },
): Promise<DeliveryResult[] | undefined> {
  // A one-time code carries its expiry: the workflow retries its delivery until then, no longer.
  const deliverUntil = options.messages
    .map((message) => message.data.expiresAt)
    .filter((value): value is string => typeof value === 'string')
    .sort()[0];
  // By name and contract: the workflow's code runs in the worker's sandbox, never in this process.
  const handle = await client.workflow.start<typeof sendMessagesWorkflow>('sendMessagesWorkflow', {
    args: [{ messages: options.messages, ...(deliverUntil ? { deliverUntil } : {}) }],
    workflowId: `messages/${options.key}`,
    taskQueue: options.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return options.wait ? handle.result() : undefined;
}
