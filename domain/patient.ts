import { z } from 'zod';
import { isCalendarDay, todayInParis } from './calendar.ts';

const namePart = z.string().trim().min(1, 'Champ obligatoire.').max(100, '100 caractères au plus.');

/** ISO date (YYYY-MM-DD) that is a real calendar day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine(isCalendarDay, 'Cette date n’existe pas.');

export const sexValues = ['female', 'male'] as const;
export const sexLabels: Record<(typeof sexValues)[number], string> = { female: 'Femme', male: 'Homme' };

/** The identity part of a patient's dossier: enough to recognise the person and detect duplicates. */
export const patientIdentitySchema = z.object({
  lastName: namePart,
  firstName: namePart,
  birthDate: isoDate.refine((value) => value <= todayInParis(), {
    message: 'La date de naissance ne peut pas être dans le futur.',
  }),
  sex: z.enum(sexValues, { message: 'Sexe attendu : female ou male.' }),
  departement: z
    .string()
    .regex(/^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/, 'Numéro de département invalide.')
    .optional(),
});

export type PatientIdentity = z.infer<typeof patientIdentitySchema>;
