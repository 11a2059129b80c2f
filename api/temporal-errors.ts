import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { AppError, isErrorCode } from '../domain/errors.ts';

/**
 * Turns what Temporal says into the platform's refusals: a validator's ApplicationFailure carries
 * the stable code as its type (and, for projection.rejected/delayed, the anomaly's id as correlation
 * id); a finished workflow means the case is closed.
 */
export function fromTemporalError(error: unknown): AppError | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
      // A command whose snapshot the read model did not take names its anomaly, for administrators.
      const correlationId = (cause.details?.[0] as { correlationId?: unknown } | undefined)?.correlationId;
      if (typeof correlationId === 'string') return new AppError(cause.type, undefined, { correlationId });
      // A validator may say more than the catalogue (the days of a refused entry date, in French).
      return new AppError(cause.type, cause.message || undefined);
    }
    return undefined;
  }
  if (error instanceof WorkflowNotFoundError) return new AppError('referral.already_closed');
  if (isUnavailable(error)) return new AppError('workflow.unavailable');
  return undefined;
}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4) from the Temporal frontend.
  const code = (error as { code?: unknown }).code;
  return error.name === 'ServiceError' && (code === 14 || code === 4 || /UNAVAILABLE|connect/i.test(error.message));
}
