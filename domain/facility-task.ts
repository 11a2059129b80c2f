/** Life of one request as a receiving facility sees it (DOMAIN.md §2.3). */
export const facilityTaskStatuses = {
  sent: 'Envoyée',
  read: 'Lue',
  under_review: 'En cours d’étude',
  waitlisted: 'En liste d’attente',
  info_requested: 'Informations complémentaires demandées',
  accepted: 'Accord',
  refused: 'Refusée',
  chosen: 'Choisie',
  admitted: 'Admission réalisée',
  cancelled: 'Annulée',
} as const;

export type FacilityTaskStatus = keyof typeof facilityTaskStatuses;

/** Statuses after which a facility has nothing more to do. */
const finalStatuses: ReadonlySet<FacilityTaskStatus> = new Set(['refused', 'admitted', 'cancelled']);

export function isTaskOpen(status: FacilityTaskStatus): boolean {
  return !finalStatuses.has(status);
}

/** A facility has answered once it has accepted, refused or gone further. */
export function hasFacilityAnswered(status: FacilityTaskStatus): boolean {
  return status !== 'sent' && status !== 'read';
}

export type FacilityTaskAction = 'accept' | 'refuse' | 'choose' | 'confirmAdmission' | 'cancel';

/** Which statuses each action may start from; everything else is refused as an invalid transition. */
const allowedFrom: Record<FacilityTaskAction, readonly FacilityTaskStatus[]> = {
  accept: ['sent', 'read', 'under_review', 'waitlisted'],
  refuse: ['sent', 'read', 'under_review', 'waitlisted'],
  choose: ['accepted'],
  confirmAdmission: ['chosen'],
  cancel: ['sent', 'read', 'under_review', 'waitlisted', 'info_requested', 'accepted'],
};

export function canApply(action: FacilityTaskAction, from: FacilityTaskStatus): boolean {
  return allowedFrom[action].includes(from);
}
