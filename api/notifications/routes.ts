import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../domain/errors.ts';
import { notificationModes, settableCategories } from '../../domain/messages/preferences.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { jsonBody, refusal, validationHook } from '../openapi.ts';
import { loadCaseDeliveries } from './deliveries.ts';
import { loadPreferences, saveFacilityDigest, savePreferences } from './preferences.ts';
import { handleResendWebhook } from './provider-webhooks.ts';

export interface NotificationRouteDependencies {
  db: Database;
  /** Signing secret of Resend's webhook; the endpoint answers 404 without it. */
  resendWebhookSecret?: string | undefined;
}

const tag = 'Notifications';
const modeEnum = z.enum(Object.keys(notificationModes) as [keyof typeof notificationModes]);

const deliverySchema = z
  .object({
    id: z.uuid(),
    template: z.string(),
    channel: z.string(),
    channelLabel: z.string(),
    recipient: z.string().openapi({ description: 'Établissement ou « Demandeur » (sans adresse)' }),
    status: z.string().openapi({ example: 'sent' }),
    statusLabel: z.string(),
    failureReason: z.string().nullable(),
    attempts: z.number().int(),
    provider: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    history: z.array(
      z.object({
        attempt: z.number().int(),
        outcome: z.string(),
        httpStatus: z.number().int().nullable(),
        error: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('MessageDelivery');

const preferencesSchema = z
  .object({
    phone: z.string().nullable().openapi({ description: 'Numéro du compte, en lecture seule (voir « Mon compte »)' }),
    phoneVerified: z.boolean().openapi({ description: 'Les SMS ne partent que vers un numéro vérifié' }),
    categories: z.array(
      z.object({
        category: z.string(),
        label: z.string(),
        mode: modeEnum,
        modeLabel: z.string(),
        smsFallsBackToEmail: z
          .boolean()
          .openapi({ description: 'SMS choisi mais aucun numéro vérifié : ces messages partent par e-mail' }),
      }),
    ),
    modes: z.array(z.object({ mode: modeEnum, label: z.string() })),
    facilities: z.array(
      z.object({ facilityId: z.uuid(), name: z.string(), dailyDigest: z.boolean(), canChange: z.boolean() }),
    ),
  })
  .openapi('NotificationPreferences');

const preferencesBody = z
  .object({
    // Kept in the schema only to refuse it with its own code: a typed number must never receive SMS.
    phone: z.unknown().optional().openapi({
      deprecated: true,
      description:
        'Refusé (422 `notifications.phone_in_account`) : le numéro se gère par `POST /api/account/phone`, vérifié par un code SMS.',
    }),
    modes: z.partialRecord(z.enum(settableCategories), modeEnum).optional(),
  })
  .strict()
  // An empty body is not "no change": it is a request that says nothing (and must not answer 200).
  .refine((body) => body.modes !== undefined || body.phone !== undefined, {
    path: ['modes'],
    message: 'Indiquez le mode choisi pour au moins une catégorie.',
  });

/** Delivery status per message of a case, notification preferences, provider webhooks. */
export function notificationRoutes(deps: NotificationRouteDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/referrals/{id}/messages',
      summary: 'Messages envoyés pour la demande et leur statut (envoyé, remis, échec avec motif)',
      tags: [tag],
      request: { params: z.object({ id: z.uuid() }) },
      responses: {
        200: {
          description: 'Messages, du plus ancien au plus récent, avec chaque tentative',
          content: { 'application/json': { schema: z.object({ items: z.array(deliverySchema) }) } },
        },
        401: refusal('Non authentifié'),
        404: refusal('Demande introuvable'),
      },
    }),
    async (c) =>
      c.json({ items: await loadCaseDeliveries(deps.db, requireActor(c.get('actor')), c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/notifications/preferences',
      summary: 'Mes préférences de notification',
      tags: [tag],
      responses: {
        200: { description: 'Préférences', content: { 'application/json': { schema: preferencesSchema } } },
        401: refusal('Non authentifié'),
      },
    }),
    async (c) => c.json(await loadPreferences(deps.db, requireActor(c.get('actor'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/notifications/preferences',
      summary: 'Choisir, par catégorie, e-mail, SMS, les deux ou seulement l’application',
      description: [
        'Les messages de sécurité (codes, réinitialisation) ignorent ces préférences.',
        'Le numéro de mobile ne se règle pas ici : un corps contenant `phone` est refusé (422 `notifications.phone_in_account`) ;',
        'il s’indique dans « Mon compte » (`POST /api/account/phone`) et n’est utilisé qu’une fois vérifié par un code SMS.',
        'Choisir `sms` ou `email_and_sms` sans numéro vérifié est refusé (409 `notifications.sms_needs_verified_phone`) ;',
        'un choix SMS antérieur reste enregistré mais ses messages partent par e-mail tant que le numéro n’est pas vérifié.',
        'La catégorie `coordination` (récapitulatif quotidien des dossiers en retard du territoire ; `in_app` l’arrête) est réservée aux coordinateurs (403 sinon).',
      ].join(' '),
      tags: [tag],
      request: { body: jsonBody(preferencesBody) },
      responses: {
        200: {
          description: 'Préférences enregistrées',
          content: { 'application/json': { schema: preferencesSchema } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Catégorie réservée aux coordinateurs (`coordination`)'),
        409: refusal('SMS choisi sans numéro de mobile vérifié'),
        422: refusal('Choix invalide, ou numéro de téléphone envoyé ici plutôt que dans « Mon compte »'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const actor = requireActor(c.get('actor'));
      if ('phone' in body) throw new AppError('notifications.phone_in_account');
      return c.json(await savePreferences(deps.db, actor, body.modes ? { modes: body.modes } : {}), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/notifications/facilities/{facilityId}/digest',
      summary: 'Récapitulatif quotidien pour un établissement (au lieu d’un message par événement)',
      tags: [tag],
      request: {
        params: z.object({ facilityId: z.uuid() }),
        body: jsonBody(z.object({ dailyDigest: z.boolean() }).strict()),
      },
      responses: {
        200: {
          description: 'Réglage enregistré',
          content: { 'application/json': { schema: z.object({ facilityId: z.uuid(), dailyDigest: z.boolean() }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé au responsable de l’établissement'),
      },
    }),
    async (c) =>
      c.json(
        await saveFacilityDigest(
          deps.db,
          requireActor(c.get('actor')),
          c.req.valid('param').facilityId,
          c.req.valid('json').dailyDigest,
        ),
        200,
      ),
  );

  // Signed by Resend; not part of the documented API.
  app.post('/webhooks/resend', async (c) => {
    if (!deps.resendWebhookSecret) {
      throw new AppError('request.not_found');
    }
    const outcome = await handleResendWebhook(deps.db, deps.resendWebhookSecret, await c.req.text(), {
      id: c.req.header('webhook-id') ?? c.req.header('svix-id'),
      timestamp: c.req.header('webhook-timestamp') ?? c.req.header('svix-timestamp'),
      signature: c.req.header('webhook-signature') ?? c.req.header('svix-signature'),
    });
    if (!outcome.ok) return c.json({ code: 'webhook.invalid_signature', message: 'Signature invalide.' }, 401);
    return c.json({ updated: outcome.updated }, 200);
  });

  return app;
}
