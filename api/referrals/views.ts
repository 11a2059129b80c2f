import { z } from '@hono/zod-openapi';
import { facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { type FacilityTaskStatus, facilityTaskStatuses } from '../../domain/referral/facility-task.ts';
import { refusalReasonValues } from '../../domain/referral/refusal-reasons.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';
import { type ReferralEventType, type ReferralStatus, referralStatuses } from '../../domain/referral/state.ts';
import { referralEventLabels } from '../../domain/referral/timeline.ts';

/** What the API returns about referrals: the OpenAPI source and the TypeScript type at once. */
const keysOf = <T extends Record<string, unknown>>(record: T) =>
  Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];

const taskStatus = z.enum(keysOf(facilityTaskStatuses) as [FacilityTaskStatus, ...FacilityTaskStatus[]]);
const referralStatus = z.enum(keysOf(referralStatuses) as [ReferralStatus, ...ReferralStatus[]]);

export const stalledMarkSchema = z
  .object({
    reason: z.enum(keysOf(stalledReasons) as [StalledReason, ...StalledReason[]]),
    label: z.string(),
    party: z.enum(['facility', 'requester', 'physician']),
    partyLabel: z.string(),
    taskId: z.string().nullable(),
    since: z.string(),
  })
  .openapi('StalledMark');

export const facilityTaskViewSchema = z
  .object({
    id: z.uuid(),
    facility: z.object({ id: z.uuid(), name: z.string(), commune: z.string(), isDemo: z.boolean() }),
    wave: z.number().int(),
    status: taskStatus,
    statusLabel: z.string(),
    sentAt: z.string().nullable(),
    readAt: z.string().nullable(),
    infoRequest: z
      .object({
        question: z.string(),
        askedAt: z.string(),
        answer: z.string().nullable(),
        answeredAt: z.string().nullable(),
      })
      .nullable(),
    acceptedAt: z.string().nullable(),
    proposedEntryDate: z.string().nullable(),
    acceptanceComment: z.string().nullable().openapi({ description: 'Commentaire de l’établissement avec son accord' }),
    actualEntryDate: z
      .string()
      .nullable()
      .openapi({ description: 'Date d’entrée effective enregistrée à la confirmation de l’admission' }),
    placeHeldUntil: z.string().nullable(),
    placeReleasedAt: z.string().nullable(),
    refusal: z
      .object({ reasonCode: z.enum(refusalReasonValues), reasonLabel: z.string(), comment: z.string().nullable() })
      .nullable(),
    cancellationReason: z.string().nullable(),
    admissionImpossibleReason: z.string().nullable(),
    answeredDossierVersion: z.number().int().nullable(),
    remindedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('FacilityTask');

export const referralDetailSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(facilityKindValues),
    kindLabel: z.string(),
    dossierNumber: z
      .string()
      .nullable()
      .openapi({ description: 'Numéro de dossier d’une demande faite par la famille (P-2026-000123)' }),
    origin: z.enum(['professional', 'family']),
    assistance: z
      .object({
        professional: z.object({ id: z.uuid(), displayName: z.string() }),
        consent: z.object({
          givenBy: z.string(),
          givenOn: z.string(),
          how: z.enum(['oral', 'written']),
          howLabel: z.string(),
        }),
        keptByReferent: z.boolean(),
        endedAt: z.string().nullable(),
      })
      .nullable()
      .openapi({
        description:
          'Demande créée par un professionnel pour la personne : le consentement recueilli (qui, quel jour, comment) et la fin de son accès ; pour les référents et ce professionnel',
      }),
    status: referralStatus,
    statusLabel: z.string(),
    version: z.number().int().openapi({ description: 'Numéro du dernier événement de la demande' }),
    patient: z.object({ lastName: z.string(), firstName: z.string(), birthDate: z.string(), sex: z.string() }),
    requester: z.object({ id: z.uuid(), displayName: z.string() }),
    dossier: z.object({
      version: z.number().int(),
      missingParts: z.array(z.object({ path: z.string(), label: z.string() })),
      gir: z.number().int().nullable(),
    }),
    stalled: z.array(stalledMarkSchema),
    nextDeadlineAt: z.string().nullable(),
    nextDeadlineLabel: z.string().nullable(),
    secondWave: z.object({ afterDays: z.number().int(), sendAt: z.string().nullable() }).nullable().openapi({
      description: 'Deuxième vague prévue : délai après l’envoi, et date d’envoi tant qu’elle n’est pas partie',
    }),
    secondWaveSendAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
    cancellationReason: z.string().nullable(),
    tasks: z.array(facilityTaskViewSchema),
    coordination: z
      .object({
        departement: z.string().nullable(),
        takenInChargeUntil: z.string().nullable(),
        takenInChargeBy: z.string().nullable(),
        remindedOn: z.string().nullable(),
        suggestions: z.array(z.object({ facilityId: z.uuid(), facilityName: z.string() })),
        journal: z.array(
          z.object({
            seq: z.number().int(),
            type: z.enum(keysOf(referralEventLabels) as [ReferralEventType, ...ReferralEventType[]]),
            label: z.string(),
            authorName: z.string().nullable(),
            text: z.string().nullable(),
            data: z.record(z.string(), z.string()),
            at: z.string(),
          }),
        ),
      })
      .nullable()
      .openapi({
        description:
          'Suivi de la coordination : complet pour les coordinateurs du territoire (notes comprises) ; pour le demandeur, les établissements suggérés seulement ; absent pour les établissements',
      }),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        // 'message.failed': a message of this event that could not be delivered (api/notifications/deliveries.ts).
        type: z.enum(['message.failed', ...(keysOf(referralEventLabels) as ReferralEventType[])] as [
          'message.failed',
          ...ReferralEventType[],
        ]),
        label: z.string(),
        taskId: z.string().nullable(),
        data: z.record(z.string(), z.string()),
        at: z.string(),
      }),
    ),
  })
  .openapi('ReferralDetail');

export const referralSummarySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(facilityKindValues),
    kindLabel: z.string(),
    status: referralStatus,
    statusLabel: z.string(),
    stalled: z.boolean(),
    patientName: z.string(),
    patientBirthDate: z.string(),
    nextDeadlineAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('ReferralSummary');

export const inboxItemSchema = z
  .object({
    taskId: z.uuid(),
    referralId: z.uuid(),
    facilityName: z.string(),
    kindLabel: z.string(),
    status: taskStatus,
    statusLabel: z.string(),
    stalled: z.boolean(),
    patientName: z.string(),
    sentAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('InboxItem');

export const dossierViewSchema = z
  .object({
    version: z.number().int(),
    content: z.record(z.string(), z.unknown()),
    medicalPartVisible: z.boolean(),
    autonomyPartVisible: z.boolean(),
    parts: z
      .array(
        z.object({
          part: z.enum(['administrative', 'autonomy', 'medical']),
          label: z.string(),
          visible: z.boolean(),
          version: z.number().int().openapi({
            description: 'Version du dossier où ce volet a changé pour la dernière fois (0 : jamais rempli)',
          }),
        }),
      )
      .openapi({ description: 'Les volets du dossier, chacun avec sa version et ce que la personne peut en lire' }),
    createdAt: z.string().nullable(),
  })
  .openapi('Dossier');

export type ReferralDetail = z.infer<typeof referralDetailSchema>;
export type FacilityTaskView = z.infer<typeof facilityTaskViewSchema>;
export type ReferralSummary = z.infer<typeof referralSummarySchema>;
export type InboxItem = z.infer<typeof inboxItemSchema>;
export type DossierView = z.infer<typeof dossierViewSchema>;
