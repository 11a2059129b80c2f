import { ApplicationFailure } from '@temporalio/common';
import {
  type ProjectionRejectionReason,
  projectionRejectedType,
  projectionUnavailableType,
} from '../domain/anomalies.ts';

/**
 * PostgreSQL refuses some values for good (SQLSTATE class 22 data exception, 23 integrity
 * constraint, 54 program limit): retrying the same snapshot can never succeed, so the activity
 * ends at once and the workflow marks the case « en anomalie ». Everything else (connection lost,
 * serialization failure, timeouts) is retried within the workflow's bounds.
 *
 * Neither failure carries PostgreSQL's or drizzle's message: they quote the refused value or the
 * query's parameters, that is health data, and a failure is written in Temporal's history.
 */
export function projectionFailure(error: unknown): ApplicationFailure {
  const sqlstate = sqlstateOf(error);
  const reason = rejectionReason(error, sqlstate);
  const where = sqlstate ? ` (SQLSTATE ${sqlstate})` : '';
  if (reason) {
    return ApplicationFailure.nonRetryable(
      `La base de données refuse une valeur de ce dossier${where}.`,
      projectionRejectedType,
      {
        reason,
        sqlstate: sqlstate ?? null,
      },
    );
  }
  return ApplicationFailure.retryable(
    `Écriture du dossier impossible pour le moment${where}${sqlstate ? '' : ` (${errorName(error)})`}.`,
    projectionUnavailableType,
    { sqlstate: sqlstate ?? null },
  );
}

/** Runs a projection, turning whatever it throws into one of the two failures above. */
export async function classifyingProjectionErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw projectionFailure(error);
  }
}

function rejectionReason(error: unknown, sqlstate: string | undefined): ProjectionRejectionReason | undefined {
  if (sqlstate) {
    if (sqlstate === '22021' || sqlstate === '22P05' || sqlstate === '22P02') return 'invalid_text';
    if (sqlstate === '22007' || sqlstate === '22008') return 'invalid_date';
    if (sqlstate === '22001' || sqlstate.startsWith('54')) return 'value_too_large';
    // A unique or foreign-key violation can come from a race between two snapshots of one case written
    // at once (concurrent commands): a retry then finds the row and succeeds. Only constraints on the
    // value itself (not null, check) are refused for good.
    if (sqlstate === '23505' || sqlstate === '23503' || sqlstate === '23P01') return undefined;
    if (sqlstate.startsWith('23')) return 'constraint';
    if (sqlstate.startsWith('22')) return 'invalid_value';
    return undefined;
  }
  // A date the driver cannot even serialise (new Date('0000-13-01').toISOString()) fails before PostgreSQL.
  if (causes(error).some((cause) => cause instanceof RangeError)) return 'invalid_value';
  return undefined;
}

/** The SQLSTATE of a postgres.js error, also when drizzle wraps it (DrizzleQueryError's cause). */
function sqlstateOf(error: unknown): string | undefined {
  for (const cause of causes(error)) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9][0-9A-Z]{4}$/.test(code)) return code;
  }
  return undefined;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current instanceof Error && chain.length < 5) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
