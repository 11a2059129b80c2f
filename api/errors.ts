import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, errorCatalogue } from '../domain/errors.ts';
import { logger } from '../services/observability/logger.ts';

/** The one shape of every refusal the API gives. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export function errorResponse(c: Context, error: AppError): Response {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  return c.json(body, error.status as ContentfulStatusCode);
}

export function validationError(error: ZodError): AppError {
  return new AppError(
    'request.invalid',
    undefined,
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** Turns anything thrown into a clear answer; unknown errors are logged with an id and never shown. */
export function toAppError(error: unknown): AppError | { unexpected: true; requestId: string } {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException && error.status === 400) {
    return new AppError(/json/i.test(error.message) ? 'request.malformed_json' : 'request.invalid');
  }
  // Hono's own refusals (middleware that throw before our edges could answer) keep their meaning.
  if (error instanceof HTTPException && error.status === 413) return new AppError('request.too_large');
  if (error instanceof HTTPException && error.status === 415) return new AppError('request.unsupported_media_type');
  const requestId = randomUUID();
  logUnexpected(error, requestId);
  return { unexpected: true, requestId };
}

/** One log line per unexpected error, with the id a person can quote (and the request's correlation id). */
export function logUnexpected(error: unknown, requestId: string): void {
  logger().error({ err: error, reference: requestId }, 'Erreur inattendue');
}

export function unexpectedBody(requestId: string): ErrorBody {
  return { code: 'internal.unexpected', message: errorCatalogue['internal.unexpected'].message, requestId };
}
