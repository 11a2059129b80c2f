import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/env.ts';
import { asset, type StaticPackage, staticPackages, staticVersions } from '../web/assets.ts';
import { iconStylesheet } from '../web/icon-stylesheet.ts';

/** A versioned path never changes content: a year, and no revalidation. */
const immutable = 'public, max-age=31536000, immutable';
/** An unversioned path (swagger-ui, old links) may change at the next release: an hour, then revalidate. */
const shortLived = 'public, max-age=3600, must-revalidate';

const compressible = /^(text\/|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)/i;
/** Below this, the encoding header costs about what it saves. */
const minimumSize = 1024;

type Encoding = 'br' | 'gzip';

/** The encoding this client accepts that we prefer (brotli, then gzip), honouring q=0. */
export function acceptedEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([\d.]+)/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get('*');
  for (const encoding of ['br', 'gzip'] as const) {
    const q = accepted.get(encoding) ?? wildcard ?? 0;
    if (q > 0) return encoding;
  }
  return undefined;
}

/**
 * Compresses static files once per process and encoding (they do not change while it runs):
 * 1 MB of DSFR styles become about 100 kB, computed on the first request only.
 */
function compressStatic(): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, Uint8Array>();
  return async (c, next) => {
    await next();
    const response = c.res;
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !compressible.test(type) || response.headers.has('content-encoding')) return;
    response.headers.append('Vary', 'Accept-Encoding');
    const encoding = acceptedEncoding(c.req.header('accept-encoding'));
    if (!encoding || c.req.method !== 'GET') return;
    const key = `${encoding} ${c.req.path}`;
    let body = cache.get(key);
    if (!body) {
      const plain = new Uint8Array(await response.arrayBuffer());
      if (plain.byteLength < minimumSize) {
        c.res = new Response(plain, response);
        return;
      }
      body = new Uint8Array(
        encoding === 'br'
          ? brotliCompressSync(plain, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 9,
                [constants.BROTLI_PARAM_SIZE_HINT]: plain.byteLength,
              },
            })
          : gzipSync(plain, { level: 9 }),
      );
      cache.set(key, body);
    } else {
      await response.body?.cancel();
    }
    const headers = new Headers(response.headers);
    headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(body.byteLength));
    // Hono copies the old response's headers onto a new one (its length among them): start afresh.
    c.res = undefined;
    c.res = new Response(body, { status: 200, headers });
  };
}

function cacheFor(value: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', value);
  };
}

/**
 * The files the pages load (DSFR, the WebAuthn browser library, our scripts, swagger-ui): under a
 * versioned path (`/static/dsfr@1.15.3/…`, see web/assets.ts) cached for a year, under the old
 * unversioned paths for an hour; compressed (brotli or gzip) when the browser accepts it.
 */
export function serveStaticAssets(app: Hono<AppEnv>) {
  app.use('/static/*', compressStatic());
  // Only the icons the pages show (about 5 kB instead of the DSFR's 356 kB sheet).
  const icons = iconStylesheet();
  app.get(asset('dsfr', icons.path), cacheFor(immutable), (c) =>
    c.body(icons.css, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );
  for (const [name, root] of Object.entries(staticPackages) as [StaticPackage, string][]) {
    const versioned = `/static/${name}@${staticVersions[name]}`;
    app.use(
      `${versioned}/*`,
      cacheFor(immutable),
      serveStatic({ root, rewriteRequestPath: (path) => path.slice(versioned.length) }),
    );
    const plain = `/static/${name}`;
    app.use(
      `${plain}/*`,
      cacheFor(shortLived),
      serveStatic({ root, rewriteRequestPath: (path) => path.slice(plain.length) }),
    );
  }
}
