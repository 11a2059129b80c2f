import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { endOfParisDay, startOfParisDay } from '../../domain/calendar/days.ts';
import { pcoDelays } from '../../domain/pco/orientation-state.ts';

/**
 * The PCO TND orientations of a territory over a period and how their legal delays were kept
 * (CSP R2135-2), from the read model only (`pco_cases`), never from Temporal. An orientation
 * belongs to the child's département and to the period of its sending.
 *
 * Each delay is counted on the Paris legal calendar (rules v2, domain/pco/orientation-state.ts):
 * - validation: within 15 days when the doctor validated on or before the 15th day after the
 *   sending day; « échue » when validated, or still waiting for validation after that day
 *   (a refused prescription or a withdrawal before any decision is not counted);
 * - first assessment: within 3 months of the validation day (the first assessment recorded);
 *   « échue » when recorded, or still missing after the last day of a pathway not closed;
 * - synthesis: within 6 months of the first assessment or intervention, whichever came first;
 *   « échue » when held, or still missing after the last day of a pathway not closed.
 * A rate is the delays kept over the delays « échus ».
 */
export interface PcoScope {
  /** Départements of the children; absent: all. */
  departements?: readonly string[] | undefined;
  /** Paris days, both included: orientations sent from the start of `from` to the end of `to`. */
  from: string;
  to: string;
  /** Today (Paris day): a delay whose last day is before it has ended. */
  today: string;
}

export interface PcoMilestone {
  /** Delays ended or kept: the rate's denominator. */
  due: number;
  /** Kept: the milestone happened on or before its last day. */
  withinDelay: number;
  /** Missed: the milestone came after its last day, or has not come yet after it. */
  late: number;
}

export interface PcoRow {
  /** The child's département; absent on the territory's total. */
  departement?: string;
  orientations: number;
  validated: number;
  refused: number;
  closed: number;
  /** Orientations currently marked late (stalled) by their workflow. */
  stalled: number;
  validation: PcoMilestone;
  firstAssessment: PcoMilestone;
  synthesis: PcoMilestone;
}

/** The territory's total, then one row per département that had orientations. */
export interface PcoFigures {
  total: PcoRow;
  departements: PcoRow[];
}

const none = { due: 0, withinDelay: 0, late: 0 };
const emptyRow: PcoRow = {
  orientations: 0,
  validated: 0,
  refused: 0,
  closed: 0,
  stalled: 0,
  validation: none,
  firstAssessment: none,
  synthesis: none,
};

/** The statement of the figures, for the function below and the benchmark's EXPLAIN. */
export function pcoStatement(scope: PcoScope): SQL {
  const from = new Date(startOfParisDay(scope.from)).toISOString();
  const to = new Date(endOfParisDay(scope.to)).toISOString();
  const departementFilter = scope.departements
    ? sql`and c.departement in (${sql.join(
        scope.departements.map((code) => sql`${code}`),
        sql`, `,
      )})`
    : sql``;
  const validationDays = pcoDelays.validationDays;
  const assessmentMonths = `${pcoDelays.firstAssessmentMonths} months`;
  const synthesisMonths = `${pcoDelays.synthesisMonths} months`;
  return sql`
    with orientations as (
      select c.departement, c.status, c.stalled, c.validated_at, c.first_assessment_at, c.synthesis_at,
        (c.submitted_at at time zone 'Europe/Paris')::date + ${validationDays}::int as validation_last_day,
        ((c.validated_at at time zone 'Europe/Paris')::date + ${assessmentMonths}::interval)::date
          as assessment_last_day,
        (least(c.first_assessment_at, c.first_intervention_at) + ${synthesisMonths}::interval)::date
          as synthesis_last_day
      from pco_cases c
      where c.submitted_at >= ${from}::timestamptz and c.submitted_at < ${to}::timestamptz ${departementFilter}
    )
    select departement, grouping(departement) as total,
      count(*)::int as orientations,
      count(validated_at)::int as validated,
      count(*) filter (where status = 'refused')::int as refused,
      count(*) filter (where status = 'closed')::int as closed,
      count(*) filter (where stalled)::int as stalled,
      count(*) filter (where (validated_at at time zone 'Europe/Paris')::date <= validation_last_day)::int
        as validation_within,
      count(*) filter (where (validated_at at time zone 'Europe/Paris')::date > validation_last_day
        or (validated_at is null and status = 'submitted' and validation_last_day < ${scope.today}::date))::int
        as validation_late,
      count(*) filter (where first_assessment_at <= assessment_last_day)::int as assessment_within,
      count(*) filter (where first_assessment_at > assessment_last_day
        or (first_assessment_at is null and status <> 'closed' and assessment_last_day < ${scope.today}::date))::int
        as assessment_late,
      count(*) filter (where synthesis_at <= synthesis_last_day)::int as synthesis_within,
      count(*) filter (where synthesis_at > synthesis_last_day
        or (synthesis_at is null and status <> 'closed' and synthesis_last_day < ${scope.today}::date))::int
        as synthesis_late
    from orientations
    group by grouping sets ((), (departement))
    order by total desc, departement`;
}

export async function pcoFigures(db: Database, scope: PcoScope): Promise<PcoFigures> {
  if (scope.departements?.length === 0) return { total: emptyRow, departements: [] };
  const rows = await db.execute<Record<string, number | string | null>>(pcoStatement(scope));
  const figures: PcoFigures = { total: emptyRow, departements: [] };
  for (const row of rows) {
    const count = (name: string) => Number(row[name] ?? 0);
    const milestone = (prefix: string): PcoMilestone => ({
      due: count(`${prefix}_within`) + count(`${prefix}_late`),
      withinDelay: count(`${prefix}_within`),
      late: count(`${prefix}_late`),
    });
    const item: PcoRow = {
      orientations: count('orientations'),
      validated: count('validated'),
      refused: count('refused'),
      closed: count('closed'),
      stalled: count('stalled'),
      validation: milestone('validation'),
      firstAssessment: milestone('assessment'),
      synthesis: milestone('synthesis'),
    };
    if (count('total') === 1) figures.total = item;
    else figures.departements.push({ departement: String(row.departement), ...item });
  }
  return figures;
}
