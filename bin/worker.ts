import { NativeConnection } from '@temporalio/worker';
import { connectDatabase } from '../db/client.ts';
import { readConfig, temporalAddress } from './config.ts';
import { createReferralWorker } from './create-worker.ts';

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
});
console.log(`Worker prêt sur la file « ${config.TEMPORAL_TASK_QUEUE} ».`);
// The SDK stops polling on SIGINT/SIGTERM and lets running activities finish before run() returns.
await worker.run();
await connection.close();
await database.close();
