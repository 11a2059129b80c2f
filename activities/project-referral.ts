import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { facilityTasks, referralEvents, referrals } from '../db/schema.ts';
import { type ReferralEvent, type ReferralState, referralWorkflowId } from '../domain/referral-state.ts';

/**
 * Writes a referral's state into the read model. Idempotent and order-proof: events are keyed by
 * (case, seq), and rows only move forward (a retried, older snapshot never overwrites a newer one).
 */
export async function projectReferral(
  db: Database,
  input: { state: ReferralState; events: ReferralEvent[] },
): Promise<void> {
  const { state, events } = input;
  await db.transaction(async (tx) => {
    const row = {
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
      version: state.lastSeq,
      createdAt: new Date(state.createdAt),
      updatedAt: new Date(state.updatedAt),
      closedAt: state.closedAt ? new Date(state.closedAt) : null,
    };
    const { id: _id, workflowId: _wf, requesterId: _rq, createdAt: _ca, ...changes } = row;
    await tx
      .insert(referrals)
      .values(row)
      .onConflictDoUpdate({
        target: referrals.id,
        set: changes,
        setWhere: sql`${referrals.version} < ${state.lastSeq}`,
      });

    for (const task of state.tasks) {
      const taskRow = {
        id: task.taskId,
        referralId: state.caseId,
        facilityId: task.facilityId,
        status: task.status,
        proposedEntryDate: task.proposedEntryDate ?? null,
        refusalReason: task.refusal?.reasonCode ?? null,
        refusalComment: task.refusal?.comment ?? null,
        cancellationReason: task.cancellationReason ?? null,
        version: state.lastSeq,
        sentAt: task.sentAt ? new Date(task.sentAt) : null,
        remindedAt: task.remindedAt ? new Date(task.remindedAt) : null,
        updatedAt: new Date(task.updatedAt),
      };
      const { id: _tid, referralId: _rid, facilityId: _fid, ...taskChanges } = taskRow;
      await tx
        .insert(facilityTasks)
        .values(taskRow)
        .onConflictDoUpdate({
          target: facilityTasks.id,
          set: taskChanges,
          setWhere: sql`${facilityTasks.version} < ${state.lastSeq}`,
        });
    }

    if (events.length > 0) {
      await tx
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
        .onConflictDoNothing();
    }
  });
}
