import type { LogLevel, LogMetadata } from '@temporalio/common';
import { Runtime, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from 'pino';

/** The Temporal SDK's log lines (worker, workflows' and activities' loggers) into the process's logger. */
export function temporalLogger(log: Logger): TemporalLogger {
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const write = (level: LogLevel, message: string, meta?: LogMetadata) =>
    log[levels[level]]({ temporal: meta }, message);
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

/**
 * The worker process's Temporal runtime, installed once per process (the SDK allows no second
 * install, which is why tests, whose workers share their process, do not call this): its logs into
 * pino and, when asked, the SDK's own Prometheus exporter (task slots, schedule-to-start latency,
 * sticky cache, polls) on `metricsAddress`.
 */
export function installWorkerRuntime(options: { log: Logger; metricsAddress?: string }): void {
  Runtime.install({
    // The signals are handled by bin/worker.ts (readiness first, then the drain), not by the SDK's runtime.
    shutdownSignals: [],
    logger: temporalLogger(options.log),
    ...(options.metricsAddress
      ? {
          telemetryOptions: {
            metrics: { metricPrefix: 'temporal_', prometheus: { bindAddress: options.metricsAddress } },
          },
        }
      : {}),
  });
}
