import { Resend } from 'resend';
import { type ChannelAdapter, providerCallTimeoutMs, retryAfterMs, type SendResult } from './channel.ts';

export interface ResendSettings {
  apiKey: string;
  /** Tests point it at a local stub; production leaves Resend's default. */
  baseUrl?: string;
  /** `Parcours <notifications@example.fr>`, on a domain verified at Resend. */
  from: string;
  replyTo?: string;
}

/** E-mail through Resend (`POST /emails`), with the message's idempotency key as `Idempotency-Key`. */
export function createResendEmailChannel(settings: ResendSettings): ChannelAdapter {
  const client = new Resend(settings.apiKey, settings.baseUrl ? { baseUrl: settings.baseUrl } : undefined);
  return {
    provider: 'resend',
    idempotent: true,
    storesOnly: false,
    async send(message, signal) {
      const timeout = AbortSignal.any([signal, AbortSignal.timeout(providerCallTimeoutMs)]);
      const response = await client.emails.send(
        {
          from: settings.from,
          to: [message.to],
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
          tags: message.tags.map((tag) => ({ name: tag.name, value: resendTagValue(tag.value) })),
        },
        { idempotencyKey: message.idempotencyKey, signal: timeout },
      );
      if (response.data) return { ok: true, providerMessageId: response.data.id };
      return classifyResendError(response.error, response.headers);
    },
  };
}

/** Resend's error shapes (`{ statusCode, name, message }`) as retry decisions. */
export function classifyResendError(
  error: { statusCode?: number | null; name?: string; message?: string } | null,
  headers: Record<string, string> | null,
): SendResult {
  const status = error?.statusCode ?? undefined;
  const name = error?.name ?? 'application_error';
  const detail = error?.message ?? 'erreur inconnue';
  const base = { ...(status ? { httpStatus: status } : {}), errorName: name };
  if (status === undefined || status === null) {
    // The request may or may not have reached Resend: the idempotency key makes the retry safe.
    return { ok: false, retryable: true, outcomeUnknown: true, reason: `Resend injoignable : ${detail}`, ...base };
  }
  if (status === 429) {
    const wait = retryAfterMs(headers?.['retry-after']);
    return {
      ok: false,
      retryable: true,
      reason: `Resend : trop de requêtes (429 ${name})`,
      ...base,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (status >= 500 || name === 'concurrent_idempotent_requests') {
    return { ok: false, retryable: true, reason: `Resend : erreur temporaire (${status} ${name})`, ...base };
  }
  return { ok: false, retryable: false, reason: `Resend a refusé le message (${status} ${name}) : ${detail}`, ...base };
}

/** Tag values allow ASCII letters, digits, underscores and dashes only. */
function resendTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}
