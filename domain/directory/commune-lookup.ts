import { communeKey } from './search-text.ts';

/**
 * What a person types to say where someone lives, and which commune it designates. Five digits are
 * read as a La Poste postcode first: INSEE codes and postcodes share the same shape but not the same
 * communes (69003 is Lyon 3e by postcode, Albigny-sur-Saône by INSEE code), and people type postcodes.
 * An INSEE code counts only when written as such ("INSEE 69003", a Corsican "2A004"), or once confirmed.
 * A lookup that cannot tell lists the candidates for the person to choose: it never picks one.
 */
export type CommuneInput =
  | { kind: 'empty' }
  | { kind: 'postcode'; code: string }
  | { kind: 'insee'; code: string }
  /** A name, with the code that came with it ("Lyon 3e Arrondissement (69383)", "69250 Montanay"). */
  | { kind: 'name'; text: string; key: string; code?: string };

export type CommuneMatch = 'postcode' | 'insee' | 'name';

/** The least a lookup needs of a commune row. */
export interface CommuneRow {
  insee: string;
  name: string;
  postcodes: string[];
  isArrondissement: boolean;
}

const inseeCode = String.raw`(?:\d{5}|2[AB]\d{3})`;
const explicitInsee = new RegExp(`^(?:code )?insee ?:? ?(${inseeCode})$`, 'i');
const codeInParentheses = new RegExp(String.raw`^(.+?) ?\((${inseeCode})\)$`, 'i');

export function readCommuneInput(typed: string): CommuneInput {
  const text = typed.trim().replace(/\s+/g, ' ');
  if (!text) return { kind: 'empty' };
  const insee = explicitInsee.exec(text)?.[1];
  if (insee) return { kind: 'insee', code: insee.toUpperCase() };
  if (/^\d{5}$/.test(text)) return { kind: 'postcode', code: text };
  // Corsican codes have a letter: never a postcode (those are 20xxx).
  if (new RegExp(`^${inseeCode}$`, 'i').test(text)) return { kind: 'insee', code: text.toUpperCase() };
  const withCode = codeInParentheses.exec(text);
  const leading = /^(\d{5}) (.+)$/.exec(text);
  const trailing = /^(.+?) (\d{5})$/.exec(text);
  const [name, code] = withCode
    ? [withCode[1], withCode[2]]
    : leading
      ? [leading[2], leading[1]]
      : trailing
        ? [trailing[1], trailing[2]]
        : [text, undefined];
  return { kind: 'name', text, key: communeKey(name ?? ''), ...(code ? { code: code.toUpperCase() } : {}) };
}

/** The code a lookup must fetch the communes of (by INSEE code or postcode), if any. */
export function inputCode(input: CommuneInput): string | undefined {
  return input.kind === 'empty' ? undefined : input.code;
}

/** The name prefix a lookup must fetch the communes of, if any (two letters at least). */
export function inputNameKey(input: CommuneInput): string | undefined {
  return input.kind === 'name' && input.key.length >= 2 ? input.key : undefined;
}

/** Paris, Marseille and Lyon, and the INSEE prefix of their municipal arrondissements. */
const arrondissementPrefixes: Record<string, string> = { '75056': '751', '13055': '132', '69123': '6938' };

function isArrondissementOf(city: CommuneRow, row: CommuneRow): boolean {
  const prefix = arrondissementPrefixes[city.insee];
  return row.isArrondissement && prefix !== undefined && row.insee.startsWith(prefix);
}

const byName = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/**
 * The communes a postcode is given to, in name order. Paris, Lyon and Marseille carry every
 * postcode of their arrondissements: the arrondissement is the one meant, and the distance from it.
 */
export function communesOfPostcode<C extends CommuneRow>(postcode: string, rows: readonly C[]): C[] {
  const carrying = rows.filter((row) => row.postcodes.includes(postcode));
  return carrying
    .filter((row) => !carrying.some((other) => isArrondissementOf(row, other)))
    .sort((a, b) => byName.compare(a.name, b.name));
}

export interface CommuneLookup<C> {
  by: CommuneMatch;
  /** Every commune the entry may designate, the likeliest first (the API's suggestions). */
  matches: C[];
  /** The one commune the entry designates without asking, if there is one. */
  designated: C | undefined;
  /** What to ask when it does not designate one (French, for the form). */
  question: string;
  /** What to say when nothing matches (French, for the form). */
  notFound: string;
}

function agrees(row: CommuneRow, key: string): boolean {
  const own = communeKey(row.name);
  return own === key || own.startsWith(`${key} `);
}

/**
 * What an entry designates among the communes fetched for it: `byCode` those whose INSEE code is
 * the entry's code or that carry it as a postcode, `byName` those whose name starts like the entry
 * (the likeliest first, exact names before arrondissements).
 */
