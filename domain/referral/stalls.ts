import { type FacilityTaskStatus, isAwaitingAnswer } from './facility-task.ts';

export const stalledReasons = {
  facility_no_answer: 'Pas de réponse de l’établissement dans le délai',
  info_answer_pending: 'Informations demandées par l’établissement, sans réponse du demandeur',
  choice_pending: 'Accord reçu, sans choix du demandeur',
  admission_overdue: 'Admission non confirmée après la date d’entrée prévue',
  inactive: 'Dossier sans changement depuis plusieurs mois',
  physician_pending: 'Volet médical attendu du médecin traitant',
} as const;

export type StalledReason = keyof typeof stalledReasons;

export interface StalledMark {
  reason: StalledReason;
  /** Who must act to clear it. */
  party: 'facility' | 'requester' | 'physician';
  taskId?: string;
  since: string;
}

/** What clearing needs to know of a case (kept structural so this file needs nothing of `state.ts`). */
interface StalledCase {
  status: string;
  tasks: { taskId: string; status: FacilityTaskStatus }[];
  stalled: StalledMark[];
  lastActivityAt: string;
  lastSeq: number;
  /** A family request's physician: their stall lasts while they have neither completed nor declined. */
  origin?: { physician?: { designatedAt: string; completedAt?: string; declinedAt?: string } };
}

export type StallCleared = {
  seq: number;
  type: 'referral.stall_cleared';
  at: string;
  taskId?: string;
  data: { reason: StalledReason };
};

/** Drops stalled marks whose cause has gone (the facility answered, the requester chose…). */
export function clearResolvedStalls<Case extends StalledCase>(
  state: Case,
  now: string,
): { state: Case; events: StallCleared[] } {
  const stillStalled = (mark: StalledMark): boolean => {
    const task = mark.taskId ? state.tasks.find((candidate) => candidate.taskId === mark.taskId) : undefined;
    switch (mark.reason) {
      case 'facility_no_answer':
        return !!task && isAwaitingAnswer(task.status);
      case 'info_answer_pending':
        return task?.status === 'info_requested';
      case 'choice_pending':
        return task?.status === 'accepted' && state.status === 'sent';
      case 'admission_overdue':
        return task?.status === 'chosen';
      case 'inactive':
        return Date.parse(state.lastActivityAt) <= Date.parse(mark.since);
      case 'physician_pending': {
        const physician = state.origin?.physician;
        return (
          !!physician &&
          !physician.completedAt &&
          !physician.declinedAt &&
          Date.parse(physician.designatedAt) <= Date.parse(mark.since)
        );
      }
    }
  };
  const kept = state.stalled.filter(stillStalled);
  if (kept.length === state.stalled.length) return { state, events: [] };
  const events = state.stalled
    .filter((mark) => !kept.includes(mark))
    .map(
      (mark, index): StallCleared => ({
        seq: state.lastSeq + index + 1,
        type: 'referral.stall_cleared',
        at: now,
        ...(mark.taskId ? { taskId: mark.taskId } : {}),
        data: { reason: mark.reason },
      }),
    );
  return { state: { ...state, stalled: kept, lastSeq: state.lastSeq + events.length }, events };
}
