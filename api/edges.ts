import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, errorCatalogue } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';
import { errorResponse } from './errors.ts';

/**
 * What every request meets before any route reads it: a size limit, the URL's characters, and for
 * the API's commands the content type and the origin. Refusals are ordinary `AppError`s: the
 * server's one error policy answers them (JSON with `code` under /api, a French page elsewhere).
 */

/** JSON commands and page forms are a few kilobytes; no route takes files (FINESS imports are a CLI). */
export const maxBodyBytes = 1024 * 1024;
/** Node refuses request lines and headers over 16 KiB; a URL over this answers 414 with a code. */
export const maxUrlLength = 8000;

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface EdgeOptions {
  /** The public address (behind a TLS proxy the request URL says http://, the browser's Origin https://). */
  appUrl: string;
  maxBodyBytes?: number;
  /**
   * Another origin allowed to post to the paths under `prefix`: the Temporal UI calling the payload
   * codec (/api/temporal-codec, administrators only, CORS for that origin only).
   */
  crossOrigin?: { prefix: string; origin: string } | undefined;
}

export function edges(options: EdgeOptions): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(options.appUrl).origin;
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes ?? maxBodyBytes,
    onError: () => {
      throw new AppError('request.too_large');
    },
  });
  return async (c, next) => {
    const url = c.req.url;
    if (url.length > maxUrlLength) throw new AppError('request.uri_too_long');
    // PostgreSQL cannot store a NUL: refused here, it never reaches a query as an unexpected error.
    if (/%00/.test(url)) throw new AppError('request.invalid_characters');
    if (c.req.path.startsWith('/api/') && stateChanging.has(c.req.method)) {
      const cross = options.crossOrigin;
      const allowedHere = cross && c.req.path.startsWith(cross.prefix) && c.req.header('origin') === cross.origin;
      if (!allowedHere) checkSameOrigin(c, publicOrigin);
      checkContentType(c);
    }
    // Refuses by Content-Length before reading anything, else counts a streamed body as it comes.
    return limit(c, next);
  };
}

/**
 * A command is the site's own or a non-browser client's: a browser says where a request comes from
 * (`Origin`, `Sec-Fetch-Site`), and another site's page is refused even if SameSite lets a cookie through.
 */
function checkSameOrigin(c: Context, publicOrigin: string) {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== publicOrigin && origin !== new URL(c.req.url).origin) {
    throw new AppError('request.cross_origin');
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new AppError('request.cross_origin');
}

/**
 * JSON only: a page of another site can post a form or text/plain without asking (no CORS preflight),
 * never application/json. A command without a body sends no Content-Type at all.
 */
function checkContentType(c: Context) {
  const type = c.req.header('content-type');
  if (type !== undefined) {
    if (!jsonType.test(type)) throw new AppError('request.unsupported_media_type');
    return;
  }
  const length = c.req.header('content-length');
  const hasBody = c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
  if (hasBody) throw new AppError('request.unsupported_media_type');
}

/**
 * Unknown API addresses: 405 with `Allow` when the path exists for other methods, else 404. Mounted
 * after the API's routes and before the pages, so that the pages' own checks never answer for the API.
 */
export function apiFallback(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  let routes: { method: string; pattern: RegExp }[] | undefined;
  return async (c) => {
    routes ??= app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
      .map((route) => ({ method: route.method, pattern: pathPattern(route.path) }));
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))];
    if (allowed.length === 0) throw new AppError('request.not_found');
    if (allowed.includes('GET')) allowed.push('HEAD');
    c.header('Allow', allowed.join(', '));
    return errorResponse(c, new AppError('request.method_not_allowed'));
  };
}

function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Requests Node refuses before Hono sees them (request line and headers over `maxHeaderSize`, 16 KiB
 * by default; malformed requests) get the same JSON refusal as the rest of the API.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? requestLineLength(error.rawPacket) > maxUrlLength
          ? 'request.uri_too_long'
          : 'request.headers_too_large'
        : 'request.malformed';
    const { status, message } = errorCatalogue[code];
    const body = JSON.stringify({ code, message });
    socket.end(
      `HTTP/1.1 ${status} ${reasons[status]}\r\nContent-Type: application/json; charset=UTF-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

const reasons: Record<number, string> = {
  400: 'Bad Request',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

function requestLineLength(packet: Buffer | undefined): number {
  if (!packet) return 0;
  const end = packet.indexOf('\r\n');
  return end === -1 ? packet.length : end;
}
