import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../domain/errors.ts';
import { canManagePersonData } from '../../domain/retention.ts';
import { birthDate, personName } from '../../domain/vocabulary.ts';
import { appendAudit } from '../../services/identity/audit.ts';
import { erasePersonData, exportPersonData, type RecordAudit } from '../../services/retention/person-data.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { errorBodySchema, jsonBody, validationHook } from '../openapi.ts';

const tag = 'Administration';
const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBodySchema } },
});
// In the body, never in the address: a person's identity stays out of URLs and logs.
const personBody = z.object({ lastName: personName(100), firstName: personName(100), birthDate });

/** A person's rights (access, erasure), exercised for them by an administrator; each act is journaled. */
export function personDataRoutes(deps: { db: Database }) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const act of ['export', 'erase'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/administration/persons/${act}`,
        summary:
          act === 'export'
            ? 'Exporter les données d’une personne (droit d’accès, JSON ; administrateurs)'
            : 'Effacer les données d’une personne, dossiers clos seulement (droit à l’effacement ; administrateurs)',
        tags: [tag],
        request: { body: jsonBody(personBody) },
        responses: {
          200: {
            description:
              act === 'export' ? 'Toutes les données de la personne' : 'Dossiers effacés et dossiers conservés',
            content: { 'application/json': { schema: z.object({}).passthrough() } },
          },
          401: refusal('Non authentifié'),
          403: refusal('Réservé aux administrateurs'),
          404: refusal('Aucun dossier pour cette personne'),
        },
      }),
      async (c) => {
        const actor = requireActor(c.get('actor'));
        if (!canManagePersonData(actor)) throw new AppError('auth.forbidden');
        const audit: RecordAudit = (entry) =>
          appendAudit(deps.db, {
            event: entry.event,
            userId: actor.id,
            ip: c.get('clientIp'),
            details: entry.details,
          });
        const person = c.req.valid('json');
        const result =
          act === 'export'
            ? await exportPersonData(deps.db, person, audit)
            : await erasePersonData(deps.db, person, audit);
        return c.json(result as Record<string, unknown>, 200);
      },
    );
  }
  return app;
}
