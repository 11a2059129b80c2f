import { SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { RedactingSpanProcessor } from '../../app/tracing.ts';
import { workflowBundleOptions } from '../../app/workflow-bundle.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

// What app/tracing.ts sets up from OTEL_* variables, with an in-memory exporter instead of OTLP.
const exporter = new InMemorySpanExporter();
const spans = new RedactingSpanProcessor(new SimpleSpanProcessor(exporter));
new BasicTracerProvider({ spanProcessors: [spans] }).register({
  contextManager: new AsyncLocalStorageContextManager().enable(),
});

const quiet = new DefaultLogger('WARN');
let platform: TestPlatform;
let worker: RunningWorker;

beforeAll(async () => {
  platform = await createTestPlatform();
  // The bundle a worker builds when tracing is on: the shared one has no OpenTelemetry module.
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions({ tracing: true }), logger: quiet });
  worker = await platform.startWorker({ workflowSpans: spans, workflowBundle: { code } });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

/** A command's snapshot and its messages are written by one activity (patch referral-project-and-enqueue). */
const commandProjection = 'RunActivity:projectAndEnqueueReferral';

describe('traces', () => {
  it('follow one command from the HTTP request through the workflow Update to the projection activity', async () => {
    const berthet = await platform.facilityId(demoFiness.berthet);
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'Trace', firstName: 'Aimée', birthDate: '1941-07-08', sex: 'female', departement: '69' },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet],
      },
    });
    expect(created.status).toBe(201);

    const request = exporter
      .getFinishedSpans()
      .find((span) => span.kind === SpanKind.SERVER && span.attributes['http.route'] === '/api/referrals');
    if (!request) throw new Error('no span for POST /api/referrals');
    expect(request.attributes['http.request.method']).toBe('POST');
    expect(request.attributes['url.full']).toBe('[masqué]');
    const traceId = request.spanContext().traceId;

    // The projection's span arrives from the worker (workflow spans through the sink, then the activity).
    const trace = await waitFor('the projection activity in the request’s trace', async () => {
      const inTrace = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      return inTrace.some((span) => span.name === commandProjection) ? inTrace : undefined;
    });
    // From the command's projection up to the request, parent by parent: activity ← its scheduling in the
    // workflow ← the Update's handler ← the client's update-with-start ← the HTTP request. (The
    // workflow run's own span stays open while the case lives: the first projection hangs from it.)
    const byId = new Map(trace.map((span) => [span.spanContext().spanId, span]));
    const chains = trace
      .filter((span) => span.name === commandProjection)
      .map((span) => {
        const chain: ReadableSpan[] = [span];
        for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) {
          chain.push(parent);
        }
        return chain.map((link) => link.name);
      });
    expect(chains).toContainEqual([
      commandProjection,
      'StartActivity:projectAndEnqueueReferral',
      'HandleUpdate:referral.send',
      'UpdateWithStartWorkflow:referral.send',
      'POST /api/referrals',
    ]);
  });
});
