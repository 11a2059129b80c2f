import { freeText } from '../vocabulary.ts';

/** The texts people write on a referral: the command table (domain/referral/commands.ts) checks them. */
export const referralTexts = {
  comment: freeText(2000),
  question: freeText(2000).min(3, 'Précisez les informations attendues.'),
  answer: freeText(4000).min(1, 'Votre réponse est vide.'),
  admissionImpossibleReason: freeText(1000).min(3, 'Indiquez pourquoi l’admission est impossible.'),
  cancellationReason: freeText(500).min(3, 'Indiquez le motif de l’annulation.'),
};