export function lookUpCommune<C extends CommuneRow>(
  input: CommuneInput,
  fetched: { byCode: readonly C[]; byName: readonly C[] },
): CommuneLookup<C> {
  switch (input.kind) {
    case 'empty':
      return { by: 'name', matches: [], designated: undefined, question: '', notFound: '' };
    case 'insee': {
      const matches = fetched.byCode.filter((row) => row.insee === input.code);
      return {
        by: 'insee',
        matches,
        designated: matches[0],
        question: '',
        notFound: `Aucune commune n’a le code INSEE ${input.code}.`,
      };
    }
    case 'postcode': {
      const carrying = communesOfPostcode(input.code, fetched.byCode);
      if (carrying.length > 0) {
        return {
          by: 'postcode',
          matches: carrying,
          designated: carrying.length === 1 ? carrying[0] : undefined,
          question: `Plusieurs communes ont le code postal ${input.code} : laquelle ?`,
          notFound: '',
        };
      }
      // Not a postcode: maybe an INSEE code, but a mistyped postcode looks the same, so it is confirmed.
      const matches = fetched.byCode.filter((row) => row.insee === input.code);
      const [commune] = matches;
      return {
        by: 'insee',
        matches,
        designated: undefined,
        question: commune
          ? `Aucune commune n’a le code postal ${input.code}, mais c’est le code INSEE de ${commune.name} : est-ce elle ?`
          : '',
        notFound: `Aucune commune n’a le code postal ${input.code} : vérifiez-le, ou indiquez le nom de la commune.`,
      };
    }
    case 'name': {
      const notFound = `Aucune commune ne correspond à « ${input.text} » : vérifiez l’orthographe ou indiquez le code postal.`;
      if (input.code) {
        const { code, key } = input;
        const coded = unique([
          ...communesOfPostcode(code, fetched.byCode),
          ...fetched.byCode.filter((row) => row.insee === code),
        ]);
        const agreeing = coded.filter((row) => agrees(row, key));
        const exact = agreeing.filter((row) => communeKey(row.name) === key);
        const decided = exact.length === 1 ? exact : agreeing;
        if (decided.length > 0) {
          return {
            by: 'name',
            matches: decided,
            designated: decided.length === 1 ? decided[0] : undefined,
            question: 'Plusieurs communes correspondent : laquelle ?',
            notFound,
          };
        }
        // The name and the code designate different communes: the person says which was meant.
        const named = fetched.byName.filter((row) => communeKey(row.name) === key);
        return {
          by: 'name',
          matches: unique([...named, ...coded]),
          designated: undefined,
          question: `« ${input.text} » : le nom et le code ${code} ne désignent pas la même commune. Laquelle ?`,
          notFound,
        };
      }
      const matches = [...fetched.byName];
      const exact = matches.filter((row) => communeKey(row.name) === input.key);
      return {
        by: 'name',
        matches,
        designated: exact.length === 1 ? exact[0] : matches.length === 1 ? matches[0] : undefined,
        question: 'Plusieurs communes correspondent : laquelle ?',
        notFound,
      };
    }
  }
}

function unique<C extends CommuneRow>(rows: C[]): C[] {
  return rows.filter((row, index) => rows.findIndex((other) => other.insee === row.insee) === index);
}

export type CommuneResolution<C> =
  | { status: 'empty' }
  /** `choice`: the candidates it was picked among, still offered so that the person may change it. */
  | { status: 'resolved'; commune: C; by: CommuneMatch; choice?: { candidates: C[]; question: string } }
  /** The person picks one of `candidates`; `question` is the label of the choice. */
  | { status: 'ask'; candidates: C[]; question: string }
  | { status: 'unknown'; message: string };

/** The commune meant: the one designated, else the one the person picked among the candidates; else ask. */
export function resolveCommune<C extends CommuneRow>(lookup: CommuneLookup<C>, picked = ''): CommuneResolution<C> {
  if (lookup.designated) return { status: 'resolved', commune: lookup.designated, by: lookup.by };
  const chosen = lookup.matches.find((row) => row.insee === picked.toUpperCase());
  if (chosen) {
    return {
      status: 'resolved',
      commune: chosen,
      by: lookup.by,
      choice: { candidates: lookup.matches, question: lookup.question },
    };
  }
  if (lookup.matches.length === 0) {
    return lookup.notFound ? { status: 'unknown', message: lookup.notFound } : { status: 'empty' };
  }
  return { status: 'ask', candidates: lookup.matches, question: lookup.question };
}

/** How a resolved commune is written back in the field: read again, it designates the same commune. */
export function communeLabel(commune: CommuneRow): string {
  return `${commune.name} (${commune.insee})`;
}
