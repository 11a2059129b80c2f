import type { FacilityKind } from './facility-kinds.ts';
import { searchText } from './search-text.ts';

/**
 * What a facility offers beyond its kind: the accommodation types of its units and specific
 * capabilities. Declared by the facility's managers; the FINESS import only guesses the obvious
 * from the kind and the name (a "… hébergement temporaire" site offers temporary stays).
 */
export const accommodationTypes = {
  permanent: 'Hébergement permanent',
  temporaire: 'Hébergement temporaire',
  accueil_de_jour: 'Accueil de jour',
  accueil_de_nuit: 'Accueil de nuit',
  hospitalisation_complete: 'Hospitalisation complète',
  hospitalisation_de_jour: 'Hospitalisation de jour',
  domicile: 'Prise en charge à domicile',
} as const;

export type AccommodationType = keyof typeof accommodationTypes;
export const accommodationTypeValues = Object.keys(accommodationTypes) as [AccommodationType, ...AccommodationType[]];

export const facilityCapabilities = {
  unite_alzheimer: 'Unité protégée (Alzheimer et maladies apparentées)',
  pasa: 'Pôle d’activités et de soins adaptés (PASA)',
  uhr: 'Unité d’hébergement renforcée (UHR)',
  aide_sociale: 'Habilité à l’aide sociale',
  lits_palliatifs: 'Lits identifiés de soins palliatifs',
  personnes_handicapees_agees: 'Accueil de personnes handicapées vieillissantes',
  oxygenotherapie: 'Oxygénothérapie',
  nutrition_enterale: 'Nutrition entérale',
  tracheotomie: 'Trachéotomie',
  dialyse: 'Dialyse',
} as const;

export type FacilityCapability = keyof typeof facilityCapabilities;
export const facilityCapabilityValues = Object.keys(facilityCapabilities) as [
  FacilityCapability,
  ...FacilityCapability[],
];

const defaultAccommodation: Record<FacilityKind, AccommodationType> = {
  ehpad: 'permanent',
  residence_autonomie: 'permanent',
  usld: 'hospitalisation_complete',
  smr: 'hospitalisation_complete',
  soins_palliatifs: 'hospitalisation_complete',
  had: 'domicile',
  ssiad: 'domicile',
};

/** The accommodation types a kind of facility can offer: an EHPAD has no home hospitalisation, an HAD no rooms. */
const kindAccommodations: Record<FacilityKind, readonly AccommodationType[]> = {
  ehpad: ['permanent', 'temporaire', 'accueil_de_jour', 'accueil_de_nuit'],
  residence_autonomie: ['permanent', 'temporaire', 'accueil_de_jour', 'accueil_de_nuit'],
  usld: ['hospitalisation_complete'],
  smr: ['hospitalisation_complete', 'hospitalisation_de_jour'],
  soins_palliatifs: ['hospitalisation_complete', 'hospitalisation_de_jour'],
  had: ['domicile'],
  ssiad: ['domicile'],
};

/** What a facility of this kind may declare, in the order of the list; `kept` adds types already declared. */
export function accommodationTypesFor(kind: FacilityKind, kept: readonly string[] = []): AccommodationType[] {
  const allowed = new Set<string>([...kindAccommodations[kind], ...kept]);
  return accommodationTypeValues.filter((type) => allowed.has(type));
}

/** The accommodation types a freshly imported facility is listed with, until its managers say otherwise. */
export function guessedAccommodationTypes(kind: FacilityKind, name: string): AccommodationType[] {
  const text = searchText(name);
  if (/\baccueil de jour\b/.test(text)) return ['accueil_de_jour'];
  if (/\bhebergement temporaire\b/.test(text)) return ['temporaire'];
  if (/\bhopital de jour\b|\bhdj\b/.test(text)) return ['hospitalisation_de_jour'];
  return [defaultAccommodation[kind]];
}
