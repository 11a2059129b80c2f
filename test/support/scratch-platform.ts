import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createReferralWorker } from '../../app/create-worker.ts';
import { seedDemoData } from '../../db/seed.ts';
import { testClientDataConverter, testPayloadKeys } from './payload-keys.ts';
import { createScratchDatabase } from './scratch-database.ts';

export interface ScratchPlatform {
  database: Awaited<ReturnType<typeof createScratchDatabase>>;
  client: Client;
  taskQueue: string;
  /** Stops the worker, closes the connections and drops the database. */
  stop: () => Promise<void>;
}

/**
 * The demo data in a database of its own, with a worker of the real workflows on a task queue of its
 * own: for tests whose figures must be exactly those of their fixture (no other file's cases).
 */
export async function startScratchPlatform(prefix: string): Promise<ScratchPlatform> {
  const database = await createScratchDatabase(inject('databaseUrl'), prefix);
  await seedDemoData(database.db);
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection, namespace: 'default', dataConverter: testClientDataConverter });
  const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const taskQueue = `test-${randomUUID()}`;
  const worker = await createReferralWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    db: database.db,
    appUrl: 'http://localhost:3000',
    workflowBundle: { codePath: inject('workflowBundlePath') },
    payloadKeys: testPayloadKeys,
  });
  const running = worker.run();
  return {
    database,
    client,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await database.drop();
    },
  };
}
