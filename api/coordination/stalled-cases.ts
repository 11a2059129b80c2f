import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { pcoCases, pcoPlatforms } from '../../db/schema-pco.ts';
import { type CalendarDay, parisDaysBetween } from '../../domain/calendar/days.ts';
import { type FacilityKind, facilityKinds, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { stalledPartyLabels } from '../../domain/messages/coordination-digest.ts';
import { type PcoStalledReason, pcoStalledReasons } from '../../domain/pco/orientation-state.ts';
import { isTakenInCharge } from '../../domain/referral/coordination-state.ts';
import { coordinatesReferral, isCoordinator, referralAccessFacts } from '../../domain/referral/policies.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';

const partyLabels = stalledPartyLabels;

export interface StalledCase {
  type: 'referral' | 'pco';
  id: string;
  departement: string;
  what: string;
  personName: string;
  reasons: {
    reason: string;
    label: string;
    party: keyof typeof partyLabels;
    partyLabel: string;
    who: string | null;
    since: string;
  }[];
  nextDeadlineAt: string | null;
  updatedAt: string;
  url: string;
  /** The facility kind of a referral; `pco` for an orientation. */
  kind: string;
  /** Start of the oldest stalled mark: how long the case has been stuck. */
  stalledSince: string;
  /** « Pris en charge » by a coordinator up to this Paris day included (referrals only). */
  takenInChargeUntil: string | null;
  /** The Paris day of the last coordinator's reminder (one a day). */
  remindedOn: string | null;
}

/** The coordinator's whole worklist: every stalled case of the départements they watch, oldest mark first. */
export async function stalledCasesOfTerritory(
  db: Database,
  actor: Actor,
  departement?: string,
): Promise<StalledCase[]> {
  if (!isCoordinator(actor)) throw new AppError('auth.forbidden');
  const territory = departement ? actor.territories.filter((code) => code === departement) : actor.territories;
  if (territory.length === 0) return [];
  const referralRows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.stalled, true), inArray(referrals.departement, territory)));
  const pcoRows = await db
    .select({ orientation: pcoCases, platformName: pcoPlatforms.name })
    .from(pcoCases)
    .innerJoin(pcoPlatforms, eq(pcoPlatforms.id, pcoCases.platformId))
    .where(and(eq(pcoCases.stalled, true), inArray(pcoCases.departement, territory)))
    .orderBy(asc(pcoCases.updatedAt));
  const cases = await describeStalledCases(db, actor, referralRows, pcoRows);
  return cases.sort((a, b) => Date.parse(a.stalledSince) - Date.parse(b.stalledSince));
}

type ReferralRow = typeof referrals.$inferSelect;
type PcoRow = { orientation: typeof pcoCases.$inferSelect; platformName: string };

/** Stalled rows as the worklist shows them: who must act (which facility, which platform), since when. */
async function describeStalledCases(
  db: Database,
  actor: Actor,
  stalledRows: ReferralRow[],
  pcoRows: PcoRow[],
): Promise<StalledCase[]> {
  const taskRows = stalledRows.length
    ? await db
        .select({
          taskId: facilityTasks.id,
          referralId: facilityTasks.referralId,
          facilityId: facilityTasks.facilityId,
          sentAt: facilityTasks.sentAt,
          name: facilities.name,
        })
        .from(facilityTasks)
        .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
        .where(
          inArray(
            facilityTasks.referralId,
            stalledRows.map((row) => row.id),
          ),
        )
    : [];
  const facilityOfTask = new Map(taskRows.map((row) => [row.taskId, row.name]));
  // A draft (an inactive one gets stalled too) is its physician's alone: coordination sees sent cases.
  const referralRows = stalledRows.filter((row) =>
    coordinatesReferral(
      actor,
      referralAccessFacts(
        row,
        taskRows.filter((task) => task.referralId === row.id),
      ),
    ),
  );

  const cases: StalledCase[] = [
    ...referralRows.map((row) => ({
      type: 'referral' as const,
      id: row.id,
      departement: row.departement ?? '',
      what: `Demande d’admission — ${facilityKinds[row.kind as FacilityKind].label}`,
      personName: `${row.patientLastName.toUpperCase()} ${row.patientFirstName}`,
      reasons: row.stalledMarks.map((mark) => {
        const party = mark.party as 'facility' | 'requester';
        return {
          reason: mark.reason,
          label: stalledReasons[mark.reason as StalledReason],
          party,
          partyLabel: partyLabels[party],
          who: mark.taskId ? (facilityOfTask.get(mark.taskId) ?? null) : null,
          since: mark.since,
        };
      }),
      nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
      url: `/demandes/${row.id}`,
      kind: row.kind,
      stalledSince: oldestSince(row.stalledMarks, row.updatedAt),
      takenInChargeUntil: row.coordination.followedUntil ?? null,
      remindedOn: row.coordination.remindedOn ?? null,
    })),
    ...pcoRows.map(({ orientation: row, platformName }) => ({
      type: 'pco' as const,
      id: row.id,
      departement: row.departement,
      what: 'Orientation PCO TND',
      personName: `${row.childLastName.toUpperCase()} ${row.childFirstName}`,
      reasons: row.stalledMarks.map((mark) => ({
        reason: mark.reason,
        label: pcoStalledReasons[mark.reason as PcoStalledReason],
        party: 'platform' as const,
        partyLabel: partyLabels.platform,
        who: platformName,
        since: mark.since,
      })),
      nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
      url: `/pco/${row.id}`,
      kind: 'pco',
      stalledSince: oldestSince(row.stalledMarks, row.updatedAt),
      takenInChargeUntil: null,
      remindedOn: null,
    })),
  ];
  return cases;
}

