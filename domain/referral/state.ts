import type { FacilityKind } from '../directory/facility-kinds.ts';
import type { ErrorCode } from '../errors.ts';
import type { CaseCoordination } from './coordination-state.ts';
import type { ClockPause } from './deadlines.ts';
import type { DraftDossier } from './dossier.ts';
import type { FacilityTaskStatus } from './facility-task.ts';
import type { PatientIdentity } from './patient.ts';
import type { RefusalReason } from './refusal-reasons.ts';
import type { StalledMark } from './stalls.ts';

/**
 * The state of one referral (one patient's case sent to N facilities) and the small helpers that
 * write a new version of it. The workflow owns an instance of this state; `decide.ts` moves it.
 */
export const referralStatuses = {
  draft: 'Brouillon',
  sent: 'En attente de réponses',
  facility_chosen: 'Établissement choisi',
  admitted: 'Admission réalisée',
  cancelled: 'Annulée',
  archived: 'Archivée (inactivité)',
} as const;

export type ReferralStatus = keyof typeof referralStatuses;

export type ReferralRulesVersion = 1 | 2 | 3;
export const currentReferralRules: ReferralRulesVersion = 3;

/** One workflow per case; its id is derived from the case id so any process can find it. */
export function referralWorkflowId(caseId: string): string {
  return `referral/${caseId}`;
}

export function isReferralClosed(status: ReferralStatus): boolean {
  return status === 'admitted' || status === 'cancelled' || status === 'archived';
}

export type TaskCancellationReason =
  | 'admitted_elsewhere'
  | 'referral_cancelled'
  | 'withdrawn_by_requester'
  | 'archived';

export interface FacilityTask {
  taskId: string;
  facilityId: string;
  facilityName: string;
  /** 1 for the first group sent; 2 for a planned second wave. */
  wave: 1 | 2;
  status: FacilityTaskStatus;
  sentAt?: string;
  readAt?: string;
  /** Time the answer clock stood still while the facility waited for information. */
  clockPausedMs?: number;
  /** Rules v3: each stretch the answer clock stood still (from the question to its answer). */
  clockPauses?: ClockPause[];
  infoRequest?: {
    question: string;
    askedAt: string;
    answer?: string;
    answeredAt?: string;
    resumeStatus: FacilityTaskStatus;
  };
  proposedEntryDate?: string;
  placeHeldUntil?: string;
  placeReleasedAt?: string;
  acceptedAt?: string;
  refusal?: { reasonCode: RefusalReason; comment?: string };
  cancellationReason?: TaskCancellationReason;
  statusBeforeCancellation?: FacilityTaskStatus;
  admissionImpossibleReason?: string;
  /** Dossier version the facility had when it answered. */
  answeredDossierVersion?: number;
  remindedAt?: string;
  requesterRemindedAt?: string;
  updatedAt: string;
}

export interface DossierSummary {
  version: number;
  missingParts: { path: string; label: string }[];
  gir?: number;
}

/**
 * Where a case comes from: absent for a professional's request (unchanged), `family` for a request
 * the person or a relative (référent) started in the espace particulier, which their médecin
 * traitant completes. Only executions started since the `referral-family-origin` patch carry one.
 */
export interface FamilyOrigin {
  kind: 'family';
  /** Particulier accounts; the first created it (and is the case's requester). */
  referentIds: string[];
  /**
   * A request an assisting professional (social worker…) created on behalf of the person, with the
   * person's consent; they are its requester until a référent takes it over (their access ends then,
   * unless the référent keeps them: `keptByReferent`, until `endedAt`).
   */
  assistedBy?: {
    professionalId: string;
    consent: { givenBy: string; at: string; how: 'oral' | 'written' };
    keptByReferent?: boolean;
    endedAt?: string;
  };
  physician?: {
    userId?: string;
    invitedEmail?: string;
    designatedAt: string;
    completedAt?: string;
    declinedAt?: string;
    remindedAt?: string;
    /** Whether the physician lets the référents see the GIR they computed (never the grid). */
    girShared?: boolean;
  };
  emailConfirmation: { confirmedAt?: string; remindedAt?: string };
}

export interface ReferralState {
  /**
   * 1: the first release (answer reminders only); 2: full deadlines, dossier, waves; 3: the same
   * deadlines on the Paris calendar (same time of day across daylight saving, a paused clock
   * resumed in working days). A case keeps the version it started with.
   */
  rulesVersion: ReferralRulesVersion;
  caseId: string;
  kind: FacilityKind;
  requesterId: string;
  patient: PatientIdentity;
  status: ReferralStatus;
  tasks: FacilityTask[];
  dossier: DossierSummary;
  /** A second group of facilities, sent automatically if nobody of the first has accepted in time. */
  secondWave?: { afterDays: number; sendAt?: string; sentAt?: string };
  stalled: StalledMark[];
  lastActivityAt: string;
  inactivityAlertedAt?: string;
  /** Sequence number of the last event; the read model keeps the same number. */
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  cancellationReason?: string;
  /** What the territory's coordinators did about a stall (absent until they act). */
  coordination?: CaseCoordination;
  /** A family request's origin (absent: a professional's request). */
  origin?: FamilyOrigin;
  /** The readable dossier number shown on every page and message (family requests: `P-2026-000123`). */
  dossierNumber?: string;
  /**
   * A professional's request (no origin): the family the physician invited as référents, so they
   * follow it and choose among acceptances; the physician stays its requester (issue 15 item 7).
   */
  referentIds?: string[];
}

