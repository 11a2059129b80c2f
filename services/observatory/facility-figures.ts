import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { endOfParisDay, startOfParisDay } from '../../domain/calendar/days.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { type FacilityTaskStatus, facilityTaskStatuses, isTaskOpen } from '../../domain/referral/facility-task.ts';
import type { RefusalReason } from '../../domain/referral/refusal-reasons.ts';

/**
 * What the observatory counts: the requests facilities received over a period, from the read
 * model only (facility tasks, their events and the case's stalled marks), never from Temporal.
 */
export interface ObservatoryScope {
  /** Départements whose facilities are counted (a facility belongs to its own département); absent: all. */
  departements?: readonly string[] | undefined;
  /** Only these facilities (a facility manager's own), when set. */
  facilityIds?: readonly string[] | undefined;
  kind?: FacilityKind | undefined;
  /** Paris days, both included: requests sent from the start of `from` to the end of `to`. */
  from: string;
  to: string;
}

/** Figures of one facility, or of a whole kind when `facility` is absent. Delays in hours. */
export interface ObservatoryRow {
  kind: FacilityKind;
  facility?: { id: string; name: string; departement: string };
  received: number;
  answered: number;
  accepted: number;
  refused: number;
  waitlisted: number;
  admitted: number;
  /** Requests of the period still waiting for the facility's first answer, and those of stalled cases waiting on it. */
  waiting: number;
  stalled: number;
  medianAnswerHours: number | null;
  p90AnswerHours: number | null;
  medianAdmissionHours: number | null;
  refusalReasons: Partial<Record<RefusalReason, number>>;
}

export interface ObservatoryFigures {
  kinds: ObservatoryRow[];
  facilities: ObservatoryRow[];
}

/** Share of the requests received, or null when there were none. */
export function rate(count: number, received: number): number | null {
  return received > 0 ? count / received : null;
}

const knownKinds = new Set(Object.keys(facilityKinds));
const finalTaskStatuses = (Object.keys(facilityTaskStatuses) as FacilityTaskStatus[]).filter(
  (status) => !isTaskOpen(status),
);

/** The two statements of the figures (rows, refusal reasons), for the function below and the benchmark's EXPLAIN. */
export function observatoryStatements(scope: ObservatoryScope): { rows: SQL; reasons: SQL } {
  const from = new Date(startOfParisDay(scope.from)).toISOString();
  const to = new Date(endOfParisDay(scope.to)).toISOString();
  const list = (values: readonly string[]) =>
    sql.join(
      values.map((value) => sql`${value}`),
      sql`, `,
    );
  const facilityFilter = scope.facilityIds ? sql`and f.id in (${list(scope.facilityIds)})` : sql``;
  const departementFilter = scope.departements ? sql`and f.departement in (${list(scope.departements)})` : sql``;
  const kindFilter = scope.kind ? sql`and f.kind = ${scope.kind}` : sql``;
  const rows = sql`
    with tasks as (
      select f.kind, f.id as facility_id, t.sent_at, t.answered_at, t.accepted_at, t.waitlisted_at, t.refusal_reason, t.status,
        -- Only an admitted task has an admission event, and only a task still in play can be
        -- what a stalled case waits for: the case and its events are read for those alone.
        case when t.status = 'admitted' then (select min(e.occurred_at) from referral_events e
          where e.referral_id = t.referral_id and e.task_id = t.id and e.type = 'task.admitted') end as admitted_at,
        case when t.status not in (${list(finalTaskStatuses)}) then
          (select r.stalled and exists (select 1 from jsonb_array_elements(r.stalled_marks) m
            where m->>'taskId' = t.id::text) from referrals r where r.id = t.referral_id) end as stalled
      from facilities f
      join facility_tasks t on t.facility_id = f.id
      where true ${departementFilter} ${facilityFilter} ${kindFilter}
        and t.sent_at >= ${from}::timestamptz and t.sent_at < ${to}::timestamptz
    ),
    -- Grouped by ids (no name compared 40,000 times); the names are joined to the hundred rows after.
    figures as (
    select kind, facility_id, grouping(facility_id) as grouped_by_kind,
      count(*)::int as received,
      count(answered_at)::int as answered,
      count(accepted_at)::int as accepted,
      count(refusal_reason)::int as refused,
      count(waitlisted_at)::int as waitlisted,
      count(admitted_at)::int as admitted,
      count(*) filter (where answered_at is null and status in ('sent', 'read', 'under_review', 'info_requested'))::int as waiting,
      count(*) filter (where stalled)::int as stalled,
      percentile_cont(0.5) within group (order by extract(epoch from answered_at - sent_at) / 3600)
        filter (where answered_at is not null) as median_answer_hours,
      percentile_cont(0.9) within group (order by extract(epoch from answered_at - sent_at) / 3600)
        filter (where answered_at is not null) as p90_answer_hours,
      percentile_cont(0.5) within group (order by extract(epoch from admitted_at - sent_at) / 3600)
        filter (where admitted_at is not null) as median_admission_hours
    from tasks
    group by grouping sets ((kind), (kind, facility_id))
    )
    select figures.*, f.name as facility_name, f.departement as facility_departement
    from figures left join facilities f on f.id = figures.facility_id
    order by figures.kind, f.name nulls first`;
  const reasons = sql`
    select f.kind, f.id as facility_id, t.refusal_reason as reason, count(*)::int as count
    from facilities f
    join facility_tasks t on t.facility_id = f.id
    where true ${departementFilter} ${facilityFilter} ${kindFilter}
      and t.sent_at >= ${from}::timestamptz and t.sent_at < ${to}::timestamptz
      and t.refusal_reason is not null
    group by grouping sets ((f.kind, t.refusal_reason), (f.kind, f.id, t.refusal_reason))`;
  return { rows, reasons };
}

