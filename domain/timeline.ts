import type { ReferralEventType } from './referral-state.ts';

/** How each case event reads on the timeline. */
export const referralEventLabels: Record<ReferralEventType, string> = {
  'referral.created': 'Demande créée',
  'referral.sent': 'Demande envoyée aux établissements',
  'task.sent': 'Demande reçue par l’établissement',
  'task.reminded': 'Relance envoyée à l’établissement',
  'task.accepted': 'Accord de l’établissement',
  'task.refused': 'Refus de l’établissement',
  'task.chosen': 'Établissement choisi',
  'task.cancelled': 'Demande annulée pour cet établissement',
  'task.admitted': 'Admission confirmée par l’établissement',
  'referral.facility_chosen': 'Choix de l’établissement enregistré',
  'referral.admitted': 'Demande close : admission réalisée',
  'referral.cancelled': 'Demande annulée',
};

export const taskCancellationLabels = {
  admitted_elsewhere: 'Annulation automatique : admission dans un autre établissement',
  referral_cancelled: 'Demande annulée par le demandeur',
} as const;
