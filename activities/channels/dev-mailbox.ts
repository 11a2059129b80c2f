import type { ChannelAdapter } from './channel.ts';

/**
 * Without provider keys, the development mailbox is the delivery: the message stays in the outbox,
 * shown at /dev/boite-mail and by GET /api/dev/mailbox, and nothing leaves the machine.
 */
export const devMailboxChannel: ChannelAdapter = {
  provider: 'dev-mailbox',
  idempotent: true,
  storesOnly: true,
  async send(message) {
    return { ok: true, providerMessageId: `dev-mailbox:${message.idempotencyKey}` };
  },
};
