import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityTasks, referralEvents, referrals, users } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { type FacilityKind, facilityKinds } from '../../domain/facility-kinds.ts';
import { type FacilityTaskStatus, facilityTaskStatuses } from '../../domain/facility-task.ts';
import { canViewReferral, isRequester } from '../../domain/policies.ts';
import { type ReferralEventType, type ReferralStatus, referralStatuses } from '../../domain/referral-state.ts';
import { type RefusalReason, refusalReasons } from '../../domain/refusal-reasons.ts';
import { referralEventLabels, taskCancellationLabels } from '../../domain/timeline.ts';
import type { Actor } from '../../domain/users.ts';
import type { FacilityTaskView, InboxItem, ReferralDetail, ReferralSummary } from './views.ts';

/** Reads of the case read model (PostgreSQL), shaped for the API and the pages, filtered by policy. */
export async function loadReferralDetail(db: Database, actor: Actor, caseId: string): Promise<ReferralDetail> {
  const [row] = await db
    .select({ referral: referrals, requesterName: users.displayName })
    .from(referrals)
    .innerJoin(users, eq(users.id, referrals.requesterId))
    .where(eq(referrals.id, caseId));
  if (!row) throw new AppError('referral.not_found');
  const taskRows = await db
    .select({ task: facilityTasks, facility: facilities })
    .from(facilityTasks)
    .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
    .where(eq(facilityTasks.referralId, caseId))
    .orderBy(asc(facilities.name));
  const facts = { requesterId: row.referral.requesterId, facilityIds: taskRows.map((t) => t.facility.id) };
  // Not "forbidden": whether a case exists is itself information a stranger must not get.
  if (!canViewReferral(actor, facts)) throw new AppError('referral.not_found');

  const visibleTasks = isRequester(actor, facts)
    ? taskRows
    : taskRows.filter((t) => actor.facilityIds.includes(t.facility.id));
  const visibleTaskIds = new Set(visibleTasks.map((t) => t.task.id));
  const events = await db
    .select()
    .from(referralEvents)
    .where(eq(referralEvents.referralId, caseId))
    .orderBy(asc(referralEvents.seq));

  const referral = row.referral;
  return {
    id: referral.id,
    kind: referral.kind as FacilityKind,
    kindLabel: facilityKinds[referral.kind as FacilityKind].label,
    status: referral.status as ReferralStatus,
    statusLabel: referralStatuses[referral.status as ReferralStatus],
    version: referral.version,
    patient: {
      lastName: referral.patientLastName,
      firstName: referral.patientFirstName,
      birthDate: referral.patientBirthDate,
      sex: referral.patientSex,
    },
    requester: { id: referral.requesterId, displayName: row.requesterName },
    createdAt: referral.createdAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
    closedAt: referral.closedAt?.toISOString() ?? null,
    cancellationReason: referral.cancellationReason,
    tasks: visibleTasks.map(({ task, facility }) => toTaskView(task, facility)),
    timeline: events
      // A facility follows its own request only; the requester sees the whole story.
      .filter((event) => isRequester(actor, facts) || (event.taskId !== null && visibleTaskIds.has(event.taskId)))
      .map((event) => ({
        seq: event.seq,
        type: event.type as ReferralEventType,
        label: referralEventLabels[event.type as ReferralEventType] ?? event.type,
        taskId: event.taskId,
        at: event.occurredAt.toISOString(),
      })),
  };
}

function toTaskView(
  task: typeof facilityTasks.$inferSelect,
  facility: typeof facilities.$inferSelect,
): FacilityTaskView {
  const reason = task.refusalReason as RefusalReason | null;
  return {
    id: task.id,
    facility: { id: facility.id, name: facility.name, commune: facility.commune, isDemo: facility.isDemo },
    status: task.status as FacilityTaskStatus,
    statusLabel: facilityTaskStatuses[task.status as FacilityTaskStatus],
    proposedEntryDate: task.proposedEntryDate,
    refusal: reason ? { reasonCode: reason, reasonLabel: refusalReasons[reason], comment: task.refusalComment } : null,
    cancellationReason: task.cancellationReason
      ? (taskCancellationLabels[task.cancellationReason as keyof typeof taskCancellationLabels] ??
        task.cancellationReason)
      : null,
    sentAt: task.sentAt?.toISOString() ?? null,
    remindedAt: task.remindedAt?.toISOString() ?? null,
    updatedAt: task.updatedAt.toISOString(),
  };
}

/** The requester's own cases, most recently changed first. */
export async function listRequesterReferrals(db: Database, actor: Actor, limit = 100): Promise<ReferralSummary[]> {
  const rows = await db
    .select()
    .from(referrals)
    .where(eq(referrals.requesterId, actor.id))
    .orderBy(desc(referrals.updatedAt))
    .limit(limit);
  return rows.map((referral) => ({
    id: referral.id,
    kindLabel: facilityKinds[referral.kind as FacilityKind].label,
    status: referral.status as ReferralStatus,
    statusLabel: referralStatuses[referral.status as ReferralStatus],
    patientName: `${referral.patientLastName.toUpperCase()} ${referral.patientFirstName}`,
    patientBirthDate: referral.patientBirthDate,
    updatedAt: referral.updatedAt.toISOString(),
  }));
}

/** Requests addressed to the facilities of a member, most recently changed first. */
export async function listFacilityInbox(db: Database, actor: Actor, limit = 100): Promise<InboxItem[]> {
  if (actor.facilityIds.length === 0) return [];
  const rows = await db
    .select({ task: facilityTasks, referral: referrals, facility: facilities })
    .from(facilityTasks)
    .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId))
    .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
    .where(and(inArray(facilityTasks.facilityId, actor.facilityIds), isNotNull(facilityTasks.sentAt)))
    .orderBy(desc(facilityTasks.updatedAt))
    .limit(limit);
  return rows.map(({ task, referral, facility }) => ({
    taskId: task.id,
    referralId: referral.id,
    facilityName: facility.name,
    kindLabel: facilityKinds[referral.kind as FacilityKind].label,
    status: task.status as FacilityTaskStatus,
    statusLabel: facilityTaskStatuses[task.status as FacilityTaskStatus],
    patientName: `${referral.patientLastName.toUpperCase()} ${referral.patientFirstName}`,
    sentAt: task.sentAt?.toISOString() ?? null,
    updatedAt: task.updatedAt.toISOString(),
  }));
}
