import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerInterceptors } from '@temporalio/worker';
import { commandBoundInterceptor } from './command-bound.ts';
import { correlationActivityInterceptor, correlationClientInterceptor } from './temporal-correlation.ts';

const require = createRequire(import.meta.url);

/**
 * Workflow interceptor modules, bundled with the workflows (by the worker at start, by the tests'
 * bundle): the correlation id onto activities; with tracing, OpenTelemetry's spans, which leave
 * the sandbox through a sink every worker of that bundle must then register (tracingSinks).
 */
export function workflowInterceptorModules(options: { tracing: boolean }): string[] {
  return [
    fileURLToPath(new URL('./workflow-interceptors.ts', import.meta.url)),
    ...(options.tracing ? [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')] : []),
  ];
}

/**
 * Every Temporal client of the platform: the request's correlation id and its trace context go to
 * the workflow in headers. Spans are recorded only when tracing is on (app/tracing.ts): otherwise
 * OpenTelemetry's API is a no-op. A server bounds its commands in flight (app/command-bound.ts).
 */
export function clientInterceptors(options: { maxCommandsInFlight?: number } = {}): ClientInterceptors {
  return {
    workflow: [
      correlationClientInterceptor,
      new OpenTelemetryWorkflowClientInterceptor(),
      // Last: a command's span includes its wait for a turn.
      ...(options.maxCommandsInFlight === undefined ? [] : [commandBoundInterceptor(options.maxCommandsInFlight)]),
    ],
  };
}

/** The worker's interceptors: correlation id and trace context into each activity (and the workflow modules when it bundles). */
export function workerInterceptors(options: { bundled: boolean; tracing: boolean }): WorkerInterceptors {
  return {
    ...(options.bundled ? { workflowModules: workflowInterceptorModules(options) } : {}),
    activity: [
      correlationActivityInterceptor,
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
  };
}

/** Where the workflows' spans go: they are made in the sandbox and leave through this sink. */
export function tracingSinks(spanProcessor: SpanProcessor) {
  return { exporter: makeWorkflowExporter(spanProcessor, new Resource({ 'service.name': 'parcours-worker' })) };
}
