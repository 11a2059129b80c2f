import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDeliveryChannels } from '../activities/channels/index.ts';
import { createHealth, temporalProbe } from '../api/health.ts';
import {
  channelSettings,
  logSettings,
  payloadKeys,
  readConfig,
  requireDeliveryProviders,
  retentionPeriods,
  stickyCacheSize,
  temporalAddress,
  workflowHeapMegabytes,
} from '../app/config.ts';
import { createReferralWorker } from '../app/create-worker.ts';
import { ensureDailyDigest } from '../app/daily-digest.ts';
import { closeGracefully } from '../app/graceful-close.ts';
import { clientDataConverter } from '../app/payload-codec.ts';
import { ensureRetentionSchedule } from '../app/retention-schedule.ts';
import { clientInterceptors } from '../app/temporal-interceptors.ts';
import { startTracing } from '../app/tracing.ts';
import { installWorkerRuntime } from '../app/worker-runtime.ts';
import { bundleWorkflowsInChildProcess } from '../app/workflow-bundle.ts';
import { boundWorkflowThreadHeap } from '../app/workflow-heap.ts';
import { connectDatabase } from '../db/client.ts';
import { createLogger, installLogger } from '../services/observability/logger.ts';

/** Worker process: runs referral workflows and their activities until SIGINT/SIGTERM, then drains. */
// First: the spans of everything below go to the exporter the OTEL_* variables name (none when unset).
const tracing = startTracing('parcours-worker');
const config = readConfig();
const log = createLogger(logSettings(config, 'worker'));
installLogger(log);
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis pour le worker.');
// Before connecting to anything: in production, messages that cannot leave are refused at start.
requireDeliveryProviders(config);
const keys = payloadKeys(config);
installWorkerRuntime({
  log,
  ...(config.PARCOURS_WORKER_METRICS_PORT === undefined
    ? {}
    : { metricsAddress: `${config.PARCOURS_METRICS_HOST}:${config.PARCOURS_WORKER_METRICS_PORT}` }),
});
const database = connectDatabase(config.DATABASE_URL);
const connection = await NativeConnection.connect({ address: temporalAddress(config) });
const boundMs = config.PARCOURS_SHUTDOWN_TIMEOUT_SECONDS * 1000;
const cachedCases = stickyCacheSize(config);
// Before Worker.create, which starts the workflow threads.
const workflowHeapMb = boundWorkflowThreadHeap(workflowHeapMegabytes(config));
const worker = await createReferralWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  db: database.db,
  appUrl: config.appUrl,
  channels: createDeliveryChannels(channelSettings(config)),
  shutdownBoundMs: boundMs,
  payloadKeys: keys,
  workflowBundle: await bundleWorkflowsInChildProcess({ tracing: tracing !== undefined }),
  ...(tracing ? { workflowSpans: tracing.workflowSpans } : {}),
  maxCachedWorkflows: cachedCases,
  ...(config.PARCOURS_WORKER_WORKFLOW_TASK_SLOTS === undefined
    ? {}
    : { workflowTaskSlots: config.PARCOURS_WORKER_WORKFLOW_TASK_SLOTS }),
  ...(config.PARCOURS_WORKER_ACTIVITY_SLOTS === undefined
    ? {}
    : { activitySlots: config.PARCOURS_WORKER_ACTIVITY_SLOTS }),
});
if (config.PARCOURS_DAILY_DIGEST || config.PARCOURS_RETENTION_SCHEDULE) {
  const clientConnection = await Connection.connect({ address: temporalAddress(config) });
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: clientDataConverter(keys),
    interceptors: clientInterceptors(),
  });
  if (config.PARCOURS_DAILY_DIGEST) await ensureDailyDigest(client, config.TEMPORAL_TASK_QUEUE);
  if (config.PARCOURS_RETENTION_SCHEDULE) {
    await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, periods: retentionPeriods(config) });
  }
  await clientConnection.close();
}

const health = createHealth({
  db: database.db,
  temporal: temporalProbe(connection, config.TEMPORAL_NAMESPACE),
  process: { name: 'worker', ready: () => worker.getState() === 'RUNNING' },
});
const healthServer =
  config.PARCOURS_WORKER_HEALTH_PORT === undefined
    ? undefined
    : (serve({
        fetch: health.routes.fetch,
        hostname: config.HOST,
        port: config.PARCOURS_WORKER_HEALTH_PORT,
      }) as Server);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    health.markStopping();
    // Stops polling; workflow tasks and activities in progress finish (activities within the bound).
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
}

const running = worker.run();
log.info(
  `Worker prêt sur la file « ${config.TEMPORAL_TASK_QUEUE} »${healthServer ? ` (santé sur le port ${config.PARCOURS_WORKER_HEALTH_PORT})` : ''} : ${cachedCases} dossiers gardés en mémoire, tas des workflows ${workflowHeapMb === undefined ? 'non borné par Parcours' : `borné à ${workflowHeapMb} Mo`}.`,
);
let exitCode = 0;
try {
  await running;
} catch (error) {
  log.error({ err: error }, 'Worker arrêté sur une erreur');
  exitCode = 1;
}
if (healthServer) await closeGracefully(healthServer, 1000);
await connection.close();
await database.close();
await tracing?.shutdown();
log.flush();
process.exit(exitCode);
