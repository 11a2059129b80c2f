import type { Context } from 'hono';
import type { ZodError, ZodType, z } from 'zod';
import { validationError } from '../../api/errors.ts';

/** A submitted HTML form, read as text only (files are not expected by any page). */
export interface SubmittedForm {
  text(name: string): string;
  texts(name: string): string[];
}

export async function readForm(c: Context): Promise<SubmittedForm> {
  const body = await c.req.parseBody({ all: true });
  const texts = (name: string) => {
    const value = body[name];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return values.filter((item): item is string => typeof item === 'string');
  };
  return { texts, text: (name) => texts(name)[0] ?? '' };
}

/** A form's fields read as the JSON API reads its body: the same schema, the same refusal (`request.invalid`). */
export function validInput<S extends ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Absent optional fields arrive as empty strings; the schemas expect them left out. */
export function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Field name (dotted path) → first message, to show each error next to its field. */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    // `facilityIds.3` is reported on the whole checkbox list.
    const key = issue.path.filter((part) => typeof part === 'string').join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** An empty required field is simply missing: say so, rather than quote the expected format. */
export function reportMissing(
  errors: FieldErrors,
  checks: readonly (readonly [path: string, value: string | undefined, message: string])[],
): FieldErrors {
  const result = { ...errors };
  for (const [path, value, message] of checks) {
    if (result[path] && (value ?? '').trim() === '') result[path] = message;
  }
  return result;
}
