import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  type AnomalyReason,
  type CaseKind,
  projectionRejectedType,
  projectionRejectionReasons,
} from '../domain/anomalies.ts';
import { errorCatalogue } from '../domain/errors.ts';

/** The patch that lets a workflow survive a projection that cannot write (running executions predate it). */
export const projectionAnomalyPatch = 'projection-anomaly';

/**
 * Bounds of a projection (and of recording an anomaly). A value PostgreSQL refuses fails at once
 * (ProjectionRejected is non-retryable); anything else is retried 1 s, 2 s, 4 s… capped at 30 s,
 * at most 8 attempts and 2 minutes in all: the person's command waits that long at worst, then
 * answers 503 and the workflow writes the snapshot later itself.
 */
export const projectionActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
} as const;

/** How long a workflow waits before writing again the snapshots the database did not take. */
export const delayedWriteBackoffMs = { first: 60_000, max: 60 * 60_000 } as const;

const { recordCaseAnomaly } = proxyActivities<ReturnType<typeof createActivities>>(projectionActivityOptions);

export type ProjectionFailure =
  | { rejected: true; reason: AnomalyReason; sqlstate: string | null }
  | { rejected: false; sqlstate: string | null };

/** What a failed projection activity says, or undefined when it is no projection failure (a cancellation). */
export function projectionFailureOf(error: unknown): ProjectionFailure | undefined {
  if (!(error instanceof ActivityFailure) || isCancellation(error)) return undefined;
  const cause = error.cause;
  const details = (cause instanceof ApplicationFailure ? cause.details?.[0] : undefined) as
    | { reason?: unknown; sqlstate?: unknown }
    | undefined;
  const sqlstate = typeof details?.sqlstate === 'string' ? details.sqlstate : null;
  if (cause instanceof ApplicationFailure && cause.type === projectionRejectedType) {
    const reason = typeof details?.reason === 'string' && details.reason in projectionRejectionReasons;
    return { rejected: true, reason: reason ? (details?.reason as AnomalyReason) : 'invalid_value', sqlstate };
  }
  // Retries spent (ProjectionUnavailable, a timeout): the database is away, not the value wrong.
  return { rejected: false, sqlstate };
}

export type ProjectionCommandCode = 'projection.rejected' | 'projection.delayed';

/** A command's answer when its snapshot was not written: a stable code and the anomaly's id to quote. */
export function projectionCommandFailure(code: ProjectionCommandCode, correlationId: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: code,
    message: errorCatalogue[code].message,
    nonRetryable: true,
    details: [{ correlationId }],
  });
}

export function isProjectionCommandFailure(error: unknown): error is ApplicationFailure {
  return (
    error instanceof ApplicationFailure && (error.type === 'projection.rejected' || error.type === 'projection.delayed')
  );
}

/** A fresh anomaly id (deterministic in the workflow): also the correlation id the command answers. */
export function newAnomalyId(): string {
  return uuid4();
}

/**
 * Marks the case « en anomalie » (idempotent by id). If even that cannot be written, the failed
 * activity in the history is the trace left; the workflow goes on either way.
 */
export async function markCaseAnomaly(anomaly: {
  id: string;
  caseKind: CaseKind;
  caseId: string;
  command: string;
  reason: AnomalyReason;
  sqlstate: string | null;
}): Promise<void> {
  try {
    await recordCaseAnomaly({
      ...anomaly,
      workflowId: workflowInfo().workflowId,
      occurredAt: new Date().toISOString(),
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
  }
}
