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
  'referral.email_reminded': 'Rappel : adresse e-mail du référent à confirmer',
  'referral.email_confirmed': 'Adresse e-mail du référent confirmée',
  'referral.referent_added': 'Nouveau référent ajouté au dossier',
  'referral.assistance_ended': 'Fin de l’accompagnement par le professionnel qui a créé la demande',
  'physician.designated': 'Médecin traitant désigné',
  'physician.completed': 'Volet médical complété et validé par le médecin',
  'physician.declined': 'Le médecin désigné a indiqué ne pas être le médecin de la personne',
  'physician.reminded': 'Relance envoyée au médecin désigné',
  'coordination.reminded': 'Relance de la coordination du territoire',
  'coordination.note_added': 'Note de la coordination (réservée aux coordinateurs)',
  'coordination.escalated': 'Message de la coordination au demandeur',
  'coordination.facilities_suggested': 'Établissements suggérés par la coordination',
  'coordination.taken_in_charge': 'Dossier pris en charge par la coordination',
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
  email_confirmation_reminder: 'Rappel : confirmer l’adresse e-mail du référent',
  email_confirmation_cancel: 'Annulation si l’adresse e-mail n’est pas confirmée',
  physician_reminder: 'Relance du médecin désigné',
  physician_stalled: 'Délai du médecin désigné pour compléter le dossier',
};

/**
 * Who reads a coordination event on the case's timeline, besides the territory's coordinators
 * (who read all of them): a reminder, the party reminded (the requester, or the facility of its
 * task); an escalation and suggestions, the requester. Notes and « pris en charge » are the
 * coordinators' own: never shown to a facility nor to the requester.
 */
export function coordinationEventAudience(event: {
  type: string;
  data?: Record<string, string> | null;
}): 'coordinators' | 'requester' | 'facility' | undefined {
  switch (event.type) {
    case 'coordination.reminded':
      return event.data?.party === 'facility' ? 'facility' : 'requester';
    case 'coordination.escalated':
    case 'coordination.facilities_suggested':
      return 'requester';
    case 'coordination.note_added':
    case 'coordination.taken_in_charge':
      return 'coordinators';
    default:
      return undefined;
  }
}
