import { z } from 'zod';
import { anniversary, formatFrenchDay, isCalendarDay, todayInParis } from './calendar/days.ts';

/**
 * The one vocabulary of what a person may type that reaches PostgreSQL: person names, free text
 * and calendar days. PostgreSQL refuses a NUL in `text`, a lone surrogate in `jsonb` and a year
 * 0000 in `date`; a value it refuses once accepted freezes the case (the projection can never
 * write it), so the API, the pages and the workflows' update validators all validate with these.
 *
 * Two layers: the storable rules (characters, a real day between 1900 and 2100) hold whatever the
 * clock says, so workflow validators use them; the plausible rules (`birthDate`, `entryDate`) read
 * today's Paris day and belong at the edge, where the request arrives.
 */

export const earliestYear = 1900;
export const latestYear = 2100;

/** `label : message.` when the field is named in the message, `Message.` otherwise. */
function say(label: string | undefined, message: string): string {
  return label ? `${label} : ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

// With the u flag a surrogate pair is one code point: \p{Cs} only matches a lone half.
const loneSurrogate = /\p{Cs}/u;
// Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069) can make a name or a
// comment read differently from what it holds ("Trojan source").
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/u;
const controlCharacter = /\p{Cc}/u;
const controlInFreeText = /(?![\t\n])\p{Cc}/u;
// Invisible formatting characters (zero-width space, BOM, word joiner, direction marks…), except the
// zero-width (non-)joiners some scripts need inside a word.
const invisibleInName = /(?![\u200C\u200D])\p{Cf}/u;
const letter = /\p{L}/u;

type Rule = { pattern: RegExp; message: (character: string) => string };

// Said apart from other control characters: it is the one PostgreSQL cannot store in any text.
const nul = /[\0]/u;

const commonRules: Rule[] = [
  { pattern: loneSurrogate, message: () => 'caractère mal encodé (demi-paire de substitution), non enregistrable.' },
  { pattern: nul, message: () => 'caractère nul (U+0000) non autorisé.' },
  {
    pattern: bidiControl,
    message: (character) => `caractère de contrôle du sens d’écriture (${codePoint(character)}) non autorisé.`,
  },
];

const freeTextRules: Rule[] = [
  ...commonRules,
  {
    pattern: controlInFreeText,
    message: (character) => `caractère de contrôle (${codePoint(character)}) non autorisé.`,
  },
];

const nameRules: Rule[] = [
  ...commonRules,
  {
    pattern: controlCharacter,
    message: (character) => `caractère de contrôle (${codePoint(character)}) non autorisé dans un nom.`,
  },
  {
    pattern: invisibleInName,
    message: (character) => `caractère invisible (${codePoint(character)}) non autorisé dans un nom.`,
  },
];

/** The first rule the value breaks, as a French message; undefined when it is fine. */
function firstProblem(value: string, rules: Rule[]): string | undefined {
  for (const rule of rules) {
    const found = rule.pattern.exec(value);
    if (found) return rule.message(found[0]);
  }
  return undefined;
}

/** Why this free text cannot be stored, or undefined (for callers outside zod, e.g. query strings). */
export function freeTextProblem(value: string): string | undefined {
  return firstProblem(normalizeLineBreaks(value), freeTextRules);
}

/**
 * Whether every string of a value, keys included, can be stored as PostgreSQL text or jsonb (no
 * NUL, no lone surrogate): for what a schema would strip before checking, such as unknown keys.
 */
export function isStorableDeep(value: unknown): boolean {
  if (typeof value === 'string') return !nul.test(value) && !loneSurrogate.test(value);
  if (Array.isArray(value)) return value.every(isStorableDeep);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([key, inner]) => isStorableDeep(key) && isStorableDeep(inner));
  return true;
}

/** Why this person name is refused, or undefined. */
export function personNameProblem(value: string): string | undefined {
  const trimmed = value.trim();
  return firstProblem(trimmed, nameRules) ?? (letter.test(trimmed) ? undefined : 'au moins une lettre attendue.');
}

// Forms send CRLF; one line break is stored as \n whatever the browser.
function normalizeLineBreaks(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

const stringOf = (label: string | undefined) =>
  z.string({
    error: (issue) => say(label, issue.input === undefined ? 'champ obligatoire.' : 'texte attendu.'),
  });

/**
 * Free text (comments, questions, answers, addresses, medical notes): line breaks and tabs kept,
 * every other control character, a NUL, a lone surrogate and bidirectional overrides refused.
 * Chain `.min(…)` for a required text.
 */
export function freeText(max: number, label?: string) {
  return stringOf(label)
    .overwrite(normalizeLineBreaks)
    .trim()
    .max(max, say(label, `${max} caractères au plus.`))
    .refine((value) => firstProblem(value, freeTextRules) === undefined, {
      error: (issue) => say(label, firstProblem(String(issue.input), freeTextRules) ?? 'texte invalide.'),
      params: vocabulary,
    });
}

/**
 * A person's name (last, first, birth name, contact, representative, account holder): one line,
 * at least one letter, no control, invisible or bidirectional-override character.
 */
export function personName(max: number, label?: string) {
  return stringOf(label)
    .trim()
    .min(1, say(label, 'champ obligatoire.'))
    .max(max, say(label, `${max} caractères au plus.`))
    .refine((value) => value === '' || personNameProblem(value) === undefined, {
      error: (issue) => say(label, personNameProblem(String(issue.input)) ?? 'nom invalide.'),
      params: vocabulary,
    });
}

// Every refusal this vocabulary added to what was accepted before carries this mark, so that what a
// workflow computes from a stored value (a dossier's missing parts) stays what it was on replay.
const vocabulary = { vocabulary: true } as const;

/** Whether an issue is one of the vocabulary's own refusals (characters, letters, day bounds). */
export function isVocabularyIssue(issue: { code: string; params?: unknown }): boolean {
  return issue.code === 'custom' && (issue.params as { vocabulary?: unknown } | undefined)?.vocabulary === true;
}

/** Whether a real day lies within the years the platform stores (1900–2100). */
export function isDayInBounds(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return year >= earliestYear && year <= latestYear;
}

/** A real calendar day, `YYYY-MM-DD`, from 1900 to 2100: storable whatever today is. */
export const calendarDate = z
  .string({ error: 'Date attendue au format AAAA-MM-JJ.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date attendue au format AAAA-MM-JJ.', abort: true })
  .refine(isCalendarDay, { message: 'Cette date n’existe pas.', abort: true })
  .refine(isDayInBounds, {
    message: `Date hors des limites acceptées : entre le 01/01/${earliestYear} et le 31/12/${latestYear}.`,
    params: vocabulary,
  });

/** A birth date: from 1900 to today in Paris. */
export const birthDate = calendarDate.refine((value) => value <= todayInParis(), {
  message: 'La date de naissance ne peut pas être dans le futur.',
});

/** The last entry day accepted today: two years ahead, in Paris days. */
export function latestEntryDay(today = todayInParis()): string {
  return anniversary(today, 2);
}

/** What a field says of a day before today (Paris) where only today or later makes sense. */
export const pastDayMessage = 'Cette date est passée : indiquez aujourd’hui ou une date à venir.';

/** An entry or reservation day: from today in Paris to two years ahead. */
export const entryDate = calendarDate
  .refine((value) => value >= todayInParis(), { message: pastDayMessage })
  .refine((value) => value <= latestEntryDay(), {
    error: () => `Cette date est trop lointaine : deux ans au plus (jusqu’au ${formatFrenchDay(latestEntryDay())}).`,
  });
