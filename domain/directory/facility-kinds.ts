/** Kinds of receiving facility, grouped by the pathway (module) they belong to. */
export const facilityKinds = {
  ehpad: { pathway: 'grand_age', label: 'EHPAD' },
  residence_autonomie: { pathway: 'grand_age', label: 'Résidence autonomie' },
  usld: { pathway: 'grand_age', label: 'Unité de soins de longue durée (USLD)' },
  smr: { pathway: 'suites_de_soins', label: 'Soins médicaux et de réadaptation (SMR)' },
  had: { pathway: 'suites_de_soins', label: 'Hospitalisation à domicile (HAD)' },
  soins_palliatifs: { pathway: 'suites_de_soins', label: 'Unité de soins palliatifs' },
  ssiad: { pathway: 'suites_de_soins', label: 'Service de soins infirmiers à domicile (SSIAD)' },
} as const;

export type FacilityKind = keyof typeof facilityKinds;
export type Pathway = (typeof facilityKinds)[FacilityKind]['pathway'];

export const facilityKindValues = Object.keys(facilityKinds) as [FacilityKind, ...FacilityKind[]];

export const pathwayLabels: Record<Pathway, string> = {
  grand_age: 'Grand âge',
  suites_de_soins: 'Suites de soins',
};

export function pathwayOf(kind: FacilityKind): Pathway {
  return facilityKinds[kind].pathway;
}
