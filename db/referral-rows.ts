import { nextDeadline } from '../domain/referral/deadline-schedule.ts';
import { activePhysicianId } from '../domain/referral/family.ts';
import { type FacilityTask, type ReferralState, referralWorkflowId } from '../domain/referral/state.ts';

/**
 * The read model's rows of a referral, from the workflow's state: what the projection writes
 * (activities/project-referral.ts), and what a command's answer is built from (api/referrals),
 * so the answer and the read model can never say two things.
 */
export function referralRow(state: ReferralState) {
  const deadline = nextDeadline(state);
  return {
    id: state.caseId,
    workflowId: referralWorkflowId(state.caseId),
    kind: state.kind,
    status: state.status,
    requesterId: state.requesterId,
    patientLastName: state.patient.lastName,
    patientFirstName: state.patient.firstName,
    patientBirthDate: state.patient.birthDate,
    patientSex: state.patient.sex,
    departement: state.patient.departement ?? null,
    cancellationReason: state.cancellationReason ?? null,
    rulesVersion: state.rulesVersion,
    dossierVersion: state.dossier.version,
    missingParts: state.dossier.missingParts,
    gir: state.dossier.gir ?? null,
    stalled: state.stalled.length > 0,
    stalledMarks: state.stalled,
    stalledSince:
      state.stalled.length > 0 ? new Date(Math.min(...state.stalled.map((mark) => Date.parse(mark.since)))) : null,
    coordination: state.coordination ?? {},
    followedUntil: state.coordination?.followedUntil ?? null,
    nextDeadlineType: deadline?.type ?? null,
    nextDeadlineAt: deadline ? new Date(deadline.at) : null,
    secondWaveAfterDays: state.secondWave?.afterDays ?? null,
    secondWaveSendAt: state.secondWave?.sendAt && !state.secondWave.sentAt ? new Date(state.secondWave.sendAt) : null,
    lastActivityAt: new Date(state.lastActivityAt),
    version: state.lastSeq,
    createdAt: new Date(state.createdAt),
    updatedAt: new Date(state.updatedAt),
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
    origin: state.origin?.kind ?? null,
    dossierNumber: state.dossierNumber ?? null,
    family: state.origin ?? null,
    physicianId: activePhysicianId(state.origin) ?? null,
    referentIds: state.origin ? null : (state.referentIds ?? null),
  };
}

/** One facility task's row. */
export function facilityTaskRow(state: ReferralState, task: FacilityTask) {
  const date = (value: string | undefined) => (value ? new Date(value) : null);
  return {
    id: task.taskId,
    referralId: state.caseId,
    facilityId: task.facilityId,
    status: task.status,
    wave: task.wave,
    readAt: date(task.readAt),
    clockPausedMs: task.clockPausedMs ?? 0,
    infoQuestion: task.infoRequest?.question ?? null,
    infoAskedAt: date(task.infoRequest?.askedAt),
    infoAnswer: task.infoRequest?.answer ?? null,
    infoAnsweredAt: date(task.infoRequest?.answeredAt),
    acceptedAt: date(task.acceptedAt),
    proposedEntryDate: task.proposedEntryDate ?? null,
    placeHeldUntil: task.placeHeldUntil ?? null,
    placeReleasedAt: date(task.placeReleasedAt),
    admissionImpossibleReason: task.admissionImpossibleReason ?? null,
    answeredDossierVersion: task.answeredDossierVersion ?? null,
    requesterRemindedAt: date(task.requesterRemindedAt),
    refusalReason: task.refusal?.reasonCode ?? null,
    refusalComment: task.refusal?.comment ?? null,
    cancellationReason: task.cancellationReason ?? null,
    version: state.lastSeq,
    sentAt: date(task.sentAt),
    remindedAt: date(task.remindedAt),
    updatedAt: new Date(task.updatedAt),
  };
}
