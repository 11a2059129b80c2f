import { ApplicationFailure } from '@temporalio/common';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { projectionFailure } from '../../activities/projection-errors.ts';

/** What postgres.js throws: the SQLSTATE in `code`, the refused value quoted in the message. */
function postgresError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'PostgresError', code });
}

/** As drizzle wraps it: the query and its parameters (health data) in the message. */
function wrapped(cause: Error): Error {
  return new DrizzleQueryError('insert into "referrals" values ($1, $2)', ['Du\u0000pont', '0000-01-01'], cause);
}

describe('a projection’s failure', () => {
  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00', 'invalid_text'],
    ['22P05', 'unsupported Unicode escape sequence', 'invalid_text'],
    ['22008', 'date/time field value out of range: "0000-01-01"', 'invalid_date'],
    ['23514', 'new row violates check constraint', 'constraint'],
    ['23502', 'null value in column violates not-null constraint', 'constraint'],
    ['22003', 'numeric field overflow', 'invalid_value'],
    ['54000', 'index row size exceeds maximum', 'value_too_large'],
  ])('SQLSTATE %s is refused for good, without the value', (sqlstate, message, reason) => {
    const failure = projectionFailure(wrapped(postgresError(sqlstate, message)));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect([failure.type, failure.nonRetryable, failure.details]).toEqual([
      'ProjectionRejected',
      true,
      [{ reason, sqlstate }],
    ]);
    expect(failure.message).not.toMatch(/0000|pont|insert|out of range|0x00/);
    expect(failure.cause).toBeUndefined();
  });

  it.each([
    ['08006', 'connection failure'],
    ['40001', 'could not serialize access'],
    // Two snapshots of one case written at once (concurrent commands): the retry finds the row.
    ['23505', 'duplicate key value violates unique constraint'],
    ['23503', 'insert or update violates foreign key constraint'],
    ['57P01', 'terminating connection due to administrator command'],
  ])('SQLSTATE %s is retried (within the workflow’s bounds)', (sqlstate, message) => {
    const failure = projectionFailure(wrapped(postgresError(sqlstate, message)));
    expect([failure.type, failure.nonRetryable]).toEqual(['ProjectionUnavailable', false]);
    expect(failure.message).not.toMatch(/pont|insert/);
  });

  it('a lost connection without SQLSTATE is retried, and a date the driver cannot write is refused', () => {
    expect(
      projectionFailure(Object.assign(new Error('write CONNECT_TIMEOUT'), { code: 'CONNECT_TIMEOUT' })).nonRetryable,
    ).toBe(false);
    expect(projectionFailure(new RangeError('Invalid time value')).type).toBe('ProjectionRejected');
  });
});
