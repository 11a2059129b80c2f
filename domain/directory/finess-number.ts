import { luhnCheckDigit, luhnValid } from '../luhn.ts';

/**
 * FINESS numbers: 9 characters, the first two a prefix FINESS uses — a metropolitan département
 * (`01`–`19`, `2A`, `2B`, `21`–`95`), `97` (overseas départements, e.g. 970… Guadeloupe) or `98`
 * (Mayotte, e.g. 980500011) — the last a Luhn check digit computed over all nine. For Corsica the
 * letter counts as a digit: A = 1, B = 2 (so `2A…` is keyed as `21…`, `2B…` as `22…`); checked
 * against every Corsican number of the shipped FINESS extracts. `00`, `20` (Corsica before its
 * split), `96` and `99` are no département: a number starting so is refused, even with a valid key.
 */
export type FinessCheck = { valid: true; number: string } | { valid: false; reason: string };

const shape = /^(\d{2}|2A|2B)\d{7}$/;
const prefix = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97|98)/;

export function checkFiness(raw: string): FinessCheck {
  const number = raw.trim().toUpperCase();
  if (number === '') return { valid: false, reason: 'numéro FINESS manquant' };
  if (/^\d{8}$/.test(number) || /^(2A|2B)\d{6}$/.test(number)) {
    return { valid: false, reason: `numéro FINESS « ${raw.trim()} » trop court (zéro initial perdu ?)` };
  }
  if (!shape.test(number)) return { valid: false, reason: `numéro FINESS « ${raw.trim()} » mal formé (9 caractères)` };
  if (!prefix.test(number)) {
    return {
      valid: false,
      reason: `numéro FINESS « ${number} » : « ${number.slice(0, 2)} » n’est pas un début de numéro FINESS (département 01 à 95, 2A ou 2B, 97 ou 98 outre-mer)`,
    };
  }
  if (!luhnValid(luhnDigits(number))) {
    return { valid: false, reason: `clé de contrôle du numéro FINESS « ${number} » invalide` };
  }
  return { valid: true, number };
}

export function isValidFiness(raw: string): boolean {
  return checkFiness(raw).valid;
}

/** The check digit that completes eight leading characters into a valid FINESS number. */
export function finessCheckDigit(firstEight: string): string {
  return luhnCheckDigit(luhnDigits(firstEight));
}

/**
 * The metropolitan département a FINESS number belongs to (`2A`, `69`…); overseas numbers (`97…`,
 * `98…`) do not spell theirs (970… is Guadeloupe's), so their postcode tells it instead.
 */
export function finessDepartement(number: string): string | undefined {
  return number.startsWith('97') || number.startsWith('98') ? undefined : number.slice(0, 2);
}

function luhnDigits(number: string): string {
  return number.replace(/^2A/, '21').replace(/^2B/, '22');
}
