import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { DeliveryChannels } from '../activities/channels/channel.ts';
import { createActivities } from '../activities/index.ts';
import type { Database } from '../db/client.ts';
import { type PayloadKey, workerDataConverter } from './payload-codec.ts';
import { tracingSinks, workerInterceptors } from './temporal-interceptors.ts';
import { workflowsPath } from './workflow-bundle.ts';

/** A worker for referral workflows and their activities, given a pre-built bundle (app/workflow-bundle.ts) or bundling them itself. */
export function createReferralWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  appUrl: string;
  /** E-mail and SMS providers; the development mailbox when absent. */
  channels?: DeliveryChannels;
  workflowBundle?: WorkflowBundleOption;
  /** The payload codec's keys (app/payload-codec.ts); undefined only for a measurement without the codec. */
  payloadKeys: PayloadKey[] | undefined;
  /** After worker.shutdown(): how long running activities may take before they are cancelled. */
  shutdownBoundMs?: number;
  /** Sticky cache size (PARCOURS_WORKER_STICKY_CACHE_SIZE, app/config.ts); the SDK's default when undefined. */
  maxCachedWorkflows?: number;
  /** Workflow tasks run at once (PARCOURS_WORKER_WORKFLOW_TASK_SLOTS); the SDK's default when undefined. */
  workflowTaskSlots?: number;
  /** Activities run at once (PARCOURS_WORKER_ACTIVITY_SLOTS); the SDK's default when undefined. */
  activitySlots?: number;
  /** Where the workflows' spans go when tracing is on (app/tracing.ts); activities' spans use the global provider. */
  workflowSpans?: SpanProcessor;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: workerDataConverter(options.payloadKeys),
    // A pre-built bundle has its workflow interceptor modules already (test/support/services.ts);
    // with tracing, it must be one built with OpenTelemetry's (workflowInterceptorModules({ tracing: true })).
    interceptors: workerInterceptors({
      bundled: options.workflowBundle === undefined,
      tracing: options.workflowSpans !== undefined,
    }),
    ...(options.workflowSpans ? { sinks: tracingSinks(options.workflowSpans) } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(options.workflowTaskSlots === undefined
      ? {}
      : { maxConcurrentWorkflowTaskExecutions: options.workflowTaskSlots }),
    ...(options.activitySlots === undefined ? {} : { maxConcurrentActivityTaskExecutions: options.activitySlots }),
    ...(options.shutdownBoundMs
      ? // Activities get most of the bound to end; the rest lets their cancellation be recorded.
        { shutdownGraceTime: Math.round(options.shutdownBoundMs * 0.8), shutdownForceTime: options.shutdownBoundMs }
      : {}),
    activities: createActivities({
      db: options.db,
      appUrl: options.appUrl,
      ...(options.channels ? { channels: options.channels } : {}),
    }),
  });
}