function oldestSince(marks: { since: string }[], fallback: Date): string {
  const times = marks.map((mark) => Date.parse(mark.since)).filter((time) => !Number.isNaN(time));
  return new Date(times.length > 0 ? Math.min(...times) : fallback.getTime()).toISOString();
}

const referralReasonValues = Object.keys(stalledReasons) as StalledReason[];
const pcoReasonValues = Object.keys(pcoStalledReasons) as PcoStalledReason[];

/** Every reason a case can be stuck for, as the worklist's filter offers them. */
export const worklistReasons: { value: string; label: string }[] = [
  ...referralReasonValues.map((value) => ({ value, label: stalledReasons[value] })),
  ...pcoReasonValues.map((value) => ({ value: `pco.${value}`, label: `PCO : ${pcoStalledReasons[value]}` })),
];

/** How long a case has been stuck, at least, in days: the « ancienneté » filter. */
export const worklistMinDays = [7, 15, 30, 60, 90] as const;
export const worklistPageSize = 20;

/**
 * The worklist's filters and page, from the address (API and page alike). The API refuses a value
 * that does not check; the page reads them leniently (`readWorklistQuery`).
 */
export const worklistQuery = z.object({
  departement: z
    .string()
    .regex(/^[0-9AB]{2,3}$/, 'Département invalide.')
    .optional(),
  reason: z.enum(worklistReasons.map((reason) => reason.value) as [string, ...string[]]).optional(),
  kind: z.enum([...facilityKindValues, 'pco']).optional(),
  facilityId: z.uuid({ message: 'Identifiant d’établissement invalide.' }).optional(),
  minDays: z.coerce
    .number()
    .int()
    .refine((value) => (worklistMinDays as readonly number[]).includes(value), 'Ancienneté non proposée.')
    .optional(),
  /** `no` (the default): cases nobody has « pris en charge » today; `yes`: those marked; `all`. */
  takenInCharge: z.enum(['no', 'yes', 'all']).default('no'),
  sort: z.enum(['oldest', 'newest']).default('oldest'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type WorklistQuery = z.output<typeof worklistQuery>;

/** The page's reading of the address: a value that does not check is simply not a filter. */
export function readWorklistQuery(get: (name: string) => string | undefined): WorklistQuery {
  const shape = worklistQuery.shape;
  const field = <K extends keyof typeof shape>(name: K): z.output<(typeof shape)[K]> => {
    const parsed = shape[name].safeParse(get(name) || undefined);
    return (parsed.success ? parsed.data : shape[name].parse(undefined)) as z.output<(typeof shape)[K]>;
  };
  return {
    departement: field('departement'),
    reason: field('reason'),
    kind: field('kind'),
    facilityId: field('facilityId'),
    minDays: field('minDays'),
    takenInCharge: field('takenInCharge'),
    sort: field('sort'),
    page: field('page'),
  };
}

export interface Worklist {
  items: StalledCase[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** The facilities some stalled case of the territory waits for: the facility filter's choices. */
  facilities: { id: string; name: string }[];
}

/**
 * One page of a coordinator's worklist, filtered and sorted in PostgreSQL: stalled referrals
 * (sent, of the territory) and PCO orientations, by how long they have been stuck. A case
 * « pris en charge » up to a day is out of the default list until that day has passed.
 */
export async function stalledWorklist(
  db: Database,
  actor: Actor,
  query: WorklistQuery,
  today: CalendarDay,
  now: number = Date.now(),
): Promise<Worklist> {
  if (!isCoordinator(actor)) throw new AppError('auth.forbidden');
  const territory = query.departement
    ? actor.territories.filter((code) => code === query.departement)
    : actor.territories;
  const empty = { items: [], total: 0, page: 1, pageCount: 1, pageSize: worklistPageSize, facilities: [] };
  if (territory.length === 0) return empty;
  const departements = sql.join(
    territory.map((code) => sql`${code}`),
    sql`, `,
  );
  const reason = query.reason;
  const pcoReason = reason?.startsWith('pco.') ? reason.slice(4) : undefined;
  const cutoff = query.minDays ? new Date(now - query.minDays * 24 * 60 * 60 * 1000).toISOString() : undefined;

  const referralSince = sql`coalesce(r.stalled_since, r.updated_at)`;
  const referralFilters: SQL[] = [
    sql`r.stalled`,
    sql`r.departement in (${departements})`,
    // Coordination follows sent cases only (a draft is its physician's alone).
    sql`exists (select 1 from facility_tasks s where s.referral_id = r.id and s.sent_at is not null)`,
  ];
  if (reason && !pcoReason) referralFilters.push(sql`r.stalled_marks @> ${JSON.stringify([{ reason }])}::jsonb`);
  if (query.kind && query.kind !== 'pco') referralFilters.push(sql`r.kind = ${query.kind}`);
  if (query.facilityId) {
    referralFilters.push(sql`exists (select 1 from facility_tasks t where t.referral_id = r.id
      and t.facility_id = ${query.facilityId}
      and r.stalled_marks @> jsonb_build_array(jsonb_build_object('taskId', t.id::text)))`);
  }
  if (cutoff) referralFilters.push(sql`${referralSince} <= ${cutoff}::timestamptz`);
  if (query.takenInCharge === 'yes') referralFilters.push(sql`r.followed_until >= ${today}::date`);
  if (query.takenInCharge === 'no') {
    referralFilters.push(sql`(r.followed_until is null or r.followed_until < ${today}::date)`);
  }
  const withReferrals = !pcoReason && query.kind !== 'pco';

  // Orientations have no « pris en charge » nor facility: they are listed unless those are asked for.
  const withPco =
    (!reason || pcoReason !== undefined) &&
    (!query.kind || query.kind === 'pco') &&
    !query.facilityId &&
    query.takenInCharge !== 'yes';
  const pcoSince = sql`coalesce((select min((m->>'since')::timestamptz) from jsonb_array_elements(p.stalled_marks) m), p.updated_at)`;
  const pcoFilters: SQL[] = [sql`p.stalled`, sql`p.departement in (${departements})`];
  if (pcoReason) pcoFilters.push(sql`p.stalled_marks @> ${JSON.stringify([{ reason: pcoReason }])}::jsonb`);
  if (cutoff) pcoFilters.push(sql`${pcoSince} <= ${cutoff}::timestamptz`);

  const parts: SQL[] = [];
  if (withReferrals) {
    parts.push(sql`select 'referral' as type, r.id, ${referralSince} as since
      from referrals r where ${sql.join(referralFilters, sql` and `)}`);
  }
  if (withPco) {
    parts.push(sql`select 'pco' as type, p.id, ${pcoSince} as since
      from pco_cases p where ${sql.join(pcoFilters, sql` and `)}`);
  }
  const facilityChoices = await stalledFacilities(db, departements);
  if (parts.length === 0) return { ...empty, facilities: facilityChoices };
  const union = sql.join(parts, sql` union all `);
  const counted = await db.execute(sql`select count(*)::int as total from (${union}) as stuck`);
  const total = Number((counted[0] as { total?: number } | undefined)?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / worklistPageSize));
  const page = Math.min(query.page, pageCount);
  const order = query.sort === 'newest' ? sql`since desc, id` : sql`since asc, id`;
  const offset = (page - 1) * worklistPageSize;
  const pageRows = (await db.execute(
    sql`select type, id from (${union}) as stuck order by ${order} limit ${worklistPageSize} offset ${offset}`,
  )) as unknown as { type: 'referral' | 'pco'; id: string }[];

  const referralIds = pageRows.filter((row) => row.type === 'referral').map((row) => row.id);
  const pcoIds = pageRows.filter((row) => row.type === 'pco').map((row) => row.id);
  const referralRows = referralIds.length
    ? await db.select().from(referrals).where(inArray(referrals.id, referralIds))
    : [];
  const pcoRows = pcoIds.length
    ? await db
        .select({ orientation: pcoCases, platformName: pcoPlatforms.name })
        .from(pcoCases)
        .innerJoin(pcoPlatforms, eq(pcoPlatforms.id, pcoCases.platformId))
        .where(inArray(pcoCases.id, pcoIds))
    : [];
  const described = new Map(
    (await describeStalledCases(db, actor, referralRows, pcoRows)).map((item) => [item.id, item]),
  );
  const items = pageRows.flatMap((row) => described.get(row.id) ?? []);
  return { items, total, page, pageCount, pageSize: worklistPageSize, facilities: facilityChoices };
}

/** The facilities a stalled case of these départements waits for, by name. */
async function stalledFacilities(db: Database, departements: SQL): Promise<{ id: string; name: string }[]> {
  const rows = await db.execute(sql`select distinct f.id, f.name
    from referrals r
    join facility_tasks t on t.referral_id = r.id
    join facilities f on f.id = t.facility_id
    where r.stalled and r.departement in (${departements})
      and r.stalled_marks @> jsonb_build_array(jsonb_build_object('taskId', t.id::text))
    order by f.name limit 200`);
  return rows as unknown as { id: string; name: string }[];
}

/** How many Paris days a case has been stuck. */
export function stalledDays(item: Pick<StalledCase, 'stalledSince'>, now: number = Date.now()): number {
  return Math.max(0, parisDaysBetween(item.stalledSince, now));
}

/** Whether a listed case is « pris en charge » on this Paris day. */
export function isListedTakenInCharge(item: Pick<StalledCase, 'takenInChargeUntil'>, today: CalendarDay): boolean {
  return isTakenInCharge(item.takenInChargeUntil ? { followedUntil: item.takenInChargeUntil } : undefined, today);
}
