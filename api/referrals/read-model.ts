import { and, asc, desc, eq, ilike, inArray, isNotNull, like, lte, or, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { facilityTaskRow, referralRow } from '../../db/referral-rows.ts';
import { dossierVersions, facilities, facilityTasks, referralEvents, referrals, users } from '../../db/schema.ts';
import { type FacilityKind, facilityKinds, pathwayOf } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import { requireProfessional } from '../../domain/identity/professional-access.ts';
import type { Actor } from '../../domain/identity/users.ts';
import type { PersonCommand } from '../../domain/referral/commands.ts';
import {
  currentMissingPart,
  type DraftDossier,
  dossierPartNames,
  dossierParts,
  partVersions,
  withReadableParts,
} from '../../domain/referral/dossier.ts';
import { type FacilityTaskStatus, facilityTaskStatuses, taskStatusLabel } from '../../domain/referral/facility-task.ts';
import { consentHowLabels } from '../../domain/referral/family.ts';
import {
  canReadDossier,
  canReadGir,
  canViewReferral,
  coordinatesReferral,
  isAssistingProfessional,
  isReferent,
  isRequester,
  readableDossierParts,
  referralAccessFacts,
} from '../../domain/referral/policies.ts';
import { type RefusalReason, refusalReasons } from '../../domain/referral/refusal-reasons.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';
import {
  type DeadlineType,
  type ReferralEventType,
  type ReferralState,
  type ReferralStatus,
  referralStatuses,
  type TaskCancellationReason,
} from '../../domain/referral/state.ts';
import {
  coordinationEventAudience,
  deadlineLabels,
  referralEventLabels,
  taskCancellationLabel,
} from '../../domain/referral/timeline.ts';
import { recordDossierRead } from '../../services/identity/audit.ts';
import { type RequesterAttention, requesterAttentions } from '../home/dashboards.ts';
import { deliveryFailureEntries } from '../notifications/deliveries.ts';
import { type ReferralCommandContext, runCommand, runCommandOnCase } from './commands.ts';
import type { InboxQuery, ReferralListQuery } from './schemas.ts';
import type { DossierView, FacilityTaskView, InboxItem, ReferralDetail, ReferralSummary } from './views.ts';
import { type FacilityRow, loadVisibleCase, type ReferralRow, type TaskRow, type VisibleCase } from './visible-case.ts';

const partyLabels = { facility: 'Établissement', requester: 'Demandeur', physician: 'Médecin traitant' } as const;

/** Reads of the case read model (PostgreSQL), shaped for the API and the pages, filtered by policy. */
export function loadReferralDetail(db: Database, actor: Actor, caseId: string): Promise<ReferralDetail> {
  // One snapshot: a command projected between two queries must not show in the timeline but not the tasks.
  return db.transaction(async (tx) => detailOf(tx, actor, await loadVisibleCase(tx, actor, caseId)), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

/**
 * A case as a command's answer shows it, from the state its Update returned rather than from a
 * second read of the case: the rows are those the projection has just written from this very state
 * (db/referral-rows.ts), the facilities and the requester's name those read before the command.
 * Only the timeline is read (its events up to this state, and the failed deliveries). Undefined
 * when the state names a facility not read before (added by the command): the caller reads the case.
 */
export async function referralDetailFromState(
  db: Database,
  actor: Actor,
  state: ReferralState,
  known: { requesterName: string; facilities: readonly FacilityRow[] },
): Promise<ReferralDetail | undefined> {
  const rank = new Map(known.facilities.map((facility, index) => [facility.id, { facility, index }]));
  if (state.tasks.some((task) => !rank.has(task.facilityId))) return undefined;
  const row = referralRow(state);
  const referral: ReferralRow = { ...row, anonymisedAt: null };
  const taskRows = state.tasks
    .map((task) => ({
      task: { ...facilityTaskRow(state, task), answeredAt: null, waitlistedAt: null } as TaskRow,
      facility: rank.get(task.facilityId)?.facility as FacilityRow,
      index: rank.get(task.facilityId)?.index ?? 0,
    }))
    .sort((a, b) => a.task.wave - b.task.wave || a.index - b.index)
    .map(({ task, facility }) => ({ task, facility }));
  const facts = referralAccessFacts(
    referral,
    taskRows.map((t) => t.task),
  );
  if (!canViewReferral(actor, facts)) throw new AppError('referral.not_found');
  return detailOf(db, actor, { referral, requesterName: known.requesterName, taskRows, facts }, state.lastSeq);
}

/** The detail of a visible case; with `upToSeq`, its timeline stops at that event (the state it shows). */
async function detailOf(
  db: Queryable,
  actor: Actor,
  { referral, requesterName, taskRows, facts }: VisibleCase,
  upToSeq?: number,
): Promise<ReferralDetail> {
  const caseId = referral.id;
  // The territory's coordinator reads what acting on a stall needs: who, what kind, which facilities
  // and where each stands, the stalled marks and deadlines. Not the exchanges' words (questions,
  // answers, comments, reasons typed by the parties) nor the story: those are the parties' own.
  const coordinating = !isRequester(actor, facts) && coordinatesReferral(actor, facts);
  // The requester and the territory's coordinator follow every facility; a facility, only its own request.
  const requester =
    isRequester(actor, facts) || isReferent(actor, facts) || isAssistingProfessional(actor, facts) || coordinating;
  // A facility follows its own request only; the requester sees the whole story.
  const visibleTasks = requester ? taskRows : taskRows.filter((t) => actor.facilityIds.includes(t.facility.id));
  const visibleTaskIds = new Set(visibleTasks.map((t) => t.task.id));
  // The coordinators read the coordination's own events (notes, reminders, « pris en charge »…),
  // never the parties' story; each party reads the coordination events addressed to it only.
  const readEvents = async () => {
    const ofCase = and(
      eq(referralEvents.referralId, caseId),
      upToSeq === undefined ? undefined : lte(referralEvents.seq, upToSeq),
    );
    const rows = await db
      .select()
      .from(referralEvents)
      .where(coordinating ? and(ofCase, like(referralEvents.type, 'coordination.%')) : ofCase)
      .orderBy(asc(referralEvents.seq));
    return rows.filter((event) => {
      const audience = coordinationEventAudience(event);
      if (audience === undefined || coordinating) return true;
      return audience === (isRequester(actor, facts) ? 'requester' : 'facility');
    });
  };
  // Messages that could not be delivered after the last retry show to the sender's side, after their event.
  const readFailures = () =>
    deliveryFailureEntries(
      db,
      caseId,
      new Map(taskRows.map((t) => [t.facility.id, { taskId: t.task.id, name: t.facility.name }])),
    );
  const [events, deliveryFailures] = await Promise.all([
    readEvents(),
    requester && !coordinating ? readFailures() : [],
  ]);
  const coordination = referral.coordination;
  const addressed = new Set(taskRows.map((t) => t.facility.id));
  const authors = coordinating ? await authorNames(db, events) : new Map<string, string>();

  return {
    id: referral.id,
    kind: referral.kind as FacilityKind,
    kindLabel: facilityKinds[referral.kind as FacilityKind].label,
    dossierNumber: referral.dossierNumber,
    origin: referral.origin === 'family' ? 'family' : 'professional',
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
    assistance: requester && !coordinating ? await assistanceOf(db, referral) : null,
    dossier: {
      version: referral.dossierVersion,
      // Named one by one: the read model's jsonb keeps no key order of its own.
      missingParts: referral.missingParts
        .map(currentMissingPart)
        .map((part) => ({ path: part.path, label: part.label })),
      // From the autonomy part (AGGIR grid): the requester and every member of an addressed facility.
      // A family's référents: only if the physician shares it.
      gir: canReadGir(actor, facts) ? referral.gir : null,
    },
    stalled: referral.stalledMarks
      .filter((mark) => requester || (mark.taskId !== undefined && visibleTaskIds.has(mark.taskId)))
      .map((mark) => ({
        reason: mark.reason as StalledReason,
        label: stalledReasons[mark.reason as StalledReason],
        party: mark.party as keyof typeof partyLabels,
        partyLabel: partyLabels[mark.party as keyof typeof partyLabels],
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
      coordinating
        ? withoutPartiesWords(toTaskView(task, facility, answersOf(events, task.id), referral.status))
        : toTaskView(task, facility, answersOf(events, task.id), referral.status),
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
 * The current dossier (or one version) as this person may read it: the administrative and autonomy
 * parts for every party, the medical part for physicians only; older shapes are migrated on read
 * (`migrateDossier`). Each part carries its own version (the dossier version it last changed in).
 * Every read is written to the security journal, naming the parts read.
 */
export async function loadDossier(
  db: Database,
  actor: Actor,
  caseId: string,
  ip: string | null,
  version?: number,
  options: { format?: 'pdf' } = {},
): Promise<DossierView> {
  const { referral, facts } = await loadVisibleCase(db, actor, caseId);
  // The case is visible (a coordinator's), its dossier is not: refused, and no read journaled.
  if (!canReadDossier(actor, facts)) throw new AppError('auth.forbidden');
  const wanted = version ?? referral.dossierVersion;
  const rows = await db
    .select()
    .from(dossierVersions)
    .where(and(eq(dossierVersions.referralId, caseId), lte(dossierVersions.version, wanted)))
    .orderBy(asc(dossierVersions.version));
  const row = rows.at(-1)?.version === wanted ? rows.at(-1) : undefined;
  // An asked version that does not exist is not an empty dossier.
  if (version !== undefined && !row) throw new AppError('referral.dossier_version_not_found');
  const readable = readableDossierParts(actor, facts);
  // The journal names the parts read: no autonomy part (AGGIR grid) for a suites de soins case.
  const grandAge = pathwayOf(referral.kind as FacilityKind) === 'grand_age';
  const read = readable.filter((part) => part !== 'autonomy' || grandAge);
  const content = (row?.content ?? { schemaVersion: 1 }) as DraftDossier;
  if (row) {
    await recordDossierRead(db, {
      reader: { userId: actor.id, ip },
      caseKind: 'referral',
      caseId,
      parts: read,
      version: row.version,
      format: options.format,
    });
  }
  const versions = row
    ? partVersions(rows.map((stored) => ({ version: stored.version, content: stored.content as DraftDossier })))
    : undefined;
  return {
    version: row ? row.version : 0,
    content: withReadableParts(content, readable),
    medicalPartVisible: readable.includes('medical'),
    autonomyPartVisible: readable.includes('autonomy'),
    parts: dossierPartNames.map((part) => ({
      part,
      label: dossierParts[part],
      visible: readable.includes(part),
      version: versions?.[part] ?? 0,
    })),
    createdAt: row ? row.createdAt.toISOString() : null,
  };
}

/** A facility's request as coordination reads it: its status and dates, not the words of the exchanges. */
function withoutPartiesWords(view: FacilityTaskView): FacilityTaskView {
  return {
    ...view,
    infoRequest: null,
    acceptanceComment: null,
    refusal: view.refusal ? { ...view.refusal, comment: null } : null,
    admissionImpossibleReason: null,
  };
}

type EventRow = typeof referralEvents.$inferSelect;

/** What the events of a request keep of its answers: the latest acceptance's comment, the admission's entry day. */
function answersOf(
  events: EventRow[],
  taskId: string,
): Pick<FacilityTaskView, 'acceptanceComment' | 'actualEntryDate'> {
  let acceptanceComment: string | null = null;
  let actualEntryDate: string | null = null;
  for (const event of events) {
    if (event.taskId !== taskId) continue;
    if (event.type === 'task.accepted') acceptanceComment = event.data.comment ?? null;
    if (event.type === 'task.admitted') actualEntryDate = event.data.actualEntryDate ?? null;
  }
  return { acceptanceComment, actualEntryDate };
}

function toTaskView(
  task: TaskRow,
  facility: FacilityRow,
  answers: Pick<FacilityTaskView, 'acceptanceComment' | 'actualEntryDate'>,
  caseStatus: string,
): FacilityTaskView {
  const reason = task.refusalReason as RefusalReason | null;
  return {
    id: task.id,
    facility: { id: facility.id, name: facility.name, commune: facility.commune, isDemo: facility.isDemo },
    wave: task.wave,
    status: task.status as FacilityTaskStatus,
    statusLabel: taskStatusLabel(
      { status: task.status as FacilityTaskStatus, wave: task.wave },
      caseStatus === 'draft',
    ),
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
    acceptanceComment: answers.acceptanceComment,
    actualEntryDate: answers.actualEntryDate,
    placeHeldUntil: task.placeHeldUntil,
    placeReleasedAt: iso(task.placeReleasedAt),
    refusal: reason ? { reasonCode: reason, reasonLabel: refusalReasons[reason], comment: task.refusalComment } : null,
    cancellationReason: task.cancellationReason
      ? (taskCancellationLabel(task.cancellationReason as TaskCancellationReason, caseStatus as ReferralStatus) ??
        task.cancellationReason)
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
  query: ReferralListQuery & { attention?: RequesterAttention | undefined } = {},
  limit = 100,
): Promise<ReferralSummary[]> {
  requireProfessional(actor);
  const filters: SQL[] = [eq(referrals.requesterId, actor.id)];
  // What the home page's « À traiter » counts link to: an acceptance to choose, a question to answer.
  if (query.attention) filters.push(requesterAttentions[query.attention]());
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
  requireProfessional(actor);
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
 * Runs a person's command and answers with the case as the Update left it (api/referrals/routes.ts),
 * without reading the case again when the state suffices.
 */
export async function answerCommand(
  ctx: ReferralCommandContext,
  actor: Actor,
  caseId: string,
  command: PersonCommand,
): Promise<ReferralDetail> {
  const { state, seen } = await runCommandOnCase(ctx, actor, caseId, command);
  const known = { requesterName: seen.requesterName, facilities: seen.taskRows.map((row) => row.facility) };
  return (await referralDetailFromState(ctx.db, actor, state, known)) ?? loadReferralDetail(ctx.db, actor, caseId);
}

/** A new case's answer: from the state its first Update returned, like a command's. */
export async function createdReferralDetail(
  ctx: ReferralCommandContext,
  actor: Actor,
  created: { caseId: string; state: ReferralState; facilities: FacilityRow[] },
): Promise<ReferralDetail> {
  // The requester is the person creating the case: the name is the one just read with the session.
  const known = { requesterName: actor.displayName, facilities: created.facilities };
  return (
    (await referralDetailFromState(ctx.db, actor, created.state, known)) ??
    loadReferralDetail(ctx.db, actor, created.caseId)
  );
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

/**
 * A request a professional created on the person's behalf: who, the person's consent (who gave it,
 * on which day, how) and whether their access lasts. Shown to its référents and to the professional.
 */
async function assistanceOf(db: Queryable, referral: ReferralRow): Promise<ReferralDetail['assistance']> {
  const assistedBy = referral.family?.assistedBy;
  if (!assistedBy) return null;
  const [professional] = await db
    .select({ displayName: users.displayName })
    .from(users)
    .where(eq(users.id, assistedBy.professionalId));
  return {
    professional: { id: assistedBy.professionalId, displayName: professional?.displayName ?? '' },
    consent: {
      givenBy: assistedBy.consent.givenBy,
      givenOn: assistedBy.consent.at,
      how: assistedBy.consent.how,
      howLabel: consentHowLabels[assistedBy.consent.how],
    },
    keptByReferent: assistedBy.keptByReferent === true,
    endedAt: assistedBy.endedAt ?? null,
  };
}
