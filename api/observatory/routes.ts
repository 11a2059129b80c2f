import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import { observatoryAccess } from '../../domain/referral/observatory-access.ts';
import { calendarDate } from '../../domain/vocabulary.ts';
import { observatoryFigures } from '../../services/observatory/facility-figures.ts';
import { pcoFigures } from '../../services/observatory/pco-figures.ts';
import { observatoryScopes } from '../../services/observatory/scope.ts';
import type { ApiDependencies } from '../dependencies.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { refusal, validationHook } from '../openapi.ts';

const tag = 'Observatoire';

const departementCode = /^(?:\d{2}|2A|2B|97\d)$/;

const querySchema = z.object({
  departement: z
    .string()
    .transform((value) =>
      value
        .split(/[\s,;]+/)
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(departementCode, 'Un département s’écrit avec son numéro : 69, 2A, 974…')))
    .optional()
    .openapi({
      description:
        'Départements séparés par des virgules (« 69,33 ») ; absent : tout le territoire du lecteur. Un département hors du territoire d’un coordinateur est ignoré.',
      example: '69',
    }),
  du: calendarDate.optional().openapi({ description: 'Premier jour (Paris) ; absent : 364 jours avant `au`.' }),
  au: calendarDate.optional().openapi({ description: 'Dernier jour (Paris), inclus ; absent : aujourd’hui.' }),
  type: z.enum(facilityKindValues, { error: 'Ce type d’établissement n’existe pas.' }).optional(),
});

const refusalReasonCounts = z.record(z.string(), z.number().int());
const facilityRow = z
  .object({
    kind: z.enum(facilityKindValues),
    facility: z.object({ id: z.uuid(), name: z.string(), departement: z.string() }).optional(),
    received: z.number().int(),
    answered: z.number().int(),
    accepted: z.number().int(),
    refused: z.number().int(),
    waitlisted: z.number().int(),
    admitted: z.number().int(),
    waiting: z.number().int(),
    stalled: z.number().int(),
    medianAnswerHours: z.number().nullable(),
    p90AnswerHours: z.number().nullable(),
    medianAdmissionHours: z.number().nullable(),
    refusalReasons: refusalReasonCounts,
  })
  .openapi('ObservatoryFacilityRow');
const milestone = z
  .object({ due: z.number().int(), withinDelay: z.number().int(), late: z.number().int() })
  .openapi('PcoMilestone');
const pcoRow = z
  .object({
    departement: z.string().optional(),
    orientations: z.number().int(),
    validated: z.number().int(),
    refused: z.number().int(),
    closed: z.number().int(),
    stalled: z.number().int(),
    validation: milestone,
    firstAssessment: milestone,
    synthesis: milestone,
  })
  .openapi('ObservatoryPcoRow');
const responseSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    departements: z.array(z.string()).openapi({ description: 'Départements comptés ; vide : tous.' }),
    kinds: z
      .array(facilityRow)
      .openapi({ description: 'Une ligne par type d’établissement (vide pour un établissement).' }),
    facilities: z.array(facilityRow),
    pco: z
      .object({ total: pcoRow, departements: z.array(pcoRow) })
      .nullable()
      .openapi({ description: 'Orientations PCO TND du territoire ; null pour un responsable d’établissement.' }),
  })
  .openapi('Observatory');

/** The observatory's figures as JSON: the page's numbers, under the same access rules. */
export function observatoryRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/observatory',
      summary:
        'Chiffres de l’observatoire : demandes reçues par type d’établissement et par établissement, orientations PCO TND',
      description:
        'Calculés sur la base de lecture. Un coordinateur lit son territoire, un administrateur tous les départements, un responsable d’établissement les lignes de ses établissements seulement. Comptes et taux seulement : aucune personne.',
      tags: [tag],
      request: { query: querySchema },
      responses: {
        200: { description: 'Chiffres de la période', content: { 'application/json': { schema: responseSchema } } },
        401: refusal('Non authentifié'),
        403: refusal(
          'Réservé aux coordinateurs, administrateurs et responsables d’établissement (observatory.forbidden)',
        ),
        422: refusal('Filtres invalides, ou période à l’envers (observatory.invalid_period)'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const access = observatoryAccess(actor);
      if (!access) throw new AppError('observatory.forbidden');
      const query = c.req.valid('query');
      const today = todayInParis();
      const to = query.au ?? today;
      const from = query.du ?? shiftDay(to, -364);
      if (from > to) throw new AppError('observatory.invalid_period');
      const scopes = observatoryScopes(
        access,
        { departements: query.departement ?? [], from, to, kind: query.type },
        today,
      );
      const figures = await observatoryFigures(deps.db, scopes.facilities);
      const pco = scopes.pco ? await pcoFigures(deps.db, scopes.pco) : null;
      return c.json(
        {
          period: { from, to },
          departements: scopes.departements,
          kinds: access.kind === 'facilities' ? [] : figures.kinds,
          facilities: figures.facilities,
          pco,
        },
        200,
      );
    },
  );
  return app;
}
