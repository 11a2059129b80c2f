import { and, asc, count, eq, gt, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { pcoCases, pcoPlatforms } from '../../db/schema-pco.ts';
import { isoWeekday, shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { declarationAgeDays, isDeclarationStale } from '../../domain/directory/capacity-freshness.ts';
import {
  type FacilityKind,
  facilityKinds,
  facilityKindValues,
  pathwayOf,
} from '../../domain/directory/facility-kinds.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { ageInMonths } from '../../domain/pco/eligibility.ts';
import { frenchAge } from '../../domain/pco/labels.ts';
import { daysLeftToValidate, type PcoStalledReason, pcoStalledReasons } from '../../domain/pco/orientation-state.ts';
import { deadlinePolicies } from '../../domain/referral/deadlines.ts';
import {
  type FacilityTaskStatus,
  facilityTaskStatuses,
  isAwaitingAnswer,
} from '../../domain/referral/facility-task.ts';
import { isCoordinator } from '../../domain/referral/policies.ts';
import { type RequesterStatus, requesterStatus } from '../../domain/referral/requester-status.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';
import type { ReferralStatus } from '../../domain/referral/state.ts';
import { answerDeadline, latestOverdueSending } from '../../domain/referral/triage.ts';
import { directorySettings } from '../../services/directory/settings.ts';

/**
 * The home page's figures for each role, counted by SQL over the read model (never from the
 * workflows): each count is what the list it links to shows under the same filter.
 */

const awaitingAnswerStatuses = (Object.keys(facilityTaskStatuses) as FacilityTaskStatus[]).filter(isAwaitingAnswer);

// ── Physician ────────────────────────────────────────────────────────────────────────────────

const hasTask = (status: FacilityTaskStatus) =>
  sql`exists (select 1 from ${facilityTasks} where ${facilityTasks.referralId} = ${referrals.id} and ${facilityTasks.status} = ${status})`;

/** Cases of the requester waiting for their choice among acceptances (`/demandes?suivi=choix`). */
export const choicePendingFilter = (): SQL => and(eq(referrals.status, 'sent'), hasTask('accepted')) as SQL;
/** Cases where a facility waits for the requester's answer to its question (`/demandes?suivi=informations`). */
export const infoRequestedFilter = (): SQL => and(eq(referrals.status, 'sent'), hasTask('info_requested')) as SQL;

export const requesterAttentions = { choix: choicePendingFilter, informations: infoRequestedFilter } as const;
export type RequesterAttention = keyof typeof requesterAttentions;

export interface FacilityChip {
  facilityName: string;
  status: FacilityTaskStatus;
  statusLabel: string;
}

export interface PhysicianCase {
  id: string;
  patientName: string;
  kindLabel: string;
  status: RequesterStatus;
  updatedAt: string;
  chips: FacilityChip[];
}

export interface PhysicianHome {
  choicePending: number;
  infoRequested: number;
  stalled: number;
  drafts: number;
  /** Open cases with nothing for the physician to do, most recently changed first. */
  others: PhysicianCase[];
  /** Open cases with nothing to do, in all (`others` holds the first ones). */
  othersTotal: number;
}

const physicianOthersShown = 10;

export async function physicianHome(db: Database, actor: Actor): Promise<PhysicianHome> {
  // Each case's requests are read once (a lateral aggregate over the requests' index), so the counts
  // are one pass over the physician's cases and the first « others » are found walking them newest first.
  const flags = sql`cross join lateral (
      select coalesce(bool_or(t.status = 'accepted'), false) as accepted,
        coalesce(bool_or(t.status = 'info_requested'), false) as info
      from ${facilityTasks} t where t.referral_id = r.id) f`;
  const nothingToDo = sql`r.status in ('sent', 'facility_chosen') and not (r.status = 'sent' and (f.accepted or f.info))`;
  const [[counts], others] = await Promise.all([
    db.execute<{ choice: number; info: number; stalled: number; drafts: number; others: number }>(sql`
      select count(*) filter (where r.status = 'sent' and f.accepted)::int as choice,
        count(*) filter (where r.status = 'sent' and f.info)::int as info,
        count(*) filter (where r.stalled)::int as stalled,
        count(*) filter (where r.status = 'draft')::int as drafts,
        count(*) filter (where ${nothingToDo})::int as others
      from ${referrals} r ${flags}
      where r.requester_id = ${actor.id}`),
    db.execute<{
      id: string;
      kind: string;
      status: string;
      last_name: string;
      first_name: string;
      updated_at: Date | string;
    }>(sql`
      select r.id, r.kind, r.status, r.patient_last_name as last_name, r.patient_first_name as first_name, r.updated_at
      from ${referrals} r ${flags}
      where r.requester_id = ${actor.id} and ${nothingToDo}
      order by r.updated_at desc, r.id
      limit ${physicianOthersShown}`),
  ]);
  const tasks = others.length
    ? await db
        .select({
          referralId: facilityTasks.referralId,
          status: facilityTasks.status,
          proposedEntryDate: facilityTasks.proposedEntryDate,
          facilityName: facilities.name,
        })
        .from(facilityTasks)
        .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
        .where(
          inArray(
            facilityTasks.referralId,
            others.map((row) => row.id),
          ),
        )
        .orderBy(asc(facilityTasks.wave), asc(facilities.name))
    : [];
  return {
    choicePending: counts?.choice ?? 0,
    infoRequested: counts?.info ?? 0,
    stalled: counts?.stalled ?? 0,
    drafts: counts?.drafts ?? 0,
    othersTotal: counts?.others ?? 0,
    others: others.map((row) => {
      const own = tasks
        .filter((task) => task.referralId === row.id)
        .map((task) => ({ ...task, status: task.status as FacilityTaskStatus }));
      return {
        id: row.id,
        patientName: `${row.last_name.toUpperCase()} ${row.first_name}`,
        kindLabel: facilityKinds[row.kind as FacilityKind].label,
        status: requesterStatus({ status: row.status as ReferralStatus, tasks: own }),
        updatedAt: new Date(row.updated_at).toISOString(),
        chips: own.map((task) => ({
          facilityName: task.facilityName,
          status: task.status,
          statusLabel: facilityTaskStatuses[task.status],
        })),
      };
    }),
  };
}

/**
 * The requester-facing status of listed cases (« Mes demandes »), from their facilities' requests
 * as the read model holds them.
 */
export async function requesterStatusesOf(
  db: Database,
  cases: readonly { id: string; status: ReferralStatus }[],
): Promise<Map<string, RequesterStatus>> {
  const tasks = cases.length
    ? await db
        .select({
          referralId: facilityTasks.referralId,
          status: facilityTasks.status,
          proposedEntryDate: facilityTasks.proposedEntryDate,
        })
        .from(facilityTasks)
        .where(
          inArray(
            facilityTasks.referralId,
            cases.map((item) => item.id),
          ),
        )
    : [];
  return new Map(
    cases.map((item) => [
      item.id,
      requesterStatus({
        status: item.status,
        tasks: tasks
          .filter((task) => task.referralId === item.id)
          .map((task) => ({ status: task.status as FacilityTaskStatus, proposedEntryDate: task.proposedEntryDate })),
      }),
    ]),
  );
}

// ── Facility ─────────────────────────────────────────────────────────────────────────────────

const alsaceMoselle = ['57', '67', '68'];

/**
 * Overdue as the inbox's « en retard » filter reads it (`isAnswerOverdue`): a stalled mark on the
 * request with the facility to act, or a first answer owed past its deadline. Without a paused
 * clock the deadline passed iff the request was sent before a bound per pathway (and the
 * Alsace-Moselle holidays, for working days); `paused` selects the few whose clock stood still.
 */
function overdueConditions(now: Date) {
  const stalledOnFacility = sql`${referrals.stalledMarks} @> jsonb_build_array(jsonb_build_object('taskId', ${facilityTasks.id}::text, 'party', 'facility'))`;
  const awaiting = inArray(facilityTasks.status, awaitingAnswerStatuses);
  const paused = and(gt(facilityTasks.clockPausedMs, 0), isNotNull(facilityTasks.infoAnsweredAt)) as SQL;
  const bounds = (Object.keys(deadlinePolicies) as (keyof typeof deadlinePolicies)[]).map((pathway) => {
    const delay = deadlinePolicies[pathway].answerStalled;
    const kinds = facilityKindValues.filter((kind) => pathwayOf(kind) === pathway);
    const general = new Date(latestOverdueSending(now.getTime(), delay));
    const alsace = new Date(latestOverdueSending(now.getTime(), delay, '57'));
    return sql`(${inArray(referrals.kind, kinds)} and ${facilityTasks.sentAt} <= case when ${inArray(referrals.departement, alsaceMoselle)} then ${alsace.toISOString()}::timestamptz else ${general.toISOString()}::timestamptz end)`;
  });
  const pastDeadline = sql`(${awaiting} and not (${paused}) and (${sql.join(bounds, sql` or `)}))`;
  return { stalledOnFacility, awaiting, paused, pastDeadline };
}

export interface FacilityPlaces {
  id: string;
  name: string;
  availablePlaces: number | null;
  installedPlaces: number | null;
  declaredAt: string | null;
  /** Paris days since the last declaration (0: today). */
  declaredDaysAgo: number | null;
  /** Older than the directory's threshold (`PARCOURS_CAPACITY_STALE_DAYS`), or never declared. */
  stale: boolean;
}

export interface FacilityHome {
  newRequests: number;
  overdue: number;
  admissionsThisWeek: number;
  /** The last day counted by `admissionsThisWeek` (Sunday of this Paris week). */
  weekEnd: string;
  places: FacilityPlaces[];
}

/** The last day of the Paris week (Sunday) of `now`. */
export function weekEndOf(now: Date): string {
  const today = todayInParis(now);
  return shiftDay(today, 7 - isoWeekday(today));
}

export async function facilityHome(
  db: Database,
  actor: Actor,
  now: Date,
  staleDays: number = directorySettings().capacityStaleDays,
): Promise<FacilityHome> {
  const weekEnd = weekEndOf(now);
  if (actor.facilityIds.length === 0) return { newRequests: 0, overdue: 0, admissionsThisWeek: 0, weekEnd, places: [] };
  const mine = and(inArray(facilityTasks.facilityId, actor.facilityIds), isNotNull(facilityTasks.sentAt));
  const { stalledOnFacility, awaiting, paused, pastDeadline } = overdueConditions(now);
  const [[counts], pausedRows, placeRows] = await Promise.all([
    db
      .select({
        newRequests: sql<number>`count(*) filter (where ${facilityTasks.status} = 'sent')`.mapWith(Number),
        overdue: sql<number>`count(*) filter (where ${stalledOnFacility} or ${pastDeadline})`.mapWith(Number),
        admissions:
          sql<number>`count(*) filter (where ${facilityTasks.status} = 'chosen' and ${facilityTasks.proposedEntryDate} <= ${weekEnd})`.mapWith(
            Number,
          ),
      })
      .from(facilityTasks)
      .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId))
      .where(mine),
    // The requests whose answer clock stood still: their deadline is the domain's to compute.
    db
      .select({
        kind: referrals.kind,
        status: facilityTasks.status,
        departement: referrals.departement,
        sentAt: facilityTasks.sentAt,
        infoAskedAt: facilityTasks.infoAskedAt,
        infoAnsweredAt: facilityTasks.infoAnsweredAt,
        clockPausedMs: facilityTasks.clockPausedMs,
      })
      .from(facilityTasks)
      .innerJoin(referrals, eq(referrals.id, facilityTasks.referralId))
      .where(and(mine, awaiting, paused, sql`not (${stalledOnFacility})`)),
    db
      .select({
        id: facilities.id,
        name: facilities.name,
        availablePlaces: facilities.availablePlaces,
        installedPlaces: facilities.installedPlaces,
        declaredAt: facilities.capacityDeclaredAt,
      })
      .from(facilities)
      .where(inArray(facilities.id, actor.facilityIds))
      .orderBy(asc(facilities.name)),
  ]);
  const pausedOverdue = pausedRows.filter((row) => {
    const deadline = answerDeadline({
      kind: row.kind as FacilityKind,
      status: row.status as FacilityTaskStatus,
      departement: row.departement,
      sentAt: row.sentAt?.toISOString() ?? null,
      infoAskedAt: row.infoAskedAt?.toISOString() ?? null,
      infoAnsweredAt: row.infoAnsweredAt?.toISOString() ?? null,
      clockPausedMs: row.clockPausedMs,
    });
    return deadline !== null && deadline <= now.getTime();
  }).length;
  return {
    newRequests: counts?.newRequests ?? 0,
    overdue: (counts?.overdue ?? 0) + pausedOverdue,
    admissionsThisWeek: counts?.admissions ?? 0,
    weekEnd,
    places: placeRows.map((row) => ({
      ...row,
      declaredAt: row.declaredAt?.toISOString() ?? null,
      declaredDaysAgo: declarationAgeDays(row.declaredAt, now),
      stale: isDeclarationStale(row.declaredAt, now, staleDays),
    })),
  };
}

