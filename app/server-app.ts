import { randomUUID } from 'node:crypto';
import { httpInstrumentationMiddleware } from '@hono/otel';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { pinoLogger } from 'hono-pino';
import type { Logger } from 'pino';
import { createApi } from '../api/app.ts';
import { sessionIdentity } from '../api/auth/middleware.ts';
import { clientIp } from '../api/auth/request-info.ts';
import type { ApiDependencies } from '../api/dependencies.ts';
import { apiFallback, edges } from '../api/edges.ts';
import type { AppEnv } from '../api/env.ts';
import { errorResponse, toAppError, unexpectedBody } from '../api/errors.ts';
import { createHealth, type Health, temporalProbe } from '../api/health.ts';
import { AppError } from '../domain/errors.ts';
import { withCorrelation } from '../services/observability/correlation.ts';
import { logger as processLogger } from '../services/observability/logger.ts';
import { createWeb } from '../web/app.tsx';
import { errorPage } from '../web/error-page.tsx';
import type { ServerMetrics } from './metrics.ts';
import { serveStaticAssets } from './static-assets.ts';

export type ServerDependencies = ApiDependencies & {
  /** /healthz and /readyz; by default PostgreSQL, its migrations and the client's Temporal namespace. */
  health?: Health;
  /** HTTP request metrics (the process serves them on a port of its own); none when absent. */
  metrics?: ServerMetrics;
  /** Where request lines go; the process's logger by default. */
  logger?: Logger;
};

/** A caller's X-Request-Id is kept only when it is an opaque id (it is logged and stored as is). */
function acceptedRequestId(header: string | undefined): string | undefined {
  return header && /^[A-Za-z0-9._:-]{8,128}$/.test(header) ? header : undefined;
}

/** The HTTP process: the JSON API under /api and the French web pages, one error policy for both. */
export function createServerApp(deps: ServerDependencies) {
  const app = new Hono<AppEnv>();
  const health =
    deps.health ??
    createHealth({ db: deps.db, temporal: temporalProbe(deps.temporal.connection, deps.temporal.options.namespace) });
  // Before sessions and everything else: probes carry no cookie and must not touch more than they check.
  app.route('/', health.routes);
  if (deps.metrics) app.use(deps.metrics.middleware);
  // A span per request (when tracing is on, app/tracing.ts), parent of the workflow Update's spans.
  app.use(httpInstrumentationMiddleware({ serviceName: 'parcours-server', captureActiveRequests: false }));
  app.use(secureHeaders({ contentSecurityPolicy: undefined }));
  app.use(async (c, next) => {
    const requestId = acceptedRequestId(c.req.header('x-request-id')) ?? randomUUID();
    c.set('requestId', requestId);
    c.set('clientIp', clientIp(c, deps.auth?.trustProxy ?? false));
    // The request id is the correlation id of everything it causes: workflow, activities, outbox rows.
    await withCorrelation(requestId, next);
  });
  app.use(
    pinoLogger({
      pino: deps.logger ?? processLogger(),
      http: {
        referRequestIdKey: 'requestId',
        // Neither the URL (tokens in paths, names in search queries) nor headers (cookies) nor bodies:
        // the route pattern, the method, the status and the time.
        onReqBindings: (c) => ({ req: { method: c.req.method } }),
        onResBindings: (c) => ({ res: { status: c.res.status, route: routePath(c) } }),
        // A refusal (4xx) is the API doing its job; only a server error is an error. The message names the
        // error's stable code, never its text (which may quote what was typed).
        onResLevel: (c) => (c.res.status >= 500 ? 'error' : 'info'),
        onResMessage: (c) =>
          c.error ? (c.error instanceof AppError ? c.error.code : 'erreur inattendue') : 'requête terminée',
      },
    }),
  );
  const uiOrigin = deps.temporalCodec?.uiOrigin;
  app.use(
    edges({
      appUrl: deps.appUrl,
      crossOrigin: uiOrigin ? { prefix: '/api/temporal-codec/', origin: new URL(uiOrigin).origin } : undefined,
    }),
  );
  // Before sessions: a style sheet or an icon needs no session lookup.
  serveStaticAssets(app);
  app.use(sessionIdentity(deps.db));
  app.route('/api', createApi(deps));
  app.all('/api/*', apiFallback(app));
  app.route('/', createWeb(deps));

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? errorResponse(c, new AppError('request.not_found'))
      : c.html(errorPage('Page introuvable', 'Cette page n’existe pas ou a été déplacée.'), 404),
  );
  app.onError((error, c) => {
    const outcome = toAppError(error);
    const wantsJson = c.req.path.startsWith('/api/');
    if ('unexpected' in outcome) {
      return wantsJson
        ? c.json(unexpectedBody(outcome.requestId), 500)
        : c.html(
            errorPage('Une erreur est survenue', `Réessayez dans un instant. Référence : ${outcome.requestId}`),
            500,
          );
    }
    return wantsJson
      ? errorResponse(c, outcome)
      : c.html(errorPage('Action impossible', outcome.message), outcome.status as 400);
  });
  return app;
}
