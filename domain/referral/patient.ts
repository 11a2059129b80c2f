import { z } from 'zod';
import { birthDate, personName } from '../vocabulary.ts';

const namePart = personName(100);

export const sexValues = ['female', 'male'] as const;
export const sexLabels: Record<(typeof sexValues)[number], string> = { female: 'Femme', male: 'Homme' };

/** The identity part of a patient's dossier: enough to recognise the person and detect duplicates. */
export const patientIdentitySchema = z.object({
  lastName: namePart,
  firstName: namePart,
  birthDate,
  sex: z.enum(sexValues, { message: 'Sexe attendu : female ou male.' }),
  departement: z
    .string()
    .regex(/^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/, 'Numéro de département invalide.')
    .optional(),
});

export type PatientIdentity = z.infer<typeof patientIdentitySchema>;
