import { freeText } from '../vocabulary.ts';

/** The texts people write on an orientation: the command table (domain/pco/commands.ts) checks them. */
export const pcoTexts = { comment: freeText(2000) };
