/** Reasons a facility may give when it refuses a request (modelled on the national TRE_R358 list). */
export const refusalReasons = {
  no_place: 'Pas de place disponible dans un délai compatible',
  care_not_adapted: 'Prise en charge médicale non adaptée à l’établissement',
  admission_criteria: 'Ne répond pas aux critères d’admission',
  age_incompatible: 'Âge incompatible avec l’agrément',
  distance: 'Éloignement géographique',
  resources_insufficient: 'Moyens de l’établissement insuffisants',
  incomplete_file: 'Dossier incomplet ou insuffisant pour décider',
  other: 'Autre motif (préciser)',
} as const;

export type RefusalReason = keyof typeof refusalReasons;
export const refusalReasonValues = Object.keys(refusalReasons) as [RefusalReason, ...RefusalReason[]];
