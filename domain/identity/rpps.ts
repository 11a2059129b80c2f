import { luhnCheckDigit, luhnValid } from '../luhn.ts';

/**
 * RPPS numbers (Répertoire partagé des professionnels de santé): 11 digits, the last a Luhn check
 * digit computed over all eleven. Assigned to a professional for life.
 */
export function isValidRpps(raw: string): boolean {
  const number = raw.trim();
  if (!/^\d{11}$/.test(number)) return false;
  return luhnValid(number);
}

/** The check digit that completes ten leading digits into a valid RPPS number. */
export function rppsCheckDigit(firstTen: string): string {
  if (!/^\d{10}$/.test(firstTen)) throw new Error('RPPS : dix chiffres attendus');
  return luhnCheckDigit(firstTen);
}

/** Whether an identifier typed at login looks like an RPPS number (rather than an e-mail). */
export function looksLikeRpps(identifier: string): boolean {
  return /^\d+$/.test(identifier.trim());
}
