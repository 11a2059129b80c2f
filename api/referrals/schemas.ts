import { z } from 'zod';
import { facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { draftDossierSchema } from '../../domain/referral/dossier.ts';
import { facilityTaskStatuses } from '../../domain/referral/facility-task.ts';
import { referralTexts } from '../../domain/referral/inputs.ts';
import { patientIdentitySchema } from '../../domain/referral/patient.ts';
import { refusalReasonValues } from '../../domain/referral/refusal-reasons.ts';
import { referralStatuses } from '../../domain/referral/state.ts';
import { entryDate, freeText } from '../../domain/vocabulary.ts';

/** Every input of the referral API, validated at the edge; the OpenAPI document is built from these. */
const comment = referralTexts.comment;
const facilityIds = z
  .array(z.uuid({ message: 'Identifiant d’établissement invalide.' }))
  .min(1, 'Choisissez au moins un établissement.')
  .max(30, '30 établissements au plus par envoi.');
const taskId = z.uuid({ message: 'Identifiant de demande invalide.' });

export const createReferralBody = z.object({
  kind: z.enum(facilityKindValues, { message: 'Type de prise en charge inconnu.' }),
  patient: patientIdentitySchema,
  dossier: draftDossierSchema.optional(),
  facilityIds,
  secondWave: z
    .object({
      facilityIds,
      afterDays: z.number().int().min(1, 'Un jour au moins.').max(90, '90 jours au plus.').optional(),
    })
    .optional(),
  /** Send at once (default), or keep as a draft to complete later. */
  send: z.boolean().default(true),
  /** The requester saw the possible duplicates and wants a new case all the same. */
  confirmNotDuplicate: z.boolean().default(false),
});

export const updateDossierBody = z.object({ dossier: draftDossierSchema });
export const addFacilitiesBody = z.object({ facilityIds, wave: z.union([z.literal(1), z.literal(2)]).default(1) });
export const acceptBody = z.object({
  proposedEntryDate: entryDate,
  placeHeldUntil: entryDate.optional(),
  comment: comment.optional(),
});
export const refuseBody = z
  .object({
    reasonCode: z.enum(refusalReasonValues, { message: 'Motif de refus inconnu.' }),
    comment: comment.optional(),
  })
  .refine((body) => body.reasonCode !== 'other' || (body.comment ?? '').length > 0, {
    message: 'Précisez le motif de refus.',
    path: ['comment'],
  });
export const waitlistBody = z.object({ comment: comment.optional() });
export const requestInfoBody = z.object({
  question: referralTexts.question,
});
export const answerInfoBody = z.object({
  answer: referralTexts.answer,
});
export const admissionImpossibleBody = z.object({
  reason: referralTexts.admissionImpossibleReason,
});
export const chooseBody = z.object({ taskId });
export const cancelBody = z.object({
  reason: referralTexts.cancellationReason,
});
export const emptyBody = z.object({}).default({});

export const referralParams = z.object({ id: z.uuid({ message: 'Identifiant de demande invalide.' }) });
export const taskParams = referralParams.extend({ taskId });
// Versions are PostgreSQL integers: a larger number is no version rather than an overflow.
export const dossierQuery = z.object({
  version: z.coerce
    .number({ message: 'Numéro de version attendu.' })
    .int('Numéro de version attendu.')
    .min(1, 'Numéro de version attendu.')
    .max(2_147_483_647, 'Numéro de version attendu.')
    .optional(),
});

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
export const referralListQuery = z.object({
  status: z.enum(Object.keys(referralStatuses) as [keyof typeof referralStatuses]).optional(),
  kind: z.enum(facilityKindValues).optional(),
  stalled: flag.optional(),
  q: freeText(100).optional(),
});
export const inboxQuery = z.object({
  status: z.enum(Object.keys(facilityTaskStatuses) as [keyof typeof facilityTaskStatuses]).optional(),
  stalled: flag.optional(),
});

export type CreateReferralBody = z.infer<typeof createReferralBody>;
export type ReferralListQuery = z.infer<typeof referralListQuery>;
export type InboxQuery = z.infer<typeof inboxQuery>;
