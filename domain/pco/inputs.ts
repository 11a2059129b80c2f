import { z } from 'zod';
import { calendarDate, freeText, isStorableDeep } from '../vocabulary.ts';
import type { PcoCommand } from './orientation-state.ts';

/** The texts people write on an orientation: the API, the pages and the workflow's validators share them. */
export const pcoTexts = { comment: freeText(2000) };

// What each command carries that ends up in PostgreSQL, with the storable rules only.
const storableArgs: { [T in PcoCommand['type']]?: z.ZodType } = {
  refuse: z.object({ comment: pcoTexts.comment.optional() }),
  recordCare: z.object({ date: calendarDate }),
  recordSynthesis: z.object({ date: calendarDate }),
  close: z.object({ comment: pcoTexts.comment.optional() }),
};

/** Why a command's values could not be written by the projection, or undefined (for update validators). */
export function unstorablePcoCommand(command: PcoCommand): string | undefined {
  // The handler stores the command as sent, unknown keys included: scan all of it first.
  if (!isStorableDeep(command)) return 'Caractère non enregistrable (U+0000 ou demi-paire de substitution).';
  const result = storableArgs[command.type]?.safeParse(command);
  return result && !result.success ? (result.error.issues[0]?.message ?? 'Valeur invalide.') : undefined;
}
