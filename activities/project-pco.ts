import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { pcoCases, pcoEvents } from '../db/schema-pco.ts';
import { type PcoEvent, type PcoState, pcoPendingDeadlines } from '../domain/pco/orientation-state.ts';

/** Writes an orientation's state into the read model: idempotent, and never moving a row backwards. */
export async function projectPco(db: Database, input: { state: PcoState; events: PcoEvent[] }): Promise<void> {
  const { state, events } = input;
  const next = pcoPendingDeadlines(state).find((deadline) => !deadline.type.endsWith('reminder'));
  const date = (value: string | undefined) => (value ? new Date(value) : null);
  const row = {
    id: state.caseId,
    requesterId: state.requesterId,
    platformId: state.platformId,
    ageRange: state.ageRange,
    childLastName: state.child.lastName,
    childFirstName: state.child.firstName,
    childBirthDate: state.child.birthDate,
    childSex: state.child.sex,
    departement: state.child.departement ?? '',
    family: { ...state.family },
    screening: { ...state.screening },
    status: state.status,
    plan: state.plan ?? null,
    refusalReason: state.refusal?.reason ?? null,
    refusalComment: state.refusal?.comment ?? null,
    submittedAt: new Date(state.submittedAt),
    validatedAt: date(state.validatedAt),
    firstAssessmentAt: state.firstAssessmentAt ?? null,
    firstInterventionAt: state.firstInterventionAt ?? null,
    synthesisAt: state.synthesisAt ?? null,
    pathwayEndsAt: date(state.pathwayEndsAt),
    renewed: state.renewed,
    care: state.care.map((item) => ({ ...item })),
    outcome: state.outcome ?? null,
    stalled: state.stalled.length > 0,
    stalledMarks: state.stalled,
    nextDeadlineType: next?.type ?? null,
    nextDeadlineAt: next ? new Date(next.at) : null,
    version: state.lastSeq,
    updatedAt: new Date(state.updatedAt),
    closedAt: date(state.closedAt),
  };
  const { id: _id, requesterId: _requester, submittedAt: _submitted, ...changes } = row;
  await db.transaction(async (tx) => {
    await tx
      .insert(pcoCases)
      .values(row)
      .onConflictDoUpdate({ target: pcoCases.id, set: changes, setWhere: sql`${pcoCases.version} < ${state.lastSeq}` });
    if (events.length > 0) {
      await tx
        .insert(pcoEvents)
        .values(
          events.map((event) => ({
            caseId: state.caseId,
            seq: event.seq,
            type: event.type,
            actorId: event.actorId ?? null,
            data: event.data ?? {},
            occurredAt: new Date(event.at),
          })),
        )
        .onConflictDoNothing();
    }
  });
}
