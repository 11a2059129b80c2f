import { and, asc, count, desc, eq, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { dossierVersions, facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { completedYears, parisDaysBetween, todayInParis } from '../../domain/calendar/days.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { requireProfessional } from '../../domain/identity/professional-access.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { type Urgency, urgencies } from '../../domain/referral/dossier.ts';
import {
  type FacilityTaskStatus,
  facilityTaskStatuses,
  isAwaitingAnswer,
} from '../../domain/referral/facility-task.ts';
import { canReadAutonomyPart, canReadMedicalPart, referralAccessFacts } from '../../domain/referral/policies.ts';
import { answerDeadline, compareByUrgency, isAnswerOverdue } from '../../domain/referral/triage.ts';

export const triageSorts = {
  urgence: 'Par urgence (en retard, puis échéance la plus proche)',
  reception: 'Par date de réception (la plus récente d’abord)',
  entree: 'Par date d’entrée souhaitée (la plus proche d’abord)',
} as const;
export type TriageSort = keyof typeof triageSorts;

export interface TriageQuery {
  status?: FacilityTaskStatus | undefined;
  /** Only the requests whose answer is overdue. */
  overdue?: boolean | undefined;
  /** Only the requests whose proposed entry date is this Paris day or before (the week's admissions). */
  entryBy?: string | undefined;
  sort?: TriageSort | undefined;
}

/** One row of the facility's triage inbox; what only a doctor may read is null for the others. */
export interface TriageItem {
  taskId: string;
  referralId: string;
  facilityName: string;
  kindLabel: string;
  status: FacilityTaskStatus;
  statusLabel: string;
  patientName: string;
  /** Completed years on today's Paris day. */
  age: number;
  /** Whether this member may read the medical part (the urgency comes from it). */
  medicalPartVisible: boolean;
  /** From the autonomy part (AGGIR grid): every member of the facility, as in the national dossier. */
  gir: number | null;
  /** Suites de soins' clinical urgency, from the medical part: facility doctors only. */
  urgencyLabel: string | null;
  desiredEntryDate: string | null;
  sentAt: string | null;
  /** When the facility's first answer is due, while it owes one. */
  answerDueAt: string | null;
  /** Paris calendar days from today to the deadline's day (0: due today). */
  daysLeft: number | null;
  overdue: boolean;
  /** Not opened yet by the facility. */
  unread: boolean;
}

export interface TriageInbox {
  items: TriageItem[];
  /** Requests of the member's facilities not opened yet, whatever the filters. */
  newCount: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Requests matching the filters (all pages). */
  total: number;
}

export const triagePageSize = 50;

/**
 * How many requests are ordered exactly « par urgence ». The SQL order already puts the requests
 * owing an answer first, oldest sent first (the nearest deadlines); the exact order, which depends
 * on each pathway's clock and pauses, is computed over this window, and pages beyond it keep the
 * SQL order (a facility with more than 500 requests owing an answer has every one of them overdue).
 */
const urgencyWindow = 500;

// The statuses owing a first answer, from the domain's one rule.
const awaitingStatuses = (Object.keys(facilityTaskStatuses) as FacilityTaskStatus[]).filter(isAwaitingAnswer);
/**
 * Written with literal statuses, not parameters: the index facility_tasks_urgency_idx (migration
 * 0027) is on this very expression, and a generic plan would not match parameters to it.
 */
const awaitingAnswer = sql`${facilityTasks.status} in (${sql.raw(awaitingStatuses.map((status) => `'${status}'`).join(', '))})`;

interface ClockRow {
  id: string;
  status: string;
  sentAt: Date | null;
  infoAskedAt: Date | null;
  infoAnsweredAt: Date | null;
  clockPausedMs: number;
  kind: string;
  departement: string | null;
  stalledMarks: { taskId?: string; party?: string }[];
}

/** The answer deadline and overdue mark of a request, from its clocks only. */
function clockOf(row: ClockRow, now: Date) {
  const deadline = answerDeadline({
    kind: row.kind as FacilityKind,
    status: row.status as FacilityTaskStatus,
    departement: row.departement,
    sentAt: iso(row.sentAt),
    infoAskedAt: iso(row.infoAskedAt),
    infoAnsweredAt: iso(row.infoAnsweredAt),
    clockPausedMs: row.clockPausedMs,
  });
  // Stalled for this facility: a mark on this very task with the facility as the one to act.
  const stalled = row.stalledMarks.some((mark) => mark.taskId === row.id && mark.party === 'facility');
  return {
    deadline,
    overdue: isAnswerOverdue(deadline, stalled, now.getTime()),
    receivedAt: row.sentAt?.getTime() ?? 0,
  };
}

/**
 * The facility inbox as its members triage it: age, GIR, desired entry date, urgency, answer deadline
 * and overdue mark, sorted by urgency unless asked otherwise, a page at a time. Two statements: the
 * clocks of the requests to order (a few narrow columns), then what the page shows for its rows only.
 * `now` is the clock (tests pin it).
 */
export async function listFacilityTriage(
  db: Database,
  actor: Actor,
  query: TriageQuery = {},
  now: Date = new Date(),
  page = 1,
  pageSize = triagePageSize,
): Promise<TriageInbox> {
  requireProfessional(actor);
  const empty = { items: [], newCount: 0, page: 1, pageCount: 1, pageSize, total: 0 };
  if (actor.facilityIds.length === 0) return empty;
  const mine = [inArray(facilityTasks.facilityId, actor.facilityIds), isNotNull(facilityTasks.sentAt)];
  const filters: SQL[] = [...mine];
  if (query.status) filters.push(eq(facilityTasks.status, query.status));
  if (query.entryBy) filters.push(lte(facilityTasks.proposedEntryDate, query.entryBy));
  const sort = query.sort ?? 'urgence';
  const desiredDate = sql<string | null>`${dossierVersions.content} #>> '{administrative,desiredEntryDate}'`;
  const byClock = sort === 'urgence' || query.overdue === true;
  const order =
    sort === 'reception'
      ? [desc(facilityTasks.sentAt)]
      : sort === 'entree'
        ? [sql`${desiredDate} asc nulls last`, desc(facilityTasks.sentAt)]
        : [
            desc(awaitingAnswer),
            sql`case when ${awaitingAnswer} then ${facilityTasks.sentAt} end asc`,
            desc(facilityTasks.sentAt),
          ];
  const wanted = Math.max(1, Math.floor(page));

  const clocks = db
    .select({
      id: facilityTasks.id,
      status: facilityTasks.status,
      sentAt: facilityTasks.sentAt,
      infoAskedAt: facilityTasks.infoAskedAt,
      infoAnsweredAt: facilityTasks.infoAnsweredAt,
      clockPausedMs: facilityTasks.clockPausedMs,
      kind: referrals.kind,
      departement: referrals.departement,
      stalledMarks: referrals.stalledMarks,
    })
    .from(facilityTasks)
    .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId));
  // Ordered by the desired entry date: the dossier gives it.
  const source = sort === 'entree' ? clocks.leftJoin(dossierVersions, dossierOfCase) : clocks;
  const [counted, [unread]] = await Promise.all([
    db
      .select({ value: count() })
      .from(facilityTasks)
      .where(and(...filters)),
    db
      .select({ value: count() })
      .from(facilityTasks)
      .where(and(...mine, eq(facilityTasks.status, 'sent'))),
  ]);
  let total = counted[0]?.value ?? 0;
  let pageIds: string[];
  const clockById = new Map<string, ReturnType<typeof clockOf>>();
  if (byClock && (query.overdue || (wanted - 1) * pageSize < urgencyWindow)) {
    const window = await source
      .where(and(...filters))
      .orderBy(...order, asc(facilityTasks.id))
      .limit(urgencyWindow);
    let keyed = window.map((row) => ({ id: row.id, key: clockOf(row as ClockRow, now) }));
    if (query.overdue) {
      keyed = keyed.filter(({ key }) => key.overdue);
      total = keyed.length;
    }
    if (sort === 'urgence') keyed.sort((a, b) => compareByUrgency(a.key, b.key));
    for (const { id, key } of keyed) clockById.set(id, key);
    pageIds = keyed.slice((wanted - 1) * pageSize, wanted * pageSize).map(({ id }) => id);
  } else {
    const rows = await source
      .where(and(...filters))
      .orderBy(...order, asc(facilityTasks.id))
      .limit(pageSize)
      .offset((wanted - 1) * pageSize);
    for (const row of rows) clockById.set(row.id, clockOf(row as ClockRow, now));
    pageIds = rows.map((row) => row.id);
  }
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (pageIds.length === 0) return { ...empty, newCount: unread?.value ?? 0, page: wanted, pageCount, total };

  // The medical part is not even read for a member who is no facility doctor.
  const readsMedical = actor.facilityIds.some((id) => actor.facilityRoles[id] === 'doctor');
  const urgency = sql<
    string | null
  >`${readsMedical ? sql`${dossierVersions.content} #>> '{medical,clinical,urgency}'` : sql`null`}`.as('urgency');
  const details = await db
    .select({
      task: facilityTasks,
      facilityName: facilities.name,
      kind: referrals.kind,
      requesterId: referrals.requesterId,
      departement: referrals.departement,
      lastName: referrals.patientLastName,
      firstName: referrals.patientFirstName,
      birthDate: referrals.patientBirthDate,
      gir: referrals.gir,
      desiredEntryDate: desiredDate.as('desired_entry_date'),
      urgency,
    })
    .from(facilityTasks)
    .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId))
    .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
    .leftJoin(dossierVersions, dossierOfCase)
    .where(inArray(facilityTasks.id, pageIds));

  const today = todayInParis(now);
  const byId = new Map(details.map((row) => [row.task.id, row]));
  const items = pageIds.flatMap((id): TriageItem[] => {
    const row = byId.get(id);
    const clock = clockById.get(id);
    if (!row || !clock) return [];
    const { task } = row;
    const kind = row.kind as FacilityKind;
    const status = task.status as FacilityTaskStatus;
    const facts = referralAccessFacts({ requesterId: row.requesterId, departement: row.departement }, [task]);
    const medical = canReadMedicalPart(actor, facts);
    const autonomy = canReadAutonomyPart(actor, facts);
    return [
      {
        taskId: task.id,
        referralId: task.referralId,
        facilityName: row.facilityName,
        kindLabel: facilityKinds[kind].label,
        status,
        statusLabel: facilityTaskStatuses[status],
        patientName: `${row.lastName.toUpperCase()} ${row.firstName}`,
        age: completedYears(row.birthDate, today),
        medicalPartVisible: medical,
        gir: autonomy ? row.gir : null,
        urgencyLabel: medical && row.urgency && row.urgency in urgencies ? urgencies[row.urgency as Urgency] : null,
        desiredEntryDate: row.desiredEntryDate,
        sentAt: iso(task.sentAt),
        answerDueAt: clock.deadline === null ? null : new Date(clock.deadline).toISOString(),
        daysLeft: clock.deadline === null ? null : parisDaysBetween(now, clock.deadline),
        overdue: clock.overdue,
        unread: status === 'sent',
      },
    ];
  });
  return { items, newCount: unread?.value ?? 0, page: wanted, pageCount, pageSize, total };
}

const dossierOfCase = and(
  eq(dossierVersions.referralId, referrals.id),
  eq(dossierVersions.version, referrals.dossierVersion),
);

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
