import { z } from 'zod';
import { facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { facilityIdsSchema, plausibleDossierSchema, taskIdSchema } from '../../domain/referral/commands.ts';
import { facilityTaskStatuses } from '../../domain/referral/facility-task.ts';
import { patientIdentitySchema } from '../../domain/referral/patient.ts';
import { referralStatuses } from '../../domain/referral/state.ts';
import { freeText } from '../../domain/vocabulary.ts';

/** Every input of the referral API, validated at the edge; the OpenAPI document is built from these. */
export const createReferralBody = z.object({
  kind: z.enum(facilityKindValues, { message: 'Type de prise en charge inconnu.' }),
  patient: patientIdentitySchema,
  // Its wished entry day is not past (domain/referral/entry-dates.ts).
  dossier: plausibleDossierSchema.optional(),
  facilityIds: facilityIdsSchema,
  secondWave: z
    .object({
      facilityIds: facilityIdsSchema,
      afterDays: z.number().int().min(1, 'Un jour au moins.').max(90, '90 jours au plus.').optional(),
    })
    .optional(),
  /** Send at once (default), or keep as a draft to complete later. */
  send: z.boolean().default(true),
  /** The requester saw the possible duplicates and wants a new case all the same. */
  confirmNotDuplicate: z.boolean().default(false),
});

export const referralParams = z.object({ id: z.uuid({ message: 'Identifiant de demande invalide.' }) });
export const taskParams = referralParams.extend({ taskId: taskIdSchema });
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
