import { type ChannelAdapter, providerCallTimeoutMs, retryAfterMs, type SendResult } from './channel.ts';

export interface BrevoSmsSettings {
  apiKey: string;
  /** Tests point it at a local stub. */
  baseUrl?: string;
  /** Sender name shown on the phone: at most 11 letters or digits (`Parcours`). */
  sender: string;
}

export const brevoDefaultBaseUrl = 'https://api.brevo.com';

/**
 * SMS through Brevo's transactional SMS API (`POST /v3/transactionalSMS/sms`, header `api-key`,
 * JSON `{ sender, recipient, content, type, tag, unicodeEnabled }`, answer `{ reference, messageId }`).
 * Brevo has no idempotency header for SMS: the delivery activity never repeats a call whose
 * outcome is unknown (see `idempotent: false`), so a message is sent at most once.
 */
export function createBrevoSmsChannel(settings: BrevoSmsSettings): ChannelAdapter {
  const endpoint = `${(settings.baseUrl ?? brevoDefaultBaseUrl).replace(/\/$/, '')}/v3/transactionalSMS/sms`;
  return {
    provider: 'brevo',
    idempotent: false,
    storesOnly: false,
    async send(message, signal) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'api-key': settings.apiKey,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            sender: settings.sender,
            // Brevo takes the number with its country code and without the plus sign.
            recipient: message.to.replace(/^\+/, ''),
            content: message.text,
            type: 'transactional',
            tag: message.tags.find((tag) => tag.name === 'template')?.value ?? 'parcours',
            unicodeEnabled: true,
          }),
          signal: AbortSignal.any([signal, AbortSignal.timeout(providerCallTimeoutMs)]),
        });
      } catch (error) {
        return networkFailure(error);
      }
      const body = (await response.json().catch(() => ({}))) as {
        messageId?: number | string;
        reference?: string;
        code?: string;
        message?: string;
      };
      if (response.ok && (body.messageId !== undefined || body.reference)) {
        return { ok: true, providerMessageId: String(body.messageId ?? body.reference) };
      }
      return classifyBrevoError(response.status, body, response.headers.get('retry-after'));
    },
  };
}

export function classifyBrevoError(
  status: number,
  body: { code?: string; message?: string },
  retryAfter: string | null,
): SendResult {
  const name = body.code ?? `http_${status}`;
  const detail = body.message ?? 'erreur inconnue';
  if (status === 429) {
    const wait = retryAfterMs(retryAfter);
    return {
      ok: false,
      retryable: true,
      reason: `Brevo : trop de requêtes (429 ${name})`,
      httpStatus: status,
      errorName: name,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (status >= 500) {
    return {
      ok: false,
      retryable: true,
      reason: `Brevo : erreur temporaire (${status} ${name})`,
      httpStatus: status,
      errorName: name,
    };
  }
  return {
    ok: false,
    retryable: false,
    reason: `Brevo a refusé le SMS (${status} ${name}) : ${detail}`,
    httpStatus: status,
    errorName: name,
  };
}

function networkFailure(error: unknown): SendResult {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  // Refused before anything was sent: safe to try again. Otherwise the SMS may have gone out.
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { ok: false, retryable: true, reason: `Brevo injoignable (${code})`, errorName: code };
  }
  return {
    ok: false,
    retryable: true,
    outcomeUnknown: true,
    reason: `Brevo : appel interrompu (${code ?? (error as Error)?.name ?? 'erreur réseau'})`,
    errorName: code ?? 'network_error',
  };
}
