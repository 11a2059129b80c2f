import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import {
  dossierVersions,
  facilityTasks,
  messageDeliveryAttempts,
  outboxMessages,
  referralEvents,
  referrals,
} from '../../db/schema.ts';
import { familyInvitations } from '../../db/schema-family.ts';
import { pcoCases, pcoEvents } from '../../db/schema-pco.ts';
import { anonymisedBirthDate, anonymisedEventData, keptCode } from '../../domain/retention.ts';

export type CaseKind = 'referral' | 'pco';

export interface CaseRef {
  caseKind: CaseKind;
  caseId: string;
}

/** Statuses after which an outbox row will never be sent again (domain of db/schema.ts outboxMessages). */
const pendingMessageStatuses = ['queued', 'digest'];

/**
 * Anonymises one closed case (domain/retention.ts `retentionFate`), in one transaction. Keyed by
 * the case: a case already anonymised, or not closed, is left as it is, so a retried or repeated
 * run changes nothing. Returns whether this call anonymised it.
 */
export async function anonymiseCase(db: Database, ref: CaseRef, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The event logs refuse every change but this one (migration 0020).
    await tx.execute(sql`set local parcours.anonymising = 'on'`);
    return ref.caseKind === 'referral' ? anonymiseReferral(tx, ref.caseId, at) : anonymisePco(tx, ref.caseId, at);
  });
}

async function anonymiseReferral(tx: Queryable, caseId: string, at: Date): Promise<boolean> {
  const [row] = await tx
    .select({ birthDate: referrals.patientBirthDate, cancellationReason: referrals.cancellationReason })
    .from(referrals)
    .where(and(eq(referrals.id, caseId), isNotNull(referrals.closedAt), isNull(referrals.anonymisedAt)))
    .for('update');
  if (!row) return false;
  await tx
    .update(referrals)
    .set({
      patientLastName: '',
      patientFirstName: '',
      patientBirthDate: anonymisedBirthDate(row.birthDate),
      cancellationReason: keptCode(row.cancellationReason),
      gir: null,
      missingParts: [],
      stalledMarks: [],
      anonymisedAt: at,
    })
    .where(eq(referrals.id, caseId));
  // Answers, dates and reason codes stay (facility statistics, observatory); the words typed go.
  await tx
    .update(facilityTasks)
    .set({
      infoQuestion: null,
      infoAnswer: null,
      refusalComment: null,
      admissionImpossibleReason: null,
      refusalReason: sql`case when ${facilityTasks.refusalReason} ~ '^[a-z][a-z0-9_]*$' then ${facilityTasks.refusalReason} end`,
    })
    .where(eq(facilityTasks.referralId, caseId));
  const events = await tx
    .select({ seq: referralEvents.seq, data: referralEvents.data })
    .from(referralEvents)
    .where(eq(referralEvents.referralId, caseId));
  for (const event of events) {
    const data = anonymisedEventData(event.data);
    if (Object.keys(data).length === Object.keys(event.data).length) continue;
    await tx
      .update(referralEvents)
      .set({ data })
      .where(and(eq(referralEvents.referralId, caseId), eq(referralEvents.seq, event.seq)));
  }
  await tx.delete(dossierVersions).where(eq(dossierVersions.referralId, caseId));
  // Invitations hold the invited people's addresses: nothing left to accept on a closed case.
  await tx.delete(familyInvitations).where(eq(familyInvitations.referralId, caseId));
  await deleteMessages(tx, caseId);
  return true;
}

async function anonymisePco(tx: Queryable, caseId: string, at: Date): Promise<boolean> {
  const [row] = await tx
    .select({ birthDate: pcoCases.childBirthDate })
    .from(pcoCases)
    .where(and(eq(pcoCases.id, caseId), isNotNull(pcoCases.closedAt), isNull(pcoCases.anonymisedAt)))
    .for('update');
  if (!row) return false;
  await tx
    .update(pcoCases)
    .set({
      childLastName: '',
      childFirstName: '',
      childBirthDate: anonymisedBirthDate(row.birthDate),
      family: {},
      // The screening grid goes whole (health data); the column's type describes a live case's grid.
      screening: sql`'{}'::jsonb`,
      care: [],
      plan: null,
      refusalComment: null,
      stalledMarks: [],
      anonymisedAt: at,
    })
    .where(eq(pcoCases.id, caseId));
  const events = await tx
    .select({ seq: pcoEvents.seq, data: pcoEvents.data })
    .from(pcoEvents)
    .where(eq(pcoEvents.caseId, caseId));
  for (const event of events) {
    const data = anonymisedEventData(event.data);
    if (Object.keys(data).length === Object.keys(event.data).length) continue;
    await tx
      .update(pcoEvents)
      .set({ data })
      .where(and(eq(pcoEvents.caseId, caseId), eq(pcoEvents.seq, event.seq)));
  }
  await deleteMessages(tx, caseId);
  return true;
}

/** The case's messages that are done with (their recipients' addresses and texts), with their attempts. */
async function deleteMessages(tx: Queryable, caseId: string): Promise<void> {
  const done = and(eq(outboxMessages.referralId, caseId), notInArray(outboxMessages.status, pendingMessageStatuses));
  const ids = (await tx.select({ id: outboxMessages.id }).from(outboxMessages).where(done)).map((row) => row.id);
  if (ids.length === 0) return;
  await tx.delete(messageDeliveryAttempts).where(inArray(messageDeliveryAttempts.messageId, ids));
  await tx.delete(outboxMessages).where(inArray(outboxMessages.id, ids));
}
