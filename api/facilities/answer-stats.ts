import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { addParisDays } from '../../domain/calendar/days.ts';
import { facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { answerDueDays } from '../../domain/directory/facility-ranking.ts';

/**
 * Recomputes what the case events say of each facility's answers, per kind of request, over the
 * last `windowDays`: requests sent, due (answered, or unanswered past the answer deadline),
 * answered (accepted, refused or wait-listed), accepted, and the median time from sending to the
 * first answer. One statement over the event log; the ranking reads the small result table.
 */
export async function refreshAnswerStats(
  db: Database,
  options: { now?: Date; windowDays: number },
): Promise<{ facilities: number }> {
  const now = (options.now ?? new Date()).toISOString();
  const since = new Date(addParisDays(now, -options.windowDays)).toISOString();
  const grandAge = Object.entries(facilityKinds)
    .filter(([, kind]) => kind.pathway === 'grand_age')
    .map(([key]) => key);
  const dueInterval = (days: number) => sql.raw(`interval '${days} days'`);
  return db.transaction(async (tx) => {
    const rows = await tx.execute(sql`
      with task_times as (
        select ft.facility_id, r.kind,
          min(e.occurred_at) filter (where e.type = 'task.sent') as sent_at,
          min(e.occurred_at) filter (where e.type in ('task.accepted', 'task.refused', 'task.waitlisted')) as answered_at,
          coalesce(bool_or(e.type = 'task.accepted'), false) as accepted
        from facility_tasks ft
        join referrals r on r.id = ft.referral_id
        join referral_events e on e.referral_id = ft.referral_id and e.task_id = ft.id
        group by ft.facility_id, r.kind, ft.id
      ), counted as (
        select facility_id, kind, sent_at, answered_at, accepted,
          answered_at is not null or sent_at < ${now}::timestamptz - case
            when kind in (${sql.join(
              grandAge.map((kind) => sql`${kind}`),
              sql`, `,
            )}) then ${dueInterval(answerDueDays.grand_age)}
            else ${dueInterval(answerDueDays.suites_de_soins)} end as due
        from task_times
        where sent_at is not null and sent_at >= ${since}::timestamptz
      )
      insert into facility_answer_stats (facility_id, kind, sent, due, answered, accepted, median_answer_hours, refreshed_at)
      select facility_id, kind, count(*)::int, count(*) filter (where due)::int,
        count(answered_at)::int, count(*) filter (where accepted and answered_at is not null)::int,
        percentile_cont(0.5) within group (order by extract(epoch from answered_at - sent_at) / 3600)
          filter (where answered_at is not null),
        ${now}::timestamptz
      from counted group by facility_id, kind
      on conflict (facility_id, kind) do update set
        sent = excluded.sent, due = excluded.due, answered = excluded.answered, accepted = excluded.accepted,
        median_answer_hours = excluded.median_answer_hours, refreshed_at = excluded.refreshed_at
      returning facility_id`);
    await tx.execute(sql`delete from facility_answer_stats where refreshed_at < ${now}::timestamptz`);
    return { facilities: rows.length };
  });
}