export type ReferralEventType =
  | 'referral.created'
  | 'referral.sent'
  | 'referral.dossier_updated'
  | 'referral.facility_chosen'
  | 'referral.reopened'
  | 'referral.admitted'
  | 'referral.cancelled'
  | 'referral.second_wave_sent'
  | 'referral.choice_reminded'
  | 'referral.inactivity_alert'
  | 'referral.archived'
  | 'referral.stalled'
  | 'referral.stall_cleared'
  | 'referral.email_reminded'
  | 'referral.email_confirmed'
  | 'referral.referent_added'
  | 'referral.assistance_ended'
  | 'physician.designated'
  | 'physician.completed'
  | 'physician.declined'
  | 'physician.reminded'
  | 'coordination.reminded'
  | 'coordination.note_added'
  | 'coordination.escalated'
  | 'coordination.facilities_suggested'
  | 'coordination.taken_in_charge'
  | 'task.sent'
  | 'task.read'
  | 'task.under_review'
  | 'task.waitlisted'
  | 'task.info_requested'
  | 'task.info_answered'
  | 'task.reminded'
  | 'task.accepted'
  | 'task.place_released'
  | 'task.refused'
  | 'task.chosen'
  | 'task.cancelled'
  | 'task.reactivated'
  | 'task.admitted'
  | 'task.admission_impossible';

export interface ReferralEvent {
  seq: number;
  type: ReferralEventType;
  at: string;
  taskId?: string;
  actorId?: string;
  data?: Record<string, string>;
}

export interface NewFacilityTask {
  taskId: string;
  facilityId: string;
  facilityName: string;
  wave?: 1 | 2;
}

export interface NewReferral {
  caseId: string;
  kind: FacilityKind;
  requesterId: string;
  patient: PatientIdentity;
  facilities: NewFacilityTask[];
  dossier?: DraftDossier;
  /** Days after sending before the second wave goes out, if nobody accepted; default per kind. */
  secondWaveAfterDays?: number;
  /** A family request: its référents (the first is the requester), maybe its physician. */
  origin?: FamilyOrigin;
  dossierNumber?: string;
}

export type DeadlineType =
  | 'answer_reminder'
  | 'answer_stalled'
  | 'info_answer_stalled'
  | 'choice_reminder'
  | 'choice_stalled'
  | 'place_release'
  | 'admission_overdue'
  | 'second_wave'
  | 'inactivity_alert'
  | 'archive'
  | 'email_confirmation_reminder'
  | 'email_confirmation_cancel'
  | 'physician_reminder'
  | 'physician_stalled';

export interface Deadline {
  type: DeadlineType;
  at: number;
  taskId?: string;
}

export type Decision = { ok: true; state: ReferralState; events: ReferralEvent[] } | { ok: false; code: ErrorCode };

export type Draft = Omit<ReferralEvent, 'seq' | 'at'>;

export function sendTask(task: FacilityTask, now: string): FacilityTask {
  return { ...task, status: 'sent', sentAt: now, updatedAt: now };
}

export function refuse(code: ErrorCode): Decision {
  return { ok: false, code };
}

export function cancelTask(task: FacilityTask, reason: TaskCancellationReason, now: string): FacilityTask {
  return {
    ...task,
    status: 'cancelled',
    cancellationReason: reason,
    statusBeforeCancellation: task.status,
    updatedAt: now,
  };
}

export function cancelledEvents(before: FacilityTask[], after: FacilityTask[], actorId?: string): Draft[] {
  return after
    .filter((task, index) => task.status === 'cancelled' && before[index]?.status !== 'cancelled')
    .map((task) => ({
      type: 'task.cancelled',
      taskId: task.taskId,
      ...(actorId ? { actorId } : {}),
      data: { reason: task.cancellationReason ?? 'referral_cancelled' },
    }));
}

export function replace(tasks: FacilityTask[], updated: FacilityTask): FacilityTask[] {
  return tasks.map((task) => (task.taskId === updated.taskId ? updated : task));
}

export function commit(
  state: ReferralState,
  now: string,
  changes: Partial<ReferralState>,
  tasks: FacilityTask[],
  drafts: Draft[],
  options: { system?: boolean } = {},
): Decision {
  const events = drafts.map((draft, index): ReferralEvent => ({ ...draft, seq: state.lastSeq + index + 1, at: now }));
  return {
    ok: true,
    state: {
      ...state,
      ...changes,
      tasks,
      lastSeq: state.lastSeq + events.length,
      updatedAt: now,
      // Reminders and marks the platform adds itself are not activity: they must not reset inactivity.
      lastActivityAt: options.system ? state.lastActivityAt : now,
    },
    events,
  };
}