/** Per facility kind and per facility of the scope, in one pass (GROUPING SETS keeps kind medians exact). */
export async function observatoryFigures(db: Database, scope: ObservatoryScope): Promise<ObservatoryFigures> {
  if (scope.departements?.length === 0 || scope.facilityIds?.length === 0) {
    return { kinds: [], facilities: [] };
  }
  const statements = observatoryStatements(scope);
  // Both at once: on a pool of connections the reasons are counted while the figures are.
  const [rows, reasons] = await Promise.all([
    db.execute<{
      kind: string;
      facility_id: string | null;
      facility_name: string | null;
      facility_departement: string | null;
      grouped_by_kind: number;
      received: number;
      answered: number;
      accepted: number;
      refused: number;
      waitlisted: number;
      admitted: number;
      waiting: number;
      stalled: number;
      median_answer_hours: number | null;
      p90_answer_hours: number | null;
      median_admission_hours: number | null;
    }>(statements.rows),
    db.execute<{ kind: string; facility_id: string | null; reason: string; count: number }>(statements.reasons),
  ]);
  const reasonsOf = (kind: string, facilityId: string | null) =>
    Object.fromEntries(
      reasons
        .filter((row) => row.kind === kind && row.facility_id === facilityId)
        .map((row) => [row.reason, Number(row.count)]),
    ) as Partial<Record<RefusalReason, number>>;
  const figures: ObservatoryFigures = { kinds: [], facilities: [] };
  for (const row of rows) {
    if (!knownKinds.has(row.kind)) continue;
    const hours = (value: number | string | null) => (value === null ? null : Number(value));
    const item: ObservatoryRow = {
      kind: row.kind as FacilityKind,
      received: Number(row.received),
      answered: Number(row.answered),
      accepted: Number(row.accepted),
      refused: Number(row.refused),
      waitlisted: Number(row.waitlisted),
      admitted: Number(row.admitted),
      waiting: Number(row.waiting),
      stalled: Number(row.stalled),
      medianAnswerHours: hours(row.median_answer_hours),
      p90AnswerHours: hours(row.p90_answer_hours),
      medianAdmissionHours: hours(row.median_admission_hours),
      refusalReasons: reasonsOf(row.kind, row.facility_id),
    };
    if (Number(row.grouped_by_kind) === 0 && row.facility_id) {
      item.facility = {
        id: row.facility_id,
        name: row.facility_name ?? '',
        departement: row.facility_departement ?? '',
      };
      figures.facilities.push(item);
    } else figures.kinds.push(item);
  }
  return figures;
}
