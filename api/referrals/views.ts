import { z } from '@hono/zod-openapi';
import { facilityKindValues } from '../../domain/facility-kinds.ts';
import { type FacilityTaskStatus, facilityTaskStatuses } from '../../domain/facility-task.ts';
import { type ReferralEventType, type ReferralStatus, referralStatuses } from '../../domain/referral-state.ts';
import { refusalReasonValues } from '../../domain/refusal-reasons.ts';
import { referralEventLabels } from '../../domain/timeline.ts';

/** What the API returns about referrals: the OpenAPI source and the TypeScript type at once. */
const keysOf = <T extends Record<string, unknown>>(record: T) =>
  Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];

export const facilityTaskViewSchema = z
  .object({
    id: z.uuid(),
    facility: z.object({ id: z.uuid(), name: z.string(), commune: z.string(), isDemo: z.boolean() }),
    status: z.enum(keysOf(facilityTaskStatuses) as [FacilityTaskStatus, ...FacilityTaskStatus[]]),
    statusLabel: z.string(),
    proposedEntryDate: z.string().nullable(),
    refusal: z
      .object({ reasonCode: z.enum(refusalReasonValues), reasonLabel: z.string(), comment: z.string().nullable() })
      .nullable(),
    cancellationReason: z.string().nullable(),
    sentAt: z.string().nullable(),
    remindedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('FacilityTask');

export const referralDetailSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(facilityKindValues),
    kindLabel: z.string(),
    status: z.enum(keysOf(referralStatuses) as [ReferralStatus, ...ReferralStatus[]]),
    statusLabel: z.string(),
    version: z.number().int().openapi({ description: 'Numéro du dernier événement de la demande' }),
    patient: z.object({ lastName: z.string(), firstName: z.string(), birthDate: z.string(), sex: z.string() }),
    requester: z.object({ id: z.uuid(), displayName: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
    cancellationReason: z.string().nullable(),
    tasks: z.array(facilityTaskViewSchema),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        type: z.enum(keysOf(referralEventLabels) as [ReferralEventType, ...ReferralEventType[]]),
        label: z.string(),
        taskId: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('ReferralDetail');

export const referralSummarySchema = z
  .object({
    id: z.uuid(),
    kindLabel: z.string(),
    status: referralDetailSchema.shape.status,
    statusLabel: z.string(),
    patientName: z.string(),
    patientBirthDate: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ReferralSummary');

export const inboxItemSchema = z
  .object({
    taskId: z.uuid(),
    referralId: z.uuid(),
    facilityName: z.string(),
    kindLabel: z.string(),
    status: facilityTaskViewSchema.shape.status,
    statusLabel: z.string(),
    patientName: z.string(),
    sentAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('InboxItem');

export type ReferralDetail = z.infer<typeof referralDetailSchema>;
export type FacilityTaskView = z.infer<typeof facilityTaskViewSchema>;
export type ReferralSummary = z.infer<typeof referralSummarySchema>;
export type InboxItem = z.infer<typeof inboxItemSchema>;
