import { sql } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.ts';
import { logger } from '../services/observability/logger.ts';

export interface ServerMetrics {
  registry: Registry;
  /** Counts and times every request by method, route pattern and status. */
  middleware: MiddlewareHandler;
  /** GET /metrics in Prometheus' text format, for a port of its own (never the public one). */
  routes: Hono;
}

/**
 * The server's metrics: HTTP requests per route pattern (never the raw URL: ids and tokens stay
 * out of the labels, and their number stays bounded), the process's, and the platform's state
 * read from PostgreSQL when Prometheus scrapes (outbox, stalled cases, anomalies, cases by status).
 */
export function createServerMetrics(deps: { db: Database }): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parcours_' });
  const requests = new Counter({
    name: 'parcours_http_requests_total',
    help: 'Requêtes HTTP traitées, par méthode, route et statut',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'parcours_http_request_duration_seconds',
    help: 'Durée des requêtes HTTP, par méthode, route et statut',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  registerBusinessGauges(registry, deps.db);

  const middleware: MiddlewareHandler = async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      // After next(): the route index is the handler that answered; unmatched requests name the catch-all.
      const labels = { method: c.req.method, route: routePath(c), status: String(c.res.status) };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - start) / 1000);
    }
  };

  const routes = new Hono();
  routes.get('/metrics', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', registry.contentType);
    return c.body(await registry.metrics());
  });
  return { registry, middleware, routes };
}

/** Gauges computed by one query each at scrape time; a query that fails leaves its gauge empty and says so. */
function registerBusinessGauges(registry: Registry, db: Database): void {
  const up = new Gauge({
    name: 'parcours_business_metrics_up',
    help: '1 si les mesures lues dans PostgreSQL ont pu l’être au dernier relevé, 0 sinon',
    labelNames: ['gauge'] as const,
    registers: [registry],
  });
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    query: () => Promise<({ value: number | string } & Record<L, string | null>)[]>,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const row of await query()) {
            const labels = Object.fromEntries(labelNames.map((label) => [label, row[label] ?? 'aucun'])) as Record<
              L,
              string
            >;
            this.set(labels, Number(row.value));
          }
          up.set({ gauge: name }, 1);
        } catch (error) {
          up.set({ gauge: name }, 0);
          logger().warn({ err: error, gauge: name }, 'Mesure non relevée');
        }
      },
    });
  const rows = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];

  gauge('parcours_outbox_backlog', 'Messages en attente d’envoi dans la boîte d’envoi, par canal', ['channel'], () =>
    rows(sql`select channel, count(*)::int as value from outbox_messages where status = 'queued' group by channel`),
  );
  gauge(
    'parcours_outbox_oldest_queued_seconds',
    'Âge du plus ancien message en attente d’envoi, par canal',
    ['channel'],
    () =>
      rows(sql`select channel, extract(epoch from now() - min(created_at))::float8 as value
               from outbox_messages where status = 'queued' group by channel`),
  );
  gauge('parcours_outbox_failed', 'Messages en échec définitif, par canal', ['channel'], () =>
    rows(sql`select channel, count(*)::int as value from outbox_messages where status = 'failed' group by channel`),
  );
  gauge('parcours_cases_stalled', 'Dossiers en souffrance, par type et département', ['kind', 'departement'], () =>
    rows(sql`select kind, departement, count(*)::int as value from referrals where stalled group by kind, departement
               union all
               select 'pco' as kind, departement, count(*)::int as value from pco_cases where stalled group by departement`),
  );
  gauge('parcours_cases', 'Dossiers par type et statut', ['kind', 'status'], () =>
    rows(sql`select kind, status, count(*)::int as value from referrals group by kind, status
             union all
             select 'pco' as kind, status, count(*)::int as value from pco_cases group by status`),
  );
  gauge(
    'parcours_projection_anomalies',
    'Commandes refusées par le modèle de lecture (dossiers en anomalie), par type de dossier et commande',
    ['case_kind', 'command'],
    () => rows(sql`select case_kind, command, count(*)::int as value from case_anomalies group by case_kind, command`),
  );
}
