/** Life of one request as a receiving facility sees it (DOMAIN.md §2.3, improved). */
export const facilityTaskStatuses = {
  planned: 'Envoi programmé',
  sent: 'Envoyée',
  read: 'Lue',
  under_review: 'En cours d’étude',
  waitlisted: 'En liste d’attente',
  info_requested: 'Informations complémentaires demandées',
  accepted: 'Accord',
  refused: 'Refusée',
  chosen: 'Choisie',
  admitted: 'Admission réalisée',
  admission_impossible: 'Admission impossible',
  cancelled: 'Annulée',
} as const;

export type FacilityTaskStatus = keyof typeof facilityTaskStatuses;

/** Statuses after which a facility has nothing more to do. */
const finalStatuses: ReadonlySet<FacilityTaskStatus> = new Set([
  'refused',
  'admitted',
  'admission_impossible',
  'cancelled',
]);

export function isTaskOpen(status: FacilityTaskStatus): boolean {
  return !finalStatuses.has(status);
}

/**
 * A request's status as the case reads it: « Envoi programmé » is a second wave waiting for its
 * day; while the case is a draft nothing is sent yet, and nothing is programmed.
 */
export function taskStatusLabel(task: { status: FacilityTaskStatus; wave: number }, caseIsDraft: boolean): string {
  if (task.status === 'planned' && caseIsDraft)
    return task.wave === 2 ? 'Deuxième vague (si aucun accord après l’envoi)' : 'À envoyer (brouillon)';
  return facilityTaskStatuses[task.status];
}

/** The facility owes a first answer: its answer clock runs. */
export function isAwaitingAnswer(status: FacilityTaskStatus): boolean {
  return status === 'sent' || status === 'read' || status === 'under_review';
}

export type FacilityTaskAction =
  | 'markRead'
  | 'startReview'
  | 'waitlist'
  | 'requestInfo'
  | 'answerInfo'
  | 'accept'
  | 'refuse'
  | 'choose'
  | 'confirmAdmission'
  | 'reportAdmissionImpossible'
  | 'withdraw';

/** Which statuses each action may start from; everything else is an invalid transition. */
const allowedFrom: Record<FacilityTaskAction, readonly FacilityTaskStatus[]> = {
  markRead: ['sent'],
  startReview: ['sent', 'read'],
  waitlist: ['sent', 'read', 'under_review'],
  requestInfo: ['sent', 'read', 'under_review', 'waitlisted'],
  answerInfo: ['info_requested'],
  accept: ['sent', 'read', 'under_review', 'waitlisted'],
  // A facility may refuse while waiting for information, or withdraw an acceptance it cannot keep.
  refuse: ['sent', 'read', 'under_review', 'waitlisted', 'info_requested', 'accepted'],
  choose: ['accepted'],
  confirmAdmission: ['chosen'],
  reportAdmissionImpossible: ['chosen'],
  withdraw: ['planned', 'sent', 'read', 'under_review', 'waitlisted', 'info_requested', 'accepted'],
};

export function canApply(action: FacilityTaskAction, from: FacilityTaskStatus): boolean {
  return allowedFrom[action].includes(from);
}
