import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { dossierVersions, facilityTasks, referralEvents, referrals } from '../db/schema.ts';
import { nextDeadline } from '../domain/referral/deadline-schedule.ts';
import type { DraftDossier } from '../domain/referral/dossier.ts';
import {
  type FacilityTask,
  type ReferralEvent,
  type ReferralState,
  referralWorkflowId,
} from '../domain/referral/state.ts';
import { type AuditEvent, appendAudit } from '../services/identity/audit.ts';

export interface ProjectionInput {
  state: ReferralState;
  events: ReferralEvent[];
  /** A new dossier version to store along with the state that refers to it. */
  dossier?: { version: number; content: DraftDossier; authorId: string | undefined };
}

/**
 * Writes a referral's state into the read model. Idempotent and order-proof: events are keyed by
 * (case, seq), and rows only move forward (a retried, older snapshot never overwrites a newer one).
 */
export async function projectReferral(db: Database, input: ProjectionInput): Promise<void> {
  const { state, events } = input;
  await db.transaction(async (tx) => {
    const row = referralRow(state);
    const { id: _id, workflowId: _wf, requesterId: _rq, createdAt: _ca, ...changes } = row;
    await tx
      .insert(referrals)
      .values(row)
      .onConflictDoUpdate({
        target: referrals.id,
        set: changes,
        setWhere: sql`${referrals.version} < ${state.lastSeq}`,
      });

    // Every task in one statement (a case has up to a dozen, projected at each step of its life).
    const taskRows = state.tasks.map((task) => facilityTaskRow(state, task));
    if (taskRows[0]) {
      await tx
        .insert(facilityTasks)
        .values(taskRows)
        .onConflictDoUpdate({
          target: facilityTasks.id,
          set: fromExcluded(taskRows[0]),
          setWhere: sql`${facilityTasks.version} < ${state.lastSeq}`,
        });
    }

    if (input.dossier) {
      await tx
        .insert(dossierVersions)
        .values({
          referralId: state.caseId,
          version: input.dossier.version,
          content: input.dossier.content,
          authorId: input.dossier.authorId ?? null,
          createdAt: new Date(state.updatedAt),
        })
        .onConflictDoNothing();
    }

    if (events.length > 0) {
      const inserted = await tx
        .insert(referralEvents)
        .values(
          events.map((event) => ({
            referralId: state.caseId,
            seq: event.seq,
            type: event.type,
            taskId: event.taskId ?? null,
            actorId: event.actorId ?? null,
            data: event.data ?? {},
            occurredAt: new Date(event.at),
          })),
        )
        .onConflictDoNothing()
        .returning({ seq: referralEvents.seq });
      await recordFirstAnswers(tx, events);
      // Coordinators' actions go to the audit journal with the state they changed, once (a retried
      // snapshot inserts no event again). Codes and ids only: never the words of a note or message.
      const fresh = new Set(inserted.map((row) => row.seq));
      for (const event of events) {
        if (!fresh.has(event.seq) || !event.type.startsWith('coordination.')) continue;
        await appendAudit(tx, {
          event: event.type as AuditEvent,
          userId: event.actorId ?? null,
          details: {
            caseId: state.caseId,
            ...(event.taskId ? { taskId: event.taskId } : {}),
            ...(event.data?.party ? { party: event.data.party } : {}),
            ...(event.data?.until ? { until: event.data.until } : {}),
            ...(event.data?.facilityIds ? { facilityIds: event.data.facilityIds } : {}),
          },
        });
      }
    }
  });
}

const answerEvents = new Set<ReferralEvent['type']>(['task.accepted', 'task.refused', 'task.waitlisted']);

/** Keeps on each task its first decision's time (the observatory's answer delay); the earliest wins on retries. */
async function recordFirstAnswers(tx: Pick<Database, 'update'>, events: ReferralEvent[]): Promise<void> {
  for (const event of events) {
    if (!event.taskId || !answerEvents.has(event.type)) continue;
    const at = sql`${event.at}::timestamptz`;
    await tx
      .update(facilityTasks)
      .set({
        answeredAt: sql`least(coalesce(${facilityTasks.answeredAt}, ${at}), ${at})`,
        ...(event.type === 'task.waitlisted'
          ? { waitlistedAt: sql`least(coalesce(${facilityTasks.waitlistedAt}, ${at}), ${at})` }
          : {}),
      })
      .where(eq(facilityTasks.id, event.taskId));
  }
}

function referralRow(state: ReferralState) {
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
  };
}

/** On conflict, the columns the projection writes take the proposed row's value (`excluded`); identity never changes. */
function fromExcluded(row: ReturnType<typeof facilityTaskRow>) {
  const columns = getTableColumns(facilityTasks);
  const keys = Object.keys(row).filter((key) => !['id', 'referralId', 'facilityId'].includes(key));
  return Object.fromEntries(
    keys.map((key) => [key, sql.raw(`excluded."${columns[key as keyof typeof columns].name}"`)]),
  );
}

function facilityTaskRow(state: ReferralState, task: FacilityTask) {
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
