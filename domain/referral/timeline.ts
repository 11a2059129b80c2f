import type { DeadlineType, ReferralEventType, ReferralStatus, TaskCancellationReason } from './state.ts';

/** How each case event reads on the timeline. */
export const referralEventLabels: Record<ReferralEventType, string> = {
  'referral.created': 'Demande créée',
  'referral.sent': 'Demande envoyée aux établissements',
  'referral.dossier_updated': 'Dossier mis à jour (nouvelle version)',
  'referral.facility_chosen': 'Choix de l’établissement enregistré',
  'referral.reopened': 'Demande rouverte : admission impossible dans l’établissement choisi',
  'referral.admitted': 'Demande close : admission réalisée',
  'referral.cancelled': 'Demande annulée',
  'referral.second_wave_sent': 'Aucun accord dans le délai : envoi de la deuxième vague',
  'referral.choice_reminded': 'Rappel au demandeur : un accord attend son choix',
  'referral.inactivity_alert': 'Alerte : dossier sans changement depuis six mois',
  'referral.archived': 'Dossier archivé pour inactivité',
  'referral.stalled': 'Dossier en attente : délai dépassé',
  'referral.stall_cleared': 'Délai dépassé levé',
  'task.sent': 'Demande reçue par l’établissement',
  'task.read': 'Demande lue par l’établissement',
  'task.under_review': 'Demande en cours d’étude',
  'task.waitlisted': 'Inscription en liste d’attente',
  'task.info_requested': 'Informations complémentaires demandées',
  'task.info_answered': 'Informations complémentaires transmises',
  'task.reminded': 'Relance envoyée à l’établissement',
  'task.accepted': 'Accord de l’établissement',
  'task.place_released': 'Place réservée libérée (date dépassée)',
  'task.refused': 'Refus de l’établissement',
  'task.chosen': 'Établissement choisi',
  'task.cancelled': 'Demande annulée pour cet établissement',
  'task.reactivated': 'Demande réactivée pour cet établissement',
  'task.admitted': 'Admission confirmée par l’établissement',
  'task.admission_impossible': 'Admission déclarée impossible par l’établissement',
};

export const taskCancellationLabels: Record<TaskCancellationReason, string> = {
  admitted_elsewhere: 'Annulation automatique : admission dans un autre établissement',
  referral_cancelled: 'Demande annulée par le demandeur',
  withdrawn_by_requester: 'Demande retirée par le demandeur',
  archived: 'Dossier archivé pour inactivité',
};

/**
 * Why a request was cancelled, as the case stands: a choice elsewhere withdraws it before anyone is
 * admitted, so « admission dans un autre établissement » waits for the admission itself.
 */
export function taskCancellationLabel(reason: TaskCancellationReason, caseStatus: ReferralStatus): string {
  if (reason === 'admitted_elsewhere' && caseStatus !== 'admitted')
    return 'Demande retirée : le demandeur a choisi un autre établissement';
  return taskCancellationLabels[reason];
}

/** What each deadline is, for the « prochaine échéance » line of a case. */
export const deadlineLabels: Record<DeadlineType, string> = {
  answer_reminder: 'Relance d’un établissement sans réponse',
  answer_stalled: 'Délai de réponse d’un établissement',
  info_answer_stalled: 'Réponse attendue à une demande d’informations',
  choice_reminder: 'Rappel : un accord attend votre choix',
  choice_stalled: 'Délai de choix après un accord',
  place_release: 'Fin de la réservation d’une place',
  admission_overdue: 'Admission attendue après la date d’entrée prévue',
  second_wave: 'Envoi automatique de la deuxième vague',
  inactivity_alert: 'Alerte d’inactivité (six mois sans changement)',
  archive: 'Archivage pour inactivité',
};
