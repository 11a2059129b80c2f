import type { Hook, OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { errorResponse, validationError } from './errors.ts';

export const errorBodySchema = z
  .object({
    code: z.string().openapi({ example: 'referral.already_closed' }),
    message: z.string().openapi({ example: 'Cette demande est close : elle ne peut plus être modifiée.' }),
    details: z.unknown().optional(),
    requestId: z.string().optional().openapi({ description: 'Référence à citer au support (erreurs inattendues)' }),
  })
  .openapi('Error');

/** A refusal an operation declares: its description, in the one error shape. */
export function refusal(description: string) {
  return { description, content: { 'application/json': { schema: errorBodySchema } } };
}

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Invalid input gets the one error shape, with each problem's path and French message. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (!result.success) return errorResponse(c, validationError(result.error));
};

/**
 * Statuses any operation may answer whatever it does: the edges (api/edges.ts: unreadable JSON,
 * body, URL and header sizes, content type, origin; throttling), the session and rights checks
 * that run before the handler, the catalogue's generic refusals, and the platform's own failures.
 * An operation's own declaration of one of them (a more precise description) wins.
 */
export const commonErrorStatuses = {
  400: 'Requête illisible (JSON invalide)',
  401: 'Non authentifié, ou identifiants refusés',
  403: 'Action non autorisée',
  404: 'Ressource introuvable',
  409: 'Impossible dans l’état actuel',
  413: 'Corps de la requête trop volumineux',
  414: 'Adresse trop longue',
  415: 'Type de contenu non accepté (JSON attendu)',
  422: 'Données invalides',
  429: 'Trop de requêtes (en-tête Retry-After)',
  431: 'En-têtes de la requête trop volumineux',
  500: 'Erreur inattendue (référence dans `requestId`)',
  503: 'Service momentanément indisponible',
} as const;

const errorContent = { 'application/json': { schema: errorBodySchema } };

/**
 * Declares `commonErrorStatuses` on every operation registered so far on `app`, from one place:
 * call it once all routes are mounted, before the document is served.
 */
export function declareCommonErrors(app: OpenAPIHono<AppEnv>): void {
  const common = Object.fromEntries(
    Object.entries(commonErrorStatuses).map(([status, description]) => [
      status,
      { description, content: errorContent },
    ]),
  );
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    // A new object: sub-apps share theirs with the copies registered here.
    definition.route.responses = { ...common, ...definition.route.responses };
  }
}
