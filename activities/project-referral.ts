import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client.ts';
import { facilityTaskRow, referralRow } from '../db/referral-rows.ts';
import { dossierVersions, facilityTasks, referralEvents, referrals } from '../db/schema.ts';
import { referralReferents } from '../db/schema-family.ts';
import type { DraftDossier } from '../domain/referral/dossier.ts';
import { referentIdsOf } from '../domain/referral/family.ts';
import type { ReferralEvent, ReferralState } from '../domain/referral/state.ts';
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
  await db.transaction((tx) => writeReferralProjection(tx, input));
}

/** The statements of a projection, in the caller's transaction (alone, or with the step's messages). */
export async function writeReferralProjection(tx: Transaction, input: ProjectionInput): Promise<void> {
  const { state, events } = input;
  const row = referralRow(state);
  // The requester changes once at most: the référent who takes over a request a professional created.
  const { id: _id, workflowId: _wf, createdAt: _ca, ...changes } = row;
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

  // A family request's référents (the read model « Mon espace » and the policies read); each once.
  const referentIds = referentIdsOf(state);
  if (referentIds.length > 0) {
    const invitedBy = new Map(
      events
        .filter((event) => event.type === 'referral.referent_added' && event.data?.userId)
        .map((event) => [event.data?.userId ?? '', event.actorId ?? null]),
    );
    await tx
      .insert(referralReferents)
      .values(
        referentIds.map((userId) => ({
          referralId: state.caseId,
          userId,
          addedAt: new Date(state.updatedAt),
          addedBy: invitedBy.get(userId) ?? state.requesterId,
        })),
      )
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

/** On conflict, the columns the projection writes take the proposed row's value (`excluded`); identity never changes. */
function fromExcluded(row: ReturnType<typeof facilityTaskRow>) {
  const columns = getTableColumns(facilityTasks);
  const keys = Object.keys(row).filter((key) => !['id', 'referralId', 'facilityId'].includes(key));
  return Object.fromEntries(
    keys.map((key) => [key, sql.raw(`excluded."${columns[key as keyof typeof columns].name}"`)]),
  );
}
