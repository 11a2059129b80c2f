/**
 * Workflow interceptors, bundled with the workflows (app/create-worker.ts, the tests' bundle): the
 * correlation id of the command that reached the workflow goes on every activity it schedules.
 * Runs in the sandbox: only @temporalio/workflow. Reads headers already in the history, so replay
 * sees the same; headers of scheduled activities are not compared on replay.
 */

import type { Payload } from '@temporalio/common';
import {
  type ActivityInput,
  AsyncLocalStorage,
  defaultPayloadConverter,
  type Next,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { correlationHeader } from '../services/observability/correlation-header.ts';

const current = new AsyncLocalStorage<Payload>();

function within<T>(headers: Record<string, Payload>, work: () => T): T {
  const id = headers[correlationHeader];
  return id && typeof defaultPayloadConverter.fromPayload(id) === 'string' ? current.run(id, work) : work();
}

class CorrelationInbound implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    return within(input.headers, () => next(input));
  }
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    return within(input.headers, () => next(input));
  }
  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    return within(input.headers, () => next(input));
  }
}

class CorrelationOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    const id = current.getStore();
    return next(id ? { ...input, headers: { ...input.headers, [correlationHeader]: id } } : input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new CorrelationInbound()],
  outbound: [new CorrelationOutbound()],
});
