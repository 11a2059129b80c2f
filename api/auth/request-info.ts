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
  return socketAddress(c) ?? 'unknown';
}

/** The address of the TCP peer, as @hono/node-server hands it in `env.incoming`; absent in-process. */
function socketAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

const loopbackAddress = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
const forwardingHeaders = ['x-forwarded-for', 'x-real-ip', 'forwarded'];

/**
 * Whether the request comes from this very machine, straight: the socket's peer is a loopback
 * address (never a forwarded header, whatever the proxy setting), no proxy forwarded it (a reverse
 * proxy on the same host connects from 127.0.0.1 on behalf of anyone), and it was addressed to a
 * loopback name (a page of another site reaching localhost by DNS rebinding carries its own name).
 * A request with no socket (in-process) is not known to be local, so it is not.
 */
export function fromLoopback(c: Context): boolean {
  const peer = socketAddress(c);
  if (!peer || !loopbackAddress.test(peer)) return false;
  if (forwardingHeaders.some((name) => c.req.header(name) !== undefined)) return false;
  return loopbackHosts.has(new URL(c.req.url).hostname);
}

/** Cookies are `Secure` everywhere except on plain http://localhost (development). */
export function secureCookies(c: Context): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
