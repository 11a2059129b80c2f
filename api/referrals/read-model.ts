import { and, asc, desc, eq, ilike, inArray, isNotNull, like, or, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { dossierVersions, facilities, facilityTasks, referralEvents, referrals, users } from '../../db/schema.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { type DraftDossier, withoutMedicalParts } from '../../domain/referral/dossier.ts';
import { type FacilityTaskStatus, facilityTaskStatuses } from '../../domain/referral/facility-task.ts';
import {
  canReadDossier,
  canReadMedicalPart,
  canViewReferral,
  coordinatesReferral,
  isRequester,
  referralAccessFacts,
} from '../../domain/referral/policies.ts';
import { type RefusalReason, refusalReasons } from '../../domain/referral/refusal-reasons.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';
import {
  type DeadlineType,
  type ReferralEventType,
  type ReferralStatus,
  referralStatuses,
  type TaskCancellationReason,
} from '../../domain/referral/state.ts';
import {
  coordinationEventAudience,
  deadlineLabels,
  referralEventLabels,
  taskCancellationLabels,
} from '../../domain/referral/timeline.ts';
import { recordDossierRead } from '../../services/identity/audit.ts';
import { deliveryFailureEntries } from '../notifications/deliveries.ts';
import { type ReferralCommandContext, runCommand } from './commands.ts';
import type { InboxQuery, ReferralListQuery } from './schemas.ts';
import type { DossierView, FacilityTaskView, InboxItem, ReferralDetail, ReferralSummary } from './views.ts';

const partyLabels = { facility: 'Établissement', requester: 'Demandeur' } as const;

type ReferralRow = typeof referrals.$inferSelect;
type TaskRow = typeof facilityTasks.$inferSelect;
type FacilityRow = typeof facilities.$inferSelect;

/** A case with its tasks, once the acting person is known to be allowed to see it. */
async function loadVisibleCase(db: Queryable, actor: Actor, caseId: string) {
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
    .orderBy(asc(facilityTasks.wave), asc(facilities.name));
  const facts = referralAccessFacts(
    row.referral,
    taskRows.map((t) => t.task),
  );
  // Not "forbidden": whether a case exists is itself information a stranger must not get.
  if (!canViewReferral(actor, facts)) throw new AppError('referral.not_found');
  return { ...row, taskRows, facts };
}

/** Reads of the case read model (PostgreSQL), shaped for the API and the pages, filtered by policy. */
export function loadReferralDetail(db: Database, actor: Actor, caseId: string): Promise<ReferralDetail> {
  // One snapshot: a command projected between two queries must not show in the timeline but not the tasks.
  return db.transaction((tx) => readReferralDetail(tx, actor, caseId), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function readReferralDetail(db: Queryable, actor: Actor, caseId: string): Promise<ReferralDetail> {
  const { referral, requesterName, taskRows, facts } = await loadVisibleCase(db, actor, caseId);
  // The territory's coordinator reads what acting on a stall needs: who, what kind, which facilities
  // and where each stands, the stalled marks and deadlines. Not the exchanges' words (questions,
  // answers, comments, reasons typed by the parties) nor the story: those are the parties' own.
  const coordinating = !isRequester(actor, facts) && coordinatesReferral(actor, facts);
  // The requester and the territory's coordinator follow every facility; a facility, only its own request.
  const requester = isRequester(actor, facts) || coordinating;
  // A facility follows its own request only; the requester sees the whole story.
  const visibleTasks = requester ? taskRows : taskRows.filter((t) => actor.facilityIds.includes(t.facility.id));
  const visibleTaskIds = new Set(visibleTasks.map((t) => t.task.id));
  // The coordinators read the coordination's own events (notes, reminders, « pris en charge »…),
  // never the parties' story; each party reads the coordination events addressed to it only.
  const allEvents = await db
    .select()
    .from(referralEvents)
    .where(
      coordinating
        ? and(eq(referralEvents.referralId, caseId), like(referralEvents.type, 'coordination.%'))
        : eq(referralEvents.referralId, caseId),
    )
    .orderBy(asc(referralEvents.seq));
  const events = allEvents.filter((event) => {
    const audience = coordinationEventAudience(event);
    if (audience === undefined || coordinating) return true;
    return audience === (isRequester(actor, facts) ? 'requester' : 'facility');
  });
  const coordination = referral.coordination;
  const addressed = new Set(taskRows.map((t) => t.facility.id));
  const authors = coordinating ? await authorNames(db, events) : new Map<string, string>();
  // Messages that could not be delivered after the last retry show to the sender's side, after their event.
  const deliveryFailures =
    requester && !coordinating
      ? await deliveryFailureEntries(
          db,
          caseId,
          new Map(taskRows.map((t) => [t.facility.id, { taskId: t.task.id, name: t.facility.name }])),
        )
      : [];

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
    requester: { id: referral.requesterId, displayName: requesterName },
    dossier: {
      version: referral.dossierVersion,
      missingParts: referral.missingParts,
      gir: canReadMedicalPart(actor, facts) ? referral.gir : null,
    },
    stalled: referral.stalledMarks
      .filter((mark) => requester || (mark.taskId !== undefined && visibleTaskIds.has(mark.taskId)))
      .map((mark) => ({
        reason: mark.reason as StalledReason,
        label: stalledReasons[mark.reason as StalledReason],
        party: mark.party as 'facility' | 'requester',
        partyLabel: partyLabels[mark.party as 'facility' | 'requester'],
        taskId: mark.taskId ?? null,
        since: mark.since,
      })),
    nextDeadlineAt: requester ? iso(referral.nextDeadlineAt) : null,
    nextDeadlineLabel:
      requester && referral.nextDeadlineType
        ? (deadlineLabels[referral.nextDeadlineType as DeadlineType] ?? null)
        : null,
    secondWave:
      requester && referral.secondWaveAfterDays !== null
        ? { afterDays: referral.secondWaveAfterDays, sendAt: iso(referral.secondWaveSendAt) }
        : null,
    secondWaveSendAt: requester ? iso(referral.secondWaveSendAt) : null,
    createdAt: referral.createdAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
    closedAt: iso(referral.closedAt),
    cancellationReason: coordinating ? null : referral.cancellationReason,
    tasks: visibleTasks.map(({ task, facility }) =>
      coordinating ? withoutPartiesWords(toTaskView(task, facility)) : toTaskView(task, facility),
    ),
    coordination: coordinating
      ? {
          departement: referral.departement,
          takenInChargeUntil: coordination.followedUntil ?? null,
          takenInChargeBy: coordination.followedBy ? (authors.get(coordination.followedBy) ?? null) : null,
          remindedOn: coordination.remindedOn ?? null,
          suggestions: (coordination.suggestions ?? []).filter((facility) => !addressed.has(facility.facilityId)),
          journal: events.map((event) => ({
            seq: event.seq,
            type: event.type as ReferralEventType,
            label: referralEventLabels[event.type as ReferralEventType] ?? event.type,
            authorName: event.actorId ? (authors.get(event.actorId) ?? null) : null,
            text: event.data.note ?? event.data.message ?? null,
            data: event.data,
            at: event.occurredAt.toISOString(),
          })),
        }
      : isRequester(actor, facts) && referral.status === 'sent'
        ? {
            departement: null,
            takenInChargeUntil: null,
            takenInChargeBy: null,
            remindedOn: null,
            suggestions: (coordination.suggestions ?? []).filter((facility) => !addressed.has(facility.facilityId)),
            journal: [],
          }
        : null,
    timeline: events
      .filter((event) => requester || (event.taskId !== null && visibleTaskIds.has(event.taskId)))
      .map((event) => ({
        seq: event.seq,
        type: event.type as ReferralEventType | 'message.failed',
        label: referralEventLabels[event.type as ReferralEventType] ?? event.type,
        taskId: event.taskId,
        data: event.data,
        at: event.occurredAt.toISOString(),
      }))
      .concat(deliveryFailures)
      .sort((a, b) => a.seq - b.seq),
  };
}

/** The display names of the people who wrote the coordination events (coordinators of the territory). */
async function authorNames(db: Queryable, events: { actorId: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.flatMap((event) => (event.actorId ? [event.actorId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * The current dossier (or one version) as this person may read it, without the medical part for
 * whoever may not read it; every read is written to the security journal.
 */
export async function loadDossier(
  db: Database,
  actor: Actor,
  caseId: string,
  ip: string | null,
  version?: number,
): Promise<DossierView> {
  const { referral, facts } = await loadVisibleCase(db, actor, caseId);
  // The case is visible (a coordinator's), its dossier is not: refused, and no read journaled.
  if (!canReadDossier(actor, facts)) throw new AppError('auth.forbidden');
  const wanted = version ?? referral.dossierVersion;
  const [row] = await db
    .select()
    .from(dossierVersions)
    .where(and(eq(dossierVersions.referralId, caseId), eq(dossierVersions.version, wanted)));
  // An asked version that does not exist is not an empty dossier.
  if (version !== undefined && !row) throw new AppError('referral.dossier_version_not_found');
  const medicalPartVisible = canReadMedicalPart(actor, facts);
  const content = (row?.content ?? { schemaVersion: 1 }) as DraftDossier;
  if (row) {
    await recordDossierRead(db, {
      reader: { userId: actor.id, ip },
      caseKind: 'referral',
      caseId,
      parts: medicalPartVisible ? ['administrative', 'medical'] : ['administrative'],
      version: row.version,
    });
  }
  return {
    version: row ? row.version : 0,
    content: medicalPartVisible ? content : withoutMedicalParts(content),
    medicalPartVisible,
    createdAt: row ? row.createdAt.toISOString() : null,
  };
}

/** A facility's request as coordination reads it: its status and dates, not the words of the exchanges. */
function withoutPartiesWords(view: FacilityTaskView): FacilityTaskView {
  return {
    ...view,
    infoRequest: null,
    refusal: view.refusal ? { ...view.refusal, comment: null } : null,
    admissionImpossibleReason: null,
  };
}

function toTaskView(task: TaskRow, facility: FacilityRow): FacilityTaskView {
  const reason = task.refusalReason as RefusalReason | null;
  return {
    id: task.id,
    facility: { id: facility.id, name: facility.name, commune: facility.commune, isDemo: facility.isDemo },
    wave: task.wave,
    status: task.status as FacilityTaskStatus,
    statusLabel: facilityTaskStatuses[task.status as FacilityTaskStatus],
    sentAt: iso(task.sentAt),
    readAt: iso(task.readAt),
    infoRequest:
      task.infoQuestion && task.infoAskedAt
        ? {
            question: task.infoQuestion,
            askedAt: task.infoAskedAt.toISOString(),
            answer: task.infoAnswer,
            answeredAt: iso(task.infoAnsweredAt),
          }
        : null,
    acceptedAt: iso(task.acceptedAt),
    proposedEntryDate: task.proposedEntryDate,
    placeHeldUntil: task.placeHeldUntil,
    placeReleasedAt: iso(task.placeReleasedAt),
    refusal: reason ? { reasonCode: reason, reasonLabel: refusalReasons[reason], comment: task.refusalComment } : null,
    cancellationReason: task.cancellationReason
      ? (taskCancellationLabels[task.cancellationReason as TaskCancellationReason] ?? task.cancellationReason)
      : null,
    admissionImpossibleReason: task.admissionImpossibleReason,
    answeredDossierVersion: task.answeredDossierVersion,
    remindedAt: iso(task.remindedAt),
    updatedAt: task.updatedAt.toISOString(),
  };
}

/** The requester's own cases, most recently changed first, with optional filters. */
export async function listRequesterReferrals(
  db: Database,
  actor: Actor,
  query: ReferralListQuery = {},
  limit = 100,
): Promise<ReferralSummary[]> {
  const filters: SQL[] = [eq(referrals.requesterId, actor.id)];
  if (query.status) filters.push(eq(referrals.status, query.status));
  if (query.kind) filters.push(eq(referrals.kind, query.kind));
  if (query.stalled !== undefined) filters.push(eq(referrals.stalled, query.stalled));
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
    const byName = or(ilike(referrals.patientLastName, pattern), ilike(referrals.patientFirstName, pattern));
    if (byName) filters.push(byName);
  }
  const rows = await db
    .select()
    .from(referrals)
    .where(and(...filters))
    .orderBy(desc(referrals.updatedAt))
    .limit(limit);
  return rows.map((referral) => toSummary(referral));
}

function toSummary(referral: ReferralRow): ReferralSummary {
  return {
    id: referral.id,
    kind: referral.kind as FacilityKind,
    kindLabel: facilityKinds[referral.kind as FacilityKind].label,
    status: referral.status as ReferralStatus,
    statusLabel: referralStatuses[referral.status as ReferralStatus],
    stalled: referral.stalled,
    patientName: `${referral.patientLastName.toUpperCase()} ${referral.patientFirstName}`,
    patientBirthDate: referral.patientBirthDate,
    nextDeadlineAt: iso(referral.nextDeadlineAt),
    updatedAt: referral.updatedAt.toISOString(),
  };
}

/** Requests addressed to the facilities of a member, most recently changed first. */
export async function listFacilityInbox(
  db: Database,
  actor: Actor,
  query: InboxQuery = {},
  limit = 100,
): Promise<InboxItem[]> {
  if (actor.facilityIds.length === 0) return [];
  const filters: SQL[] = [inArray(facilityTasks.facilityId, actor.facilityIds), isNotNull(facilityTasks.sentAt)];
  if (query.status) filters.push(eq(facilityTasks.status, query.status));
  const rows = await db
    .select({ task: facilityTasks, referral: referrals, facility: facilities })
    .from(facilityTasks)
    .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId))
    .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
    .where(and(...filters))
    .orderBy(desc(facilityTasks.updatedAt))
    .limit(limit);
  const items = rows.map(({ task, referral, facility }) => ({
    taskId: task.id,
    referralId: referral.id,
    facilityName: facility.name,
    kindLabel: facilityKinds[referral.kind as FacilityKind].label,
    status: task.status as FacilityTaskStatus,
    statusLabel: facilityTaskStatuses[task.status as FacilityTaskStatus],
    // Stalled for this facility: a mark on this very task with the facility as the one to act.
    stalled: referral.stalledMarks.some((mark) => mark.taskId === task.id && mark.party === 'facility'),
    patientName: `${referral.patientLastName.toUpperCase()} ${referral.patientFirstName}`,
    sentAt: iso(task.sentAt),
    updatedAt: task.updatedAt.toISOString(),
  }));
  return query.stalled === undefined ? items : items.filter((item) => item.stalled === query.stalled);
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/**
 * A case as this person opens it: the first opening by a member of a facility marks its request
 * read (API and page alike). Reading never fails because the receipt could not be recorded (a
 * concurrent opening marked it first, the case closed meanwhile).
 */
export async function openReferral(ctx: ReferralCommandContext, actor: Actor, caseId: string): Promise<ReferralDetail> {
  const referral = await loadReferralDetail(ctx.db, actor, caseId);
  if (referral.requester.id === actor.id) return referral;
  const unread = referral.tasks.filter(
    (task) => task.status === 'sent' && actor.facilityIds.includes(task.facility.id),
  );
  if (unread.length === 0) return referral;
  for (const task of unread) {
    try {
      await runCommand(ctx, actor, caseId, { type: 'markRead', taskId: task.id });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return loadReferralDetail(ctx.db, actor, caseId);
}
