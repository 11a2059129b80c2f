import { z } from 'zod';
import { facilityKindValues } from '../../domain/facility-kinds.ts';
import { isoDate, patientIdentitySchema } from '../../domain/patient.ts';
import { refusalReasonValues } from '../../domain/refusal-reasons.ts';

const comment = z.string().trim().max(2000, '2000 caractères au plus.');

export const createReferralBody = z.object({
  kind: z.enum(facilityKindValues, { message: 'Type de prise en charge inconnu.' }),
  patient: patientIdentitySchema,
  facilityIds: z
    .array(z.uuid({ message: 'Identifiant d’établissement invalide.' }))
    .min(1, 'Choisissez au moins un établissement.')
    .max(30, '30 établissements au plus par envoi.'),
});

export const acceptBody = z.object({
  proposedEntryDate: isoDate,
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

export const chooseBody = z.object({ taskId: z.uuid({ message: 'Identifiant de demande invalide.' }) });

export const cancelBody = z.object({
  reason: z.string().trim().min(3, 'Indiquez le motif de l’annulation.').max(500, '500 caractères au plus.'),
});

export const referralParams = z.object({ id: z.uuid({ message: 'Identifiant de demande invalide.' }) });
export const taskParams = referralParams.extend({ taskId: z.uuid({ message: 'Identifiant de demande invalide.' }) });

export type CreateReferralBody = z.infer<typeof createReferralBody>;
