import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { type ReferralCommand, unstorableReferralCommand } from '../../domain/referral/commands.ts';
import type { DraftDossier } from '../../domain/referral/dossier.ts';
import {
  birthDate as birthDateSchema,
  calendarDate,
  entryDate,
  freeText,
  personName,
} from '../../domain/vocabulary.ts';

const name = personName(100);
const text = freeText(2000);

/** The French messages a value gets, or [] when it is accepted. */
function refusals(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('person names', () => {
  it('accepts the names people have', () => {
    for (const value of [
      'Dupont',
      'Le Goff',
      'N’Diaye',
      'D’Arc-Lefèvre',
      'Œuvray',
      'Nguyễn',
      'Müller',
      'Ørsted',
      'عمر',
    ])
      expect(refusals(name, value), value).toEqual([]);
    expect(name.parse('  Dupont ')).toBe('Dupont');
  });

  it('refuses what PostgreSQL cannot store: a NUL and a lone surrogate', () => {
    expect(refusals(name, 'Du\u0000pont')).toEqual(['Caractère nul (U+0000) non autorisé.']);
    expect(refusals(name, '\uD800')).toEqual(['Caractère mal encodé (demi-paire de substitution), non enregistrable.']);
    expect(refusals(name, 'Du\uDFFFpont')).toHaveLength(1);
    // A character outside the BMP is a pair, not a lone half.
    expect(refusals(name, 'Dupont 𝔄')).toEqual([]);
  });

  it('refuses control characters, line breaks and direction overrides', () => {
    expect(refusals(name, 'Du\u0007pont')).toEqual(['Caractère de contrôle (U+0007) non autorisé dans un nom.']);
    expect(refusals(name, 'Du\npont')).toEqual(['Caractère de contrôle (U+000A) non autorisé dans un nom.']);
    for (const override of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])
      expect(refusals(name, `Du${override}pont`), override.codePointAt(0)?.toString(16)).toEqual([
        `Caractère de contrôle du sens d’écriture (U+${override.codePointAt(0)?.toString(16).toUpperCase()}) non autorisé.`,
      ]);
  });

  it('refuses a name with no visible letter', () => {
    expect(refusals(name, '\u200B\u200B')).toEqual(['Caractère invisible (U+200B) non autorisé dans un nom.']);
    expect(refusals(name, '\u200D\u200C')).toEqual(['Au moins une lettre attendue.']);
    expect(refusals(name, '--- 123')).toEqual(['Au moins une lettre attendue.']);
    expect(refusals(name, '   ')).toEqual(['Champ obligatoire.']);
  });

  it('names the field when asked', () => {
    expect(refusals(personName(200, 'Nom de la personne à contacter'), '\u202EJean')).toEqual([
      'Nom de la personne à contacter : caractère de contrôle du sens d’écriture (U+202E) non autorisé.',
    ]);
  });
});

describe('free text', () => {
  it('keeps line breaks and tabs, as \\n whatever the browser sent', () => {
    expect(text.parse('Chute le 3.\r\nHospitalisé\r5 jours.\tStable.')).toBe(
      'Chute le 3.\nHospitalisé\n5 jours.\tStable.',
    );
  });

  it('refuses a NUL, a lone surrogate, other control characters and direction overrides', () => {
    expect(refusals(text, 'Du\u0000pont')).toEqual(['Caractère nul (U+0000) non autorisé.']);
    expect(refusals(text, 'a \uDBFF b')).toEqual([
      'Caractère mal encodé (demi-paire de substitution), non enregistrable.',
    ]);
    expect(refusals(text, 'bip \u001B[31m')).toEqual(['Caractère de contrôle (U+001B) non autorisé.']);
    expect(refusals(text, 'fin \u0085')).toEqual(['Caractère de contrôle (U+0085) non autorisé.']);
    expect(refusals(text, 'lire \u2067à droite\u2069')).toEqual([
      'Caractère de contrôle du sens d’écriture (U+2067) non autorisé.',
    ]);
  });

  it('keeps its length limit', () => {
    expect(refusals(freeText(5, 'Commentaire'), 'trop long')).toEqual(['Commentaire : 5 caractères au plus.']);
  });
});

describe('calendar dates', () => {
  it('accepts a real day from 1900 to 2100', () => {
    for (const day of ['1900-01-01', '2024-02-29', '2100-12-31']) expect(refusals(calendarDate, day), day).toEqual([]);
  });

  it('refuses year 0000, days outside 1900–2100, days that do not exist and other formats, one message each', () => {
    const bounds = 'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.';
    expect(refusals(calendarDate, '0000-01-01')).toEqual([bounds]);
    expect(refusals(calendarDate, '1899-12-31')).toEqual([bounds]);
    expect(refusals(calendarDate, '2101-01-01')).toEqual([bounds]);
    expect(refusals(calendarDate, '2023-02-29')).toEqual(['Cette date n’existe pas.']);
    expect(refusals(calendarDate, '15/01/2027')).toEqual(['Date attendue au format AAAA-MM-JJ.']);
    expect(refusals(calendarDate, '+002027-01-15')).toEqual(['Date attendue au format AAAA-MM-JJ.']);
  });
});

describe('dates read against today in Paris', () => {
  beforeEach(() => {
    // 23:30 UTC on 31 December 2026 is already 1 January 2027 in Paris.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-31T23:30:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('takes birth dates from 1900 to today', () => {
    expect(refusals(birthDateSchema, '2027-01-01')).toEqual([]);
    expect(refusals(birthDateSchema, '2027-01-02')).toEqual(['La date de naissance ne peut pas être dans le futur.']);
    expect(refusals(birthDateSchema, '0000-01-01')).toEqual([
      'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.',
    ]);
  });

  it('takes entry dates from today to two years ahead', () => {
    expect(refusals(entryDate, '2027-01-01')).toEqual([]);
    expect(refusals(entryDate, '2029-01-01')).toEqual([]);
    expect(refusals(entryDate, '2026-12-31')).toEqual([
      'Cette date est passée : indiquez aujourd’hui ou une date à venir.',
    ]);
    expect(refusals(entryDate, '2029-01-02')).toEqual([
      'Cette date est trop lointaine : deux ans au plus (jusqu’au 01/01/2029).',
    ]);
    expect(refusals(entryDate, '0000-01-01')).toContain(
      'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.',
    );
  });
});

describe('commands sent straight to a workflow', () => {
  it('are refused when any string, unknown keys included, could not be stored', () => {
    const accept = { type: 'accept', taskId: 't', actorId: 'a', proposedEntryDate: '2027-01-04' } as const;
    expect(unstorableReferralCommand(accept)).toBeUndefined();
    expect(unstorableReferralCommand({ ...accept, proposedEntryDate: '0000-01-01' })).toBe(
      'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.',
    );
    const smuggled = { ...accept, extra: { '\uD800': 'x' } } as unknown as ReferralCommand;
    expect(unstorableReferralCommand(smuggled)).toBeDefined();
    const dossier = { schemaVersion: 1, medical: { history: 'ok' }, note: 'Du\u0000pont' } as unknown as DraftDossier;
    expect(unstorableReferralCommand({ type: 'updateDossier', actorId: 'a', dossier })).toBeDefined();
  });
});