// ── Coordinator ──────────────────────────────────────────────────────────────────────────────

export interface StalledReasonCount {
  reason: string;
  label: string;
  count: number;
  what: 'referral' | 'pco';
}

/** Stalled cases of the coordinator's territory, by reason (a case with two reasons counts in both). */
export async function coordinatorHome(db: Database, actor: Actor): Promise<StalledReasonCount[]> {
  if (!isCoordinator(actor) || actor.territories.length === 0) return [];
  const referralMark = sql`jsonb_array_elements(${referrals.stalledMarks}) ->> 'reason'`;
  const pcoMark = sql`jsonb_array_elements(${pcoCases.stalledMarks}) ->> 'reason'`;
  const [referralRows, pcoRows] = await Promise.all([
    db
      .select({ reason: sql<string>`mark.reason`, count: sql<number>`count(distinct mark.id)`.mapWith(Number) })
      .from(
        sql`(select ${referrals.id} as id, ${referralMark} as reason from ${referrals}
             where ${referrals.stalled} and ${inArray(referrals.departement, actor.territories)}
             and exists (select 1 from ${facilityTasks} where ${facilityTasks.referralId} = ${referrals.id} and ${facilityTasks.sentAt} is not null)) as mark`,
      )
      .groupBy(sql`mark.reason`),
    db
      .select({ reason: sql<string>`mark.reason`, count: sql<number>`count(distinct mark.id)`.mapWith(Number) })
      .from(
        sql`(select ${pcoCases.id} as id, ${pcoMark} as reason from ${pcoCases}
             where ${pcoCases.stalled} and ${inArray(pcoCases.departement, actor.territories)}) as mark`,
      )
      .groupBy(sql`mark.reason`),
  ]);
  const referralCounts = new Map(referralRows.map((row) => [row.reason, row.count]));
  const pcoCounts = new Map(pcoRows.map((row) => [row.reason, row.count]));
  return [
    ...(Object.keys(stalledReasons) as StalledReason[]).flatMap((reason) => {
      const value = referralCounts.get(reason) ?? 0;
      return value > 0 ? [{ reason, label: stalledReasons[reason], count: value, what: 'referral' as const }] : [];
    }),
    ...(Object.keys(pcoStalledReasons) as PcoStalledReason[]).flatMap((reason) => {
      const value = pcoCounts.get(reason) ?? 0;
      return value > 0 ? [{ reason, label: pcoStalledReasons[reason], count: value, what: 'pco' as const }] : [];
    }),
  ];
}

