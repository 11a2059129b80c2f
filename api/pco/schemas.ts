import { z } from 'zod';
import { pcoTexts } from '../../domain/pco/inputs.ts';
import {
  type PcoOutcome,
  type PcoRefusalReason,
  type PcoSetting,
  pcoOutcomes,
  pcoRefusalReasons,
  pcoSettings,
} from '../../domain/pco/orientation-state.ts';
import { type CareProfession, careProfessions } from '../../domain/pco/package.ts';
import { patientIdentitySchema } from '../../domain/referral/patient.ts';
import { birthDate, calendarDate, freeText, personName } from '../../domain/vocabulary.ts';

/** Inputs of the PCO API, validated at the edge. */
const keys = <T extends string>(record: Record<T, string>) => Object.keys(record) as [T, ...T[]];
const profession = z.enum(keys<CareProfession>(careProfessions), { message: 'Profession inconnue.' });

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

export const validateBody = z.object({
  setting: z.enum(keys<PcoSetting>(pcoSettings), { message: 'Modalité inconnue.' }),
  professions: z.array(profession).min(1, 'Indiquez au moins un professionnel.').max(5),
});
export const refuseBody = z.object({
  reason: z.enum(keys<PcoRefusalReason>(pcoRefusalReasons), { message: 'Motif inconnu.' }),
  comment: pcoTexts.comment.optional(),
});
export const careBody = z.object({
  kind: z.enum(['assessment', 'intervention'], { message: 'Type attendu : bilan (assessment) ou intervention.' }),
  profession,
  date: calendarDate,
  amountCents: z.number().int().min(0, 'Montant négatif.').max(1_000_000),
  provider: z.enum(['platform', 'contracted']),
  acceptBeyondPackage: z.boolean().default(false),
});
export const synthesisBody = z.object({ date: calendarDate });
export const renewalBody = z.object({ renew: z.boolean() });
export const closeBody = z.object({
  outcome: z.enum(keys<PcoOutcome>(pcoOutcomes), { message: 'Issue inconnue.' }),
  comment: pcoTexts.comment.optional(),
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
