import { z } from 'zod';
import { patientIdentitySchema } from '../../domain/referral/patient.ts';
import { birthDate, calendarDate, freeText, personName } from '../../domain/vocabulary.ts';

/** Inputs of the PCO API, validated at the edge. */

export const screeningAnswersSchema = z.object({
  checkedItems: z.array(freeText(40)).max(100).default([]),
  generalSigns: z.array(freeText(40)).max(20).default([]),
});

export const evaluateScreeningBody = z.object({
  birthDate,
  /** Date of the examination; today when absent. */
  screeningDate: calendarDate.optional(),
  answers: screeningAnswersSchema,
});

export const gridQuery = z.object({ birthDate, screeningDate: calendarDate.optional() });

export const createOrientationBody = z.object({
  child: patientIdentitySchema.required({ departement: true }),
  screening: screeningAnswersSchema,
  /** The physician's own clinical judgement: the grid only suggests. */
  unusualDevelopmentConfirmed: z.boolean(),
  hasMdphRights: z.boolean({ message: 'Indiquez si l’enfant a des droits ouverts à la MDPH.' }),
  hasEsmsSupport: z.boolean({ message: 'Indiquez si l’enfant est accompagné par un ESMS.' }),
  family: z.object({
    contactName: personName(200, 'Nom du parent ou représentant légal'),
    relationship: freeText(100).min(1, 'Lien avec l’enfant requis.'),
    phone: freeText(30).optional(),
    email: z.email({ message: 'Adresse e-mail invalide.' }).optional(),
    consent: z.boolean(),
  }),
});

export const platformBody = z.object({
  name: freeText(200).min(3, 'Nom de la plateforme : 3 caractères au moins.'),
  departement: patientIdentitySchema.shape.departement.unwrap(),
  ageRange: z.enum(['0-6', '7-12']),
  email: z.email({ message: 'Adresse e-mail invalide.' }),
  phone: freeText(30).optional(),
  finess: z
    .string()
    .regex(/^[0-9AB]{9}$/, 'Numéro FINESS invalide.')
    .optional(),
});

export const orientationParams = z.object({ id: z.uuid({ message: 'Identifiant d’orientation invalide.' }) });

export type CreateOrientationBody = z.infer<typeof createOrientationBody>;