// ── PCO platform ─────────────────────────────────────────────────────────────────────────────

export interface PcoToValidate {
  id: string;
  childName: string;
  childAge: string;
  platformName: string;
  /** Paris days left to validate (0: last day; negative: late). */
  daysLeft: number;
}

export interface PcoHome {
  toValidate: number;
  /** The oldest ones first: the fewest days left. */
  oldest: PcoToValidate[];
}

const pcoShown = 5;

export async function pcoHome(db: Database, actor: Actor, now: Date): Promise<PcoHome> {
  const platformIds = Object.keys(actor.pcoRoles);
  if (platformIds.length === 0) return { toValidate: 0, oldest: [] };
  const waiting = and(inArray(pcoCases.platformId, platformIds), eq(pcoCases.status, 'submitted'));
  const today = todayInParis(now);
  const [[total], rows] = await Promise.all([
    db.select({ value: count() }).from(pcoCases).where(waiting),
    db
      .select({ orientation: pcoCases, platformName: pcoPlatforms.name })
      .from(pcoCases)
      .innerJoin(pcoPlatforms, eq(pcoPlatforms.id, pcoCases.platformId))
      .where(waiting)
      .orderBy(asc(pcoCases.submittedAt), asc(pcoCases.id))
      .limit(pcoShown),
  ]);
  return {
    toValidate: total?.value ?? 0,
    oldest: rows.map(({ orientation: o, platformName }) => ({
      id: o.id,
      childName: `${o.childLastName.toUpperCase()} ${o.childFirstName}`,
      childAge: frenchAge(ageInMonths(o.childBirthDate, today)),
      platformName,
      daysLeft: daysLeftToValidate(o.submittedAt.toISOString(), today),
    })),
  };
}
