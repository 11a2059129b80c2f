/**
 * RPPS numbers (Répertoire partagé des professionnels de santé): 11 digits, the last a Luhn check
 * digit computed over all eleven. Assigned to a professional for life.
 */
export function isValidRpps(raw: string): boolean {
  const number = raw.trim();
  if (!/^\d{11}$/.test(number)) return false;
  return luhnSum(number) % 10 === 0;
}

/** The check digit that completes ten leading digits into a valid RPPS number. */
export function rppsCheckDigit(firstTen: string): string {
  if (!/^\d{10}$/.test(firstTen)) throw new Error('RPPS : dix chiffres attendus');
  return String((10 - (luhnSum(`${firstTen}0`) % 10)) % 10);
}

/** Whether an identifier typed at login looks like an RPPS number (rather than an e-mail). */
export function looksLikeRpps(identifier: string): boolean {
  return /^\d+$/.test(identifier.trim());
}

function luhnSum(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum;
}
