import { createBrevoSmsChannel } from './brevo-sms.ts';
import type { DeliveryChannels } from './channel.ts';
import { devMailboxChannel } from './dev-mailbox.ts';
import { createResendEmailChannel } from './resend-email.ts';

export interface ChannelSettings {
  resend?: { apiKey: string; baseUrl?: string; from: string; replyTo?: string };
  brevo?: { apiKey: string; baseUrl?: string; sender: string };
}

/** Real providers where keys are given, the development mailbox for the rest. */
export function createDeliveryChannels(settings: ChannelSettings = {}): DeliveryChannels {
  return {
    email: settings.resend ? createResendEmailChannel(settings.resend) : devMailboxChannel,
    sms: settings.brevo ? createBrevoSmsChannel(settings.brevo) : devMailboxChannel,
  };
}
