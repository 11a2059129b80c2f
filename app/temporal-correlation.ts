import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { currentCorrelationId, withCorrelation } from '../services/observability/correlation.ts';
import { correlationHeader } from '../services/observability/correlation-header.ts';

/** Headers plus the current request's correlation id (unchanged outside a request). */
function tagged(headers: Record<string, Payload>): Record<string, Payload> {
  const id = currentCorrelationId();
  return id ? { ...headers, [correlationHeader]: defaultPayloadConverter.toPayload(id) } : headers;
}

function withHeader<T extends { headers: Record<string, Payload> }>(input: T): T {
  return { ...input, headers: tagged(input.headers) };
}

/** Client side: starts, updates and signals carry the request's correlation id to the workflow. */
export const correlationClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next(withHeader(input)),
  startWithDetails: (input, next: Next<WorkflowClientInterceptor, 'startWithDetails'>) => next(withHeader(input)),
  startUpdate: (input, next: Next<WorkflowClientInterceptor, 'startUpdate'>) => next(withHeader(input)),
  startUpdateWithStart: (input, next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>) =>
    next({
      ...input,
      workflowStartHeaders: tagged(input.workflowStartHeaders),
      updateHeaders: tagged(input.updateHeaders),
    }),
  signal: (input, next) => next(withHeader(input)),
  signalWithStart: (input, next) => next(withHeader(input)),
};

/** Worker side: an activity runs under the correlation id its workflow passed (its logs and outbox rows carry it). */
export const correlationActivityInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    execute: (input, next) => {
      const header = input.headers[correlationHeader];
      const id = header ? defaultPayloadConverter.fromPayload(header) : undefined;
      return typeof id === 'string' ? withCorrelation(id, () => next(input)) : next(input);
    },
  },
});
