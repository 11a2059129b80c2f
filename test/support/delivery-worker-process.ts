import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createDeliveryChannels } from '../../activities/channels/index.ts';
import { createReferralWorker } from '../../app/create-worker.ts';
import { connectDatabase } from '../../db/client.ts';
import { testPayloadKeys } from './payload-keys.ts';
import { stubKeys } from './provider-stub.ts';

/**
 * A worker in its own process, delivering through the provider stub, for tests that kill it
 * (SIGKILL: no shutdown, no cleanup) in the middle of a delivery. Prints "ready" once polling.
 */
Runtime.install({ logger: new DefaultLogger('ERROR') });
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const database = connectDatabase(env('DATABASE_URL'), { max: 3 });
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const worker = await createReferralWorker({
  connection,
  namespace: 'default',
  taskQueue: env('TEMPORAL_TASK_QUEUE'),
  db: database.db,
  appUrl: 'http://localhost:3000',
  channels: createDeliveryChannels({
    resend: {
      apiKey: stubKeys.resend,
      baseUrl: env('RESEND_BASE_URL'),
      from: 'Parcours <notifications@parcours.example>',
      // As the in-process workers: the same message must make the same request.
      replyTo: 'contact@parcours.example',
    },
    brevo: { apiKey: stubKeys.brevo, baseUrl: env('BREVO_BASE_URL'), sender: 'Parcours' },
  }),
  workflowBundle: { codePath: env('WORKFLOW_BUNDLE_PATH') },
  payloadKeys: testPayloadKeys,
});
const running = worker.run();
console.log('ready');
await running;
