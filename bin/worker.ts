import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDeliveryChannels } from '../activities/channels/index.ts';
import { connectDatabase } from '../db/client.ts';
import { channelSettings, readConfig, temporalAddress } from './config.ts';
import { createReferralWorker } from './create-worker.ts';
import { ensureDailyDigest } from './daily-digest.ts';

/** Worker process: runs referral workflows and their activities until SIGINT/SIGTERM. */
const config = readConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis pour le worker.');
const database = connectDatabase(config.DATABASE_URL);
const connection = await NativeConnection.connect({ address: temporalAddress(config) });
const worker = await createReferralWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  db: database.db,
  appUrl: config.appUrl,
  channels: createDeliveryChannels(channelSettings(config)),
});
if (config.PARCOURS_DAILY_DIGEST) {
  const clientConnection = await Connection.connect({ address: temporalAddress(config) });
  await ensureDailyDigest(
    new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
    config.TEMPORAL_TASK_QUEUE,
  );
  await clientConnection.close();
}
console.log(`Worker prêt sur la file « ${config.TEMPORAL_TASK_QUEUE} ».`);
// The SDK stops polling on SIGINT/SIGTERM and lets running activities finish before run() returns.
await worker.run();
await connection.close();
await database.close();
