import { formatFrenchDay } from '../calendar/days.ts';
import type { FacilityTaskStatus } from './facility-task.ts';
import type { ReferralStatus } from './state.ts';

/**
 * Where a case stands for the physician who asked, in their words: what they must do first
 * (choose among acceptances, answer a question), otherwise what they wait for. The case's own
 * status (`referralStatuses`) says « En attente de réponses » as long as nobody was chosen, even
 * when an acceptance waits for the physician; this is what « Mes demandes » and the home page show.
 */
export const requesterStatuses = {
  draft: 'Brouillon',
  choice_pending: 'Accord reçu — à vous de choisir',
  info_requested: 'Informations demandées',
  awaiting_answers: 'En attente de réponses',
  no_acceptance: 'Aucun accord — toutes les réponses sont négatives',
  admission_planned: 'Admission prévue',
  facility_chosen: 'Établissement choisi',
  closed: 'Clos',
} as const;

export type RequesterStatusCode = keyof typeof requesterStatuses;

export interface RequesterStatus {
  code: RequesterStatusCode;
  label: string;
  /** The requester is the one to act (choose, answer). */
  toAct: boolean;
}

/** What the status needs of a case: its status and each facility's request (read model or workflow state). */
export interface RequesterStatusFacts {
  status: ReferralStatus;
  tasks: readonly { status: FacilityTaskStatus; proposedEntryDate?: string | null | undefined }[];
}

/** Statuses of a request still to come or to be answered by the facility. */
const waitingForFacility: ReadonlySet<FacilityTaskStatus> = new Set([
  'planned',
  'sent',
  'read',
  'under_review',
  'waitlisted',
]);

const closedLabels: Partial<Record<ReferralStatus, string>> = {
  admitted: 'Clos — admission réalisée',
  cancelled: 'Clos — demande annulée',
  archived: 'Clos — archivée (inactivité)',
};

/** The one requester-facing status of a case (see `requesterStatuses`). */
export function requesterStatus(facts: RequesterStatusFacts): RequesterStatus {
  const status = (code: RequesterStatusCode, label: string = requesterStatuses[code], toAct = false) => ({
    code,
    label,
    toAct,
  });
  switch (facts.status) {
    case 'draft':
      return status('draft');
    case 'admitted':
    case 'cancelled':
    case 'archived':
      return status('closed', closedLabels[facts.status]);
    case 'facility_chosen': {
      const chosen = facts.tasks.find((task) => task.status === 'chosen');
      return chosen?.proposedEntryDate
        ? status('admission_planned', `Admission prévue le ${formatFrenchDay(chosen.proposedEntryDate)}`)
        : status('facility_chosen');
    }
    case 'sent': {
      if (facts.tasks.some((task) => task.status === 'accepted')) return status('choice_pending', undefined, true);
      if (facts.tasks.some((task) => task.status === 'info_requested'))
        return status('info_requested', undefined, true);
      if (facts.tasks.some((task) => waitingForFacility.has(task.status))) return status('awaiting_answers');
      return status('no_acceptance');
    }
  }
}
