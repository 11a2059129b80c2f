import { and, asc, count, desc, eq, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { dossierVersions, facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { completedYears, parisDaysBetween, todayInParis } from '../../domain/calendar/days.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
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
}

/**
 * How many requests are read to sort by urgency. The SQL order already puts the requests owing an
 * answer first, oldest sent first (the nearest deadlines); the exact order, which depends on each
 * pathway's clock and pauses, is computed on this window.
 */
const urgencyWindow = 500;

// The statuses owing a first answer, from the domain's one rule.
const awaitingAnswer = inArray(
  facilityTasks.status,
  (Object.keys(facilityTaskStatuses) as FacilityTaskStatus[]).filter(isAwaitingAnswer),
);

/**
 * The facility inbox as its members triage it: age, GIR, desired entry date, urgency, answer deadline
 * and overdue mark, sorted by urgency unless asked otherwise. `now` is the clock (tests pin it).
 */
export async function listFacilityTriage(
  db: Database,
  actor: Actor,
  query: TriageQuery = {},
  now: Date = new Date(),
  limit = 100,
): Promise<TriageInbox> {
  if (actor.facilityIds.length === 0) return { items: [], newCount: 0 };
  const mine = [inArray(facilityTasks.facilityId, actor.facilityIds), isNotNull(facilityTasks.sentAt)];
  const filters: SQL[] = [...mine];
  if (query.status) filters.push(eq(facilityTasks.status, query.status));
  if (query.entryBy) filters.push(lte(facilityTasks.proposedEntryDate, query.entryBy));
  const sort = query.sort ?? 'urgence';
  const desiredDate = sql<string | null>`${dossierVersions.content} #>> '{administrative,desiredEntryDate}'`;
  // The medical part is not even read for a member who is no facility doctor.
  const readsMedical = actor.facilityIds.some((id) => actor.facilityRoles[id] === 'doctor');
  const urgency = sql<
    string | null
  >`${readsMedical ? sql`${dossierVersions.content} #>> '{medical,clinical,urgency}'` : sql`null`}`.as('urgency');
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

  const [rows, [unread]] = await Promise.all([
    db
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
        stalledMarks: referrals.stalledMarks,
        desiredEntryDate: desiredDate.as('desired_entry_date'),
        urgency,
      })
      .from(facilityTasks)
      .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId))
      .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
      .leftJoin(
        dossierVersions,
        and(eq(dossierVersions.referralId, referrals.id), eq(dossierVersions.version, referrals.dossierVersion)),
      )
      .where(and(...filters))
      .orderBy(...order, asc(facilityTasks.id))
      .limit(sort === 'urgence' || query.overdue ? urgencyWindow : limit),
    db
      .select({ value: count() })
      .from(facilityTasks)
      .where(and(...mine, eq(facilityTasks.status, 'sent'))),
  ]);

  const today = todayInParis(now);
  const items = rows.map((row) => {
    const { task } = row;
    const kind = row.kind as FacilityKind;
    const status = task.status as FacilityTaskStatus;
    const facts = referralAccessFacts({ requesterId: row.requesterId, departement: row.departement }, [task]);
    const medical = canReadMedicalPart(actor, facts);
    const autonomy = canReadAutonomyPart(actor, facts);
    const deadline = answerDeadline({
      kind,
      status,
      departement: row.departement,
      sentAt: iso(task.sentAt),
      infoAskedAt: iso(task.infoAskedAt),
      infoAnsweredAt: iso(task.infoAnsweredAt),
      clockPausedMs: task.clockPausedMs,
    });
    // Stalled for this facility: a mark on this very task with the facility as the one to act.
    const stalled = row.stalledMarks.some((mark) => mark.taskId === task.id && mark.party === 'facility');
    const item: TriageItem = {
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
      answerDueAt: deadline === null ? null : new Date(deadline).toISOString(),
      daysLeft: deadline === null ? null : parisDaysBetween(now, deadline),
      overdue: isAnswerOverdue(deadline, stalled, now.getTime()),
      unread: status === 'sent',
    };
    return { item, key: { overdue: item.overdue, deadline, receivedAt: task.sentAt?.getTime() ?? 0 } };
  });
  const kept = query.overdue ? items.filter(({ item }) => item.overdue) : items;
  if (sort === 'urgence') kept.sort((a, b) => compareByUrgency(a.key, b.key));
  return { items: kept.slice(0, limit).map(({ item }) => item), newCount: unread?.value ?? 0 };
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
