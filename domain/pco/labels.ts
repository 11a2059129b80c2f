import type { PcoDeadlineType, PcoEventType } from './orientation-state.ts';

/** How an orientation's events and deadlines read in French. */
export const pcoEventLabels: Record<PcoEventType, string> = {
  'pco.submitted': 'Orientation adressée à la plateforme',
  'pco.validation_reminded': 'Rappel : prescription à valider',
  'pco.validated': 'Prescription validée, plan de bilans et d’interventions établi',
  'pco.refused': 'Prescription non validée',
  'pco.care_recorded': 'Bilan ou intervention enregistré',
  'pco.package_warning': 'Alerte : forfait d’intervention précoce bientôt épuisé',
  'pco.synthesis_held': 'Réunion de synthèse avec la famille',
  'pco.renewal_reminded': 'Rappel : fin de parcours dans un mois',
  'pco.renewed': 'Parcours renouvelé pour un an',
  'pco.not_renewed': 'Parcours non renouvelé',
  'pco.closed': 'Parcours clos',
  'pco.stalled': 'Échéance réglementaire dépassée',
  'pco.stall_cleared': 'Échéance dépassée levée',
};

export const pcoDeadlineLabels: Record<PcoDeadlineType, string> = {
  validation_reminder: 'Rappel de validation',
  validation_overdue: 'Validation de la prescription (15 jours)',
  first_assessment_overdue: 'Premier bilan (3 mois après la validation)',
  synthesis_overdue: 'Synthèse avec la famille (6 mois après le premier bilan ou la première intervention)',
  end_reminder: 'Rappel de fin de parcours',
  pathway_end: 'Fin du parcours',
};

/** "3 ans 2 mois", "8 mois": the age as professionals say it. */
export function frenchAge(ageMonths: number): string {
  const years = Math.floor(ageMonths / 12);
  const months = ageMonths % 12;
  if (years === 0) return `${months} mois`;
  const yearText = `${years} an${years > 1 ? 's' : ''}`;
  return months === 0 ? yearText : `${yearText} ${months} mois`;
}
