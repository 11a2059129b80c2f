/**
 * Phone numbers as typed by people (`06 12 34 56 78`, `+33 (0)6…`, `0033…`, `0690…` in
 * Guadeloupe) validated and normalised to E.164 (`+33612345678`). French numbers first: a national
 * number (ten digits starting with 0) is French, overseas départements included; an international
 * number must start with + or 00.
 */
export type PhoneNumberCheck =
  | { ok: true; e164: string /** Can receive SMS (French mobile ranges; any foreign number). */; mobile: boolean }
  | { ok: false; reason: string };

/** National prefixes of the overseas départements and collectivities with their own country code. */
const overseasPrefixes: { national: string[]; countryCode: string; mobile: string[] }[] = [
  { national: ['0590', '0690', '0691'], countryCode: '590', mobile: ['0690', '0691'] }, // Guadeloupe, St-Martin, St-Barth
  { national: ['0594', '0694'], countryCode: '594', mobile: ['0694'] }, // Guyane
  { national: ['0596', '0696', '0697'], countryCode: '596', mobile: ['0696', '0697'] }, // Martinique
  { national: ['0262', '0263', '0269', '0692', '0693', '0639'], countryCode: '262', mobile: ['0692', '0693', '0639'] }, // La Réunion, Mayotte
  { national: ['0508'], countryCode: '508', mobile: [] }, // Saint-Pierre-et-Miquelon
];

const overseasCountryCodes = new Set(overseasPrefixes.map((entry) => entry.countryCode));

export function normalisePhoneNumber(input: string): PhoneNumberCheck {
  const trimmed = input.trim();
  if (!/^[+\d\s().\-/]+$/.test(trimmed)) return { ok: false, reason: 'Le numéro contient des caractères non admis.' };
  let compact = trimmed.replace(/[\s().\-/]/g, '');
  // 00 opens an international number; ten digits starting 00 are a mistyped French one.
  if (compact.startsWith('00') && compact.length <= 10) {
    return { ok: false, reason: 'Un numéro français compte dix chiffres et commence par 0 suivi de 1 à 9.' };
  }
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  if ((compact.match(/\+/g) ?? []).length > (compact.startsWith('+') ? 1 : 0)) {
    return { ok: false, reason: 'Le signe + ne peut figurer qu’au début du numéro.' };
  }

  if (!compact.startsWith('+')) {
    if (!/^0[1-9]\d{8}$/.test(compact)) {
      return { ok: false, reason: 'Un numéro français compte dix chiffres et commence par 0.' };
    }
    const overseas = overseasPrefixes.find((entry) => entry.national.some((prefix) => compact.startsWith(prefix)));
    if (overseas) {
      return {
        ok: true,
        e164: `+${overseas.countryCode}${compact.slice(1)}`,
        mobile: overseas.mobile.some((prefix) => compact.startsWith(prefix)),
      };
    }
    return { ok: true, e164: `+33${compact.slice(1)}`, mobile: /^0[67]/.test(compact) };
  }

  // "+33 (0)6…" keeps a trunk 0 that E.164 drops.
  let digits = compact.slice(1);
  if (/^(33|590|594|596|262|508)0/.test(digits)) digits = digits.replace(/^(33|590|594|596|262|508)0/, '$1');
  if (!/^[1-9]\d{7,14}$/.test(digits)) return { ok: false, reason: 'Le numéro international est invalide.' };
  if (digits.startsWith('33')) {
    if (!/^33[1-9]\d{8}$/.test(digits))
      return { ok: false, reason: 'Un numéro français compte neuf chiffres après +33.' };
    return { ok: true, e164: `+${digits}`, mobile: /^33[67]/.test(digits) };
  }
  const countryCode = [...overseasCountryCodes].find((code) => digits.startsWith(code));
  if (countryCode) {
    if (!new RegExp(`^${countryCode}\\d{9}$`).test(digits)) {
      return { ok: false, reason: 'Un numéro d’outre-mer compte neuf chiffres après l’indicatif.' };
    }
    const national = `0${digits.slice(countryCode.length)}`;
    const entry = overseasPrefixes.find((candidate) => candidate.countryCode === countryCode);
    return {
      ok: true,
      e164: `+${digits}`,
      mobile: entry?.mobile.some((prefix) => national.startsWith(prefix)) ?? false,
    };
  }
  return { ok: true, e164: `+${digits}`, mobile: true };
}

/** A number that can receive SMS, in E.164, or undefined. */
export function smsNumber(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  const check = normalisePhoneNumber(input);
  return check.ok && check.mobile ? check.e164 : undefined;
}

/**
 * The number SMS may go to: the account's own once proved by an SMS code (api/account/phone.ts
 * clears the proof whenever the number changes), so no typed-in number ever receives a message.
 */
export function verifiedSmsNumber(account: {
  phone: string | null;
  phoneVerifiedAt: Date | string | null;
}): string | undefined {
  return account.phoneVerifiedAt ? smsNumber(account.phone) : undefined;
}

/**
 * A number as people in France read it: `06 12 34 56 78` for a French or overseas one (by pairs,
 * with its trunk 0), `+44 7911123456` for another country; what is not a valid number stays as typed.
 */
export function formatPhoneNumber(input: string | null | undefined): string {
  if (!input) return '';
  const check = normalisePhoneNumber(input);
  if (!check.ok) return input;
  const digits = check.e164.slice(1);
  const countryCode = digits.startsWith('33')
    ? '33'
    : [...overseasCountryCodes].find((code) => digits.startsWith(code));
  if (countryCode === undefined) return check.e164;
  const national = `0${digits.slice(countryCode.length)}`;
  return national.replace(/(\d{2})(?=\d)/g, '$1 ');
}
