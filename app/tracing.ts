import type { Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  /** Where the worker sends its workflows' spans (they leave the sandbox through a sink). */
  workflowSpans: SpanProcessor;
  shutdown: () => Promise<void>;
}

/**
 * OpenTelemetry traces from the standard variables (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`…), over
 * OTLP/HTTP; off (no SDK, OpenTelemetry's API a no-op) when no endpoint is set, when
 * `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true`. Called first by bin/server.ts and bin/worker.ts.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_TRACES_EXPORTER === 'none' || env.OTEL_SDK_DISABLED === 'true') return undefined;
  const spans = new RedactingSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter()));
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || serviceName,
    spanProcessors: [spans],
    // Only the spans the platform makes (HTTP, Temporal): no automatic instrumentation of modules.
    instrumentations: [],
  });
  sdk.start();
  return { workflowSpans: spans, shutdown: () => sdk.shutdown() };
}

/** Span attributes that may hold what a URL carries (a token in a path, a name in a search query). */
const maskedAttributes = ['url.full', 'url.query', 'http.url', 'http.target'];

/**
 * Spans leave the machine: an HTTP span keeps its method, route pattern and status, never its URL.
 * Wraps the exporting processor (also in tests, around an in-memory exporter).
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parentContext: Context): void {
    for (const name of maskedAttributes) if (name in span.attributes) span.setAttribute(name, '[masqué]');
    this.next.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    this.next.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
