import { z } from '@hono/zod-openapi';
import { freeText, personName } from '../../domain/vocabulary.ts';

/**
 * What the identity routes accept and answer. The pages parse their forms with the same input
 * schemas before calling the use cases, so a form and a JSON body are refused alike.
 */

/** A one-time code as typed: six digits (login code, SMS code of a mobile number). */
export const sixDigitCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'six chiffres');

const password = z.string().min(1).max(200);
const linkToken = freeText(200).min(1);
const cguVersion = z.string().min(1).max(40);

export const loginInput = z.object({ identifier: freeText(320).min(1), password });
export const loginCodeInput = z.object({ code: sixDigitCode });
export const passwordChangeInput = z.object({ currentPassword: password, newPassword: password });
export const passwordResetRequestInput = z.object({ identifier: freeText(320).min(1) });
export const passwordResetConfirmInput = z.object({ token: linkToken, newPassword: password });
export const emailVerificationInput = z.object({ token: linkToken });
export const invitationAcceptInput = z.object({
  token: linkToken,
  displayName: personName(200).min(2, 'Deux caractères au moins.'),
  password,
  cguVersion,
});
export const cguAcceptInput = z.object({ version: cguVersion });

const emailAddress = z
  .string({ message: 'Indiquez votre adresse e-mail.' })
  .trim()
  .toLowerCase()
  .email('Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.')
  .max(320, 'Cette adresse e-mail est trop longue.');

/** Creating an account of the espace particulier: the API's body and the /inscription form's fields. */
export const particulierSignUpInput = z
  .object({
    email: emailAddress,
    displayName: personName(200).min(2, 'Deux caractères au moins.'),
    password,
    /** The version of the CGU shown (GET /api/auth/cgu). */
    cguVersion,
    /** The person ticked « J’accepte les conditions générales d’utilisation ». */
    cguAccepted: z.boolean(),
  })
  .openapi('ParticulierSignUp');

export const particulierSignUpAnswer = z
  .object({
    status: z.literal('email_sent'),
    message: z.string(),
  })
  .openapi('ParticulierSignUpAnswer');

export const loginAnswer = z
  .object({
    status: z.enum(['authenticated', 'code_required']),
    cguRequired: z.boolean().optional(),
    validForMinutes: z.number().optional(),
  })
  .openapi('LoginAnswer');

export const sessionAnswer = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.string(),
  cguRequired: z.boolean(),
});

export const cguSchema = z
  .object({
    version: z.string(),
    publishedOn: z.string(),
    title: z.string(),
    sections: z.array(z.object({ heading: z.string(), paragraphs: z.array(z.string()) })),
    accepted: z.boolean(),
  })
  .openapi('Cgu');
