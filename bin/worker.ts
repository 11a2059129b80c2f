import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createDeliveryChannels } from '../activities/channels/index.ts';
import { createHealth, temporalProbe } from '../api/health.ts';
import {
  channelSettings,
  payloadKeys,
  readConfig,
  requireDeliveryProviders,
  retentionPeriods,
  temporalAddress,
} from '../app/config.ts';
import { createReferralWorker } from '../app/create-worker.ts';
import { ensureDailyDigest } from '../app/daily-digest.ts';
import { closeGracefully } from '../app/graceful-close.ts';
import { clientDataConverter } from '../app/payload-codec.ts';
import { ensureRetentionSchedule } from '../app/retention-schedule.ts';
import { connectDatabase } from '../db/client.ts';

/** Worker process: runs referral workflows and their activities until SIGINT/SIGTERM, then drains. */
const config = readConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis pour le worker.');
// Before connecting to anything: in production, messages that cannot leave are refused at start.
requireDeliveryProviders(config);
const keys = payloadKeys(config);
// The signals are handled below (readiness first, then the drain), not by the SDK's runtime.
Runtime.install({ shutdownSignals: [] });
const database = connectDatabase(config.DATABASE_URL);
const connection = await NativeConnection.connect({ address: temporalAddress(config) });
const boundMs = config.PARCOURS_SHUTDOWN_TIMEOUT_SECONDS * 1000;
const worker = await createReferralWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  db: database.db,
  appUrl: config.appUrl,
  channels: createDeliveryChannels(channelSettings(config)),
  shutdownBoundMs: boundMs,
  payloadKeys: keys,
  ...(config.PARCOURS_WORKER_CACHED_WORKFLOWS === undefined
    ? {}
    : { maxCachedWorkflows: config.PARCOURS_WORKER_CACHED_WORKFLOWS }),
});
if (config.PARCOURS_DAILY_DIGEST || config.PARCOURS_RETENTION_SCHEDULE) {
  const clientConnection = await Connection.connect({ address: temporalAddress(config) });
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: clientDataConverter(keys),
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
console.log(
  `Worker prêt sur la file « ${config.TEMPORAL_TASK_QUEUE} »${healthServer ? ` (santé sur le port ${config.PARCOURS_WORKER_HEALTH_PORT})` : ''}.`,
);
let exitCode = 0;
try {
  await running;
} catch (error) {
  console.error('Worker arrêté sur une erreur :', error);
  exitCode = 1;
}
if (healthServer) await closeGracefully(healthServer, 1000);
await connection.close();
await database.close();
process.exit(exitCode);
