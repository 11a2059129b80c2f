/**
 * What a delivery channel does: send one message to one address, once per idempotency key, and
 * say how it went in terms the delivery activity can act on (sent; retry later; refused for good).
 */
export interface ChannelMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Stable per message: the provider's idempotency header where it has one. */
  idempotencyKey: string;
  tags: { name: string; value: string }[];
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  | {
      ok: false;
      /** Temporary (rate limit, 5xx, network): the activity fails and Temporal retries with backoff. */
      retryable: boolean;
      /** French, for people: shown on the case and in the mailbox. */
      reason: string;
      httpStatus?: number;
      errorName?: string;
      /** The provider's Retry-After, when it gave one. */
      retryAfterMs?: number;
      /** The request may have reached the provider (timeout, connection cut after sending). */
      outcomeUnknown?: boolean;
    };

export interface ChannelAdapter {
  /** Stored with each attempt: `resend`, `brevo`, `dev-mailbox`. */
  provider: string;
  /** A repeated call with the same key never sends twice (provider idempotency). */
  idempotent: boolean;
  /** The development mailbox keeps messages instead of sending them: status `stored`. */
  storesOnly: boolean;
  send(message: ChannelMessage, signal: AbortSignal): Promise<SendResult>;
}

export interface DeliveryChannels {
  email: ChannelAdapter;
  sms: ChannelAdapter;
}

/** How long one provider call may take before it counts as an unknown outcome. */
export const providerCallTimeoutMs = 15_000;

export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10 * 60 * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - Date.now(), 10 * 60 * 1000));
}
