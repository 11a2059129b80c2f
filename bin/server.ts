import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { answerClientErrors } from '../api/edges.ts';
import { refreshAnswerStats } from '../api/facilities/answer-stats.ts';
import { createHealth, temporalProbe } from '../api/health.ts';
import {
  contactEmail,
  devMailboxEnabled,
  isProduction,
  logSettings,
  maxCommandsInFlight,
  payloadKeys,
  pscSettings,
  readConfig,
  requireDeliveryProviders,
  retentionPeriods,
  temporalAddress,
} from '../app/config.ts';
import { closeGracefully } from '../app/graceful-close.ts';
import { createServerMetrics } from '../app/metrics.ts';
import { clientDataConverter } from '../app/payload-codec.ts';
import { createServerApp } from '../app/server-app.ts';
import { clientInterceptors } from '../app/temporal-interceptors.ts';
import { startTracing } from '../app/tracing.ts';
import { connectDatabase } from '../db/client.ts';
import { directorySettings } from '../services/directory/settings.ts';
import { createLogger, installLogger } from '../services/observability/logger.ts';

/** HTTP process: API and web pages on one port. */
// First: the spans of everything below go to the exporter the OTEL_* variables name (none when unset).
const tracing = startTracing('parcours-server');
const config = readConfig();
const log = createLogger(logSettings(config, 'server'));
installLogger(log);
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis pour le serveur.');
requireDeliveryProviders(config);
if (config.PARCOURS_DEV_MAILBOX && isProduction(config)) {
  log.warn('PARCOURS_DEV_MAILBOX ignoré : la boîte mail de développement n’existe pas en production.');
}
const keys = payloadKeys(config);
const database = connectDatabase(config.DATABASE_URL);
const connection = await Connection.connect({ address: temporalAddress(config) });
const client = new Client({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  dataConverter: clientDataConverter(keys),
  interceptors: clientInterceptors({ maxCommandsInFlight: maxCommandsInFlight(config) }),
});
const health = createHealth({ db: database.db, temporal: temporalProbe(connection, config.TEMPORAL_NAMESPACE) });
const metrics = config.PARCOURS_METRICS_PORT === undefined ? undefined : createServerMetrics({ db: database.db });
const app = createServerApp({
  health,
  metrics,
  db: database.db,
  temporal: client,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  searchAttributes: config.PARCOURS_SEARCH_ATTRIBUTES,
  admissionNoticeDays: config.PARCOURS_ADMISSION_NOTICE_DAYS,
  devMailbox: devMailboxEnabled(config),
  retentionMonths: retentionPeriods(config),
  contactEmail: contactEmail(config),
  resendWebhookSecret: config.RESEND_WEBHOOK_SECRET,
  appUrl: config.appUrl,
  auth: { codeIntervalDays: config.PARCOURS_LOGIN_CODE_INTERVAL_DAYS, trustProxy: config.PARCOURS_TRUST_PROXY },
  psc: pscSettings(config),
  temporalCodec: { uiOrigin: config.PARCOURS_TEMPORAL_UI_ORIGIN },
});
const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) =>
  log.info(`Serveur prêt sur http://${info.address}:${info.port}`),
) as Server;
answerClientErrors(server);
// Metrics on a port of their own, on loopback unless told otherwise: never through the public proxy.
const metricsServer =
  metrics && config.PARCOURS_METRICS_PORT !== undefined
    ? (serve(
        { fetch: metrics.routes.fetch, hostname: config.PARCOURS_METRICS_HOST, port: config.PARCOURS_METRICS_PORT },
        (info) => log.info(`Mesures Prometheus sur http://${info.address}:${info.port}/metrics`),
      ) as Server)
    : undefined;

// The ranking learns from the case events: its statistics are recomputed periodically (idempotent).
const directory = directorySettings();
const refreshStats = () =>
  refreshAnswerStats(database.db, { windowDays: directory.rankingWindowDays }).catch((error: unknown) =>
    log.error({ err: error }, 'Statistiques de réponse des établissements non recalculées'),
  );
void refreshStats();
setInterval(refreshStats, directory.refreshMinutes * 60_000).unref();

// SIGTERM (an orchestrator's stop): /readyz answers 503, no new connection, requests in flight end.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    health.markStopping();
    const outcome = await closeGracefully(server, config.PARCOURS_SHUTDOWN_TIMEOUT_SECONDS * 1000);
    if (outcome === 'forced') {
      log.error(`Arrêt : requêtes encore en cours après ${config.PARCOURS_SHUTDOWN_TIMEOUT_SECONDS} s, coupées.`);
    }
    if (metricsServer) await closeGracefully(metricsServer, 1000);
    await connection.close();
    await database.close();
    await tracing?.shutdown();
    log.flush();
    process.exit(outcome === 'drained' ? 0 : 1);
  });
}
