import type { Hook } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { errorResponse, validationError } from './errors.ts';

export const errorBodySchema = z
  .object({
    code: z.string().openapi({ example: 'referral.already_closed' }),
    message: z.string().openapi({ example: 'Cette demande est close : elle ne peut plus être modifiée.' }),
    details: z.unknown().optional(),
  })
  .openapi('Error');

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Invalid input gets the one error shape, with each problem's path and French message. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (!result.success) return errorResponse(c, validationError(result.error));
};
