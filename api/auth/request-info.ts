import type { Context } from 'hono';

/**
 * The client's address: the first `X-Forwarded-For` hop when the platform sits behind a trusted
 * proxy, else the socket's address (absent in in-process requests: `unknown`).
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Cookies are `Secure` everywhere except on plain http://localhost (development). */
export function secureCookies(c: Context): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
