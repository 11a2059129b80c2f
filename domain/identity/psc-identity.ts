import { z } from 'zod';
import { isValidRpps } from './rpps.ts';

/** What Parcours keeps of a Pro Santé Connect identity: the RPPS number and the names. */
export interface PscIdentity {
  rpps: string;
  givenName: string;
  familyName: string;
}

const otherId = z.object({ identifiant: z.string(), origine: z.string() }).passthrough();

/** The userinfo claims read (PSC sends many more: profession, activity sites…). */
const pscUserInfo = z
  .object({
    SubjectNameID: z.string().optional(),
    preferred_username: z.string().optional(),
    given_name: z.string().trim().min(1).max(200),
    family_name: z.string().trim().min(1).max(200),
    otherIds: z.array(otherId).optional(),
  })
  .passthrough();

/**
 * The RPPS number in PSC's answer: its national identifier is "8" + RPPS for physicians
 * (`SubjectNameID`, `preferred_username`), and `otherIds` may list it with origin "RPPS".
 */
function rppsOf(claims: z.infer<typeof pscUserInfo>): string | undefined {
  for (const nationalId of [claims.SubjectNameID, claims.preferred_username]) {
    const match = nationalId ? /^8(\d{11})$/.exec(nationalId.trim()) : null;
    if (match?.[1]) return match[1];
  }
  return claims.otherIds?.find((id) => id.origine.toUpperCase() === 'RPPS')?.identifiant.trim();
}

/** The identity in PSC's userinfo, or why it cannot open a physician account here. */
export function readPscIdentity(
  userInfo: unknown,
): { ok: true; identity: PscIdentity } | { ok: false; reason: 'psc_claims' | 'psc_invalid_rpps' } {
  const parsed = pscUserInfo.safeParse(userInfo);
  if (!parsed.success) return { ok: false, reason: 'psc_claims' };
  const rpps = rppsOf(parsed.data);
  if (!rpps || !isValidRpps(rpps)) return { ok: false, reason: 'psc_invalid_rpps' };
  return {
    ok: true,
    identity: { rpps, givenName: parsed.data.given_name, familyName: parsed.data.family_name },
  };
}

/** PSC gives names in capitals (as in the RPPS directory): "HÉLÈNE" → "Hélène", "LE GALL" → "Le Gall". */
export function nameCase(name: string): string {
  if (name !== name.toLocaleUpperCase('fr-FR')) return name.trim();
  return name
    .trim()
    .toLocaleLowerCase('fr-FR')
    .replace(
      /(^|[\s'’-])(\p{L})/gu,
      (_all, separator: string, letter: string) => separator + letter.toLocaleUpperCase('fr-FR'),
    );
}

/** How a physician who came through PSC is named in Parcours: "Dr Hélène Dupuis". */
export function physicianDisplayName(identity: Pick<PscIdentity, 'givenName' | 'familyName'>): string {
  return `Dr ${nameCase(identity.givenName)} ${nameCase(identity.familyName)}`;
}
