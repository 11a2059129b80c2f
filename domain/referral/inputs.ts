import { z } from 'zod';
import { calendarDate, freeText, isStorableDeep } from '../vocabulary.ts';
import type { ReferralCommand } from './decide.ts';
import { draftDossierSchema } from './dossier.ts';

/** The texts people write on a referral: the API, the pages and the workflow's validators share them. */
export const referralTexts = {
  comment: freeText(2000),
  question: freeText(2000).min(3, 'Précisez les informations attendues.'),
  answer: freeText(4000).min(1, 'Votre réponse est vide.'),
  admissionImpossibleReason: freeText(1000).min(3, 'Indiquez pourquoi l’admission est impossible.'),
  cancellationReason: freeText(500).min(3, 'Indiquez le motif de l’annulation.'),
};

// What each command carries that ends up in PostgreSQL, with the storable rules only: the days'
// plausibility (not past, two years at most) is the edge's, read on the request's clock.
const storableArgs: { [T in ReferralCommand['type']]?: z.ZodType } = {
  updateDossier: z.object({ dossier: draftDossierSchema }),
  waitlist: z.object({ comment: referralTexts.comment.optional() }),
  requestInfo: z.object({ question: referralTexts.question }),
  answerInfo: z.object({ answer: referralTexts.answer }),
  accept: z.object({
    proposedEntryDate: calendarDate,
    placeHeldUntil: calendarDate.optional(),
    comment: referralTexts.comment.optional(),
  }),
  refuse: z.object({ comment: referralTexts.comment.optional() }),
  reportAdmissionImpossible: z.object({ reason: referralTexts.admissionImpossibleReason }),
  cancel: z.object({ reason: referralTexts.cancellationReason }),
};

/**
 * Why a command's values could not be written by the projection (the first French message), or
 * undefined. For update validators: a value refused here never enters the history, so a case can
 * never be frozen on a row PostgreSQL refuses, whoever sends the update.
 */
export function unstorableReferralCommand(command: ReferralCommand): string | undefined {
  // The handler stores the command as sent, unknown keys included: scan all of it first.
  if (!isStorableDeep(command)) return 'Caractère non enregistrable (U+0000 ou demi-paire de substitution).';
  const result = storableArgs[command.type]?.safeParse(command);
  return result && !result.success ? (result.error.issues[0]?.message ?? 'Valeur invalide.') : undefined;
}
