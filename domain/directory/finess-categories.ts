import type { FacilityKind } from './facility-kinds.ts';
import { searchText } from './search-text.ts';

/**
 * FINESS establishment categories (`categetab`) → the platform's facility kinds. Medico-social
 * categories name their kind; hospital categories are many kinds at once (a CH runs SSR, USLD, HAD
 * units under its own number), so for those the site's name decides, and a site whose name names
 * no receiving service is an acute-care (MCO) hospital: outside the directory of receiving facilities.
 */
export const finessCategoryKinds: Record<string, { label: string; kind: FacilityKind }> = {
  '500': { label: 'EHPAD', kind: 'ehpad' },
  '202': { label: 'Résidence autonomie', kind: 'residence_autonomie' },
  '362': { label: 'Établissement de soins de longue durée (USLD)', kind: 'usld' },
  '109': { label: 'Établissement de santé privé autorisé en SSR', kind: 'smr' },
  '127': { label: 'Hospitalisation à domicile', kind: 'had' },
  '354': { label: 'Service de soins infirmiers à domicile (SSIAD)', kind: 'ssiad' },
  '209': { label: 'Service polyvalent d’aide et de soins à domicile (SPASAD)', kind: 'ssiad' },
};

/** Hospital categories whose sites are classified by their name. */
export const finessHospitalCategories: Record<string, string> = {
  '101': 'Centre hospitalier régional (CHR)',
  '106': 'Centre hospitalier, ex-hôpital local',
  '122': 'Établissement de soins obstétriques chirurgico-gynécologiques',
  '128': 'Établissement de soins chirurgicaux',
  '129': 'Établissement de soins médicaux',
  '131': 'Centre de lutte contre le cancer',
  '355': 'Centre hospitalier (CH)',
  '365': 'Établissement de soins pluridisciplinaire',
};

/** Name patterns, on upper-case unaccented names, tried in this order (first match wins). */
const namePatterns: { kind: FacilityKind; pattern: RegExp }[] = [
  { kind: 'soins_palliatifs', pattern: /\b(PALLIATI\w*|USP|LISP)\b/ },
  { kind: 'had', pattern: /\b(HAD|HOSPITALISATION A DOMICILE)\b/ },
  { kind: 'usld', pattern: /\b(USLD|LONG SEJOUR|LONGUE DUREE)\b/ },
  {
    kind: 'smr',
    pattern: /\b(SSR|SMR|SOINS DE SUITE|READAPT\w*|REEDUC\w*|CONVALESCENCE|MPR|MEDECINE PHYSIQUE)\b/,
  },
];

export type CategoryDecision =
  | { kind: FacilityKind; byName: boolean }
  | { outOfScope: string }
  | { unknownCategory: string };

export function kindForFiness(categoryCode: string, name: string): CategoryDecision {
  const code = categoryCode.trim();
  const direct = finessCategoryKinds[code];
  if (direct) return { kind: direct.kind, byName: false };
  const hospital = finessHospitalCategories[code];
  if (hospital) {
    const normalized = searchText(name).toUpperCase();
    const match = namePatterns.find((candidate) => candidate.pattern.test(normalized));
    if (match) return { kind: match.kind, byName: true };
    return { outOfScope: `catégorie ${code} (${hospital}) sans service d’aval identifiable : hôpital MCO` };
  }
  if (code === '') return { unknownCategory: 'catégorie FINESS manquante' };
  return { outOfScope: `catégorie ${code} hors des types d’établissement de la plateforme` };
}
