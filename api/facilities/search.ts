import { z } from '@hono/zod-openapi';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  capacityLabel,
  declarationAgeDays,
  isDeclarationStale,
  staleDeclarationsBefore,
} from '../../domain/directory/capacity-freshness.ts';
import { type FacilityKind, facilityKinds, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import {
  type AccommodationType,
  accommodationTypes,
  accommodationTypeValues,
  type FacilityCapability,
  facilityCapabilities,
  facilityCapabilityValues,
} from '../../domain/directory/facility-offer.ts';
import {
  expectedAnswerHours,
  priorRequests,
  rankFacility,
  rankingExplanation,
  rankingWeights,
  responsivenessWeights,
} from '../../domain/directory/facility-ranking.ts';
import { boundingBox, earthRadiusKm } from '../../domain/directory/geo-distance.ts';
import { facilityMonthlyCost } from '../../domain/directory/monthly-cost.ts';
import { searchText } from '../../domain/directory/search-text.ts';
import { freeText } from '../../domain/vocabulary.ts';
import { directorySettings } from '../../services/directory/settings.ts';
import { findCommune } from './communes.ts';

export const defaultRadiusKm = 30;

const list = <T extends [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(
    (value) =>
      typeof value === 'string' ? value.split(',').filter(Boolean) : Array.isArray(value) ? value : undefined,
    z.array(z.enum(values, { message })).optional(),
  );

export const facilityQuery = z.object({
  kind: z.enum(facilityKindValues, { message: 'Type d’établissement inconnu.' }).optional(),
  accommodation: z.enum(accommodationTypeValues, { message: 'Type d’accueil inconnu.' }).optional(),
  departement: z
    .string()
    .regex(/^[0-9AB]{2,3}$/, 'Département invalide.')
    .optional(),
  q: freeText(100).optional(),
  commune: z
    .string()
    .regex(/^[0-9AB]{5}$/, 'Code INSEE de commune invalide (5 caractères).')
    .optional()
    .openapi({
      description:
        'Code INSEE (pas le code postal) de la commune du patient : distances et tri par pertinence. ' +
        'Un code postal ou un nom se résout par GET /api/communes.',
    }),
  radiusKm: z.coerce.number().min(1).max(200).optional().openapi({ description: 'Rayon en km (30 par défaut).' }),
  minPlaces: z.coerce.number().int().min(1).max(1000).optional(),
  capabilities: list(facilityCapabilityValues, 'Capacité inconnue.').openapi({
    type: 'string',
    description: `Capacités exigées, séparées par des virgules : ${facilityCapabilityValues.join(', ')}.`,
  }),
  maxPrice: z.coerce.number().positive().max(2000).optional().openapi({ description: 'Prix journalier maximal (€).' }),
  sort: z
    .enum(['pertinence', 'distance', 'nom'], { message: 'Tri inconnu.' })
    .optional()
    .openapi({ description: 'pertinence (par défaut avec une commune), distance, nom (par défaut sans commune).' }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .optional()
    .openapi({ description: 'Résultats à sauter, pour parcourir les pages (0 par défaut).' }),
});

export type FacilityQuery = z.infer<typeof facilityQuery>;

export interface SearchOptions {
  now?: Date;
  capacityStaleDays?: number;
}

const haversine = (lat: number, lon: number) => sql`(2 * ${earthRadiusKm}::float8 * asin(least(1, sqrt(
    power(sin(radians(f.lat - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(f.lat)) * power(sin(radians(f.lon - ${lon}::float8) / 2), 2)))))`;

/**
 * The directory search (API, web pages, referral form). Filters by kind, accommodation type,
 * département, text, places, capabilities and price; with a commune, keeps the facilities within
 * the radius (bounding box on the indexed coordinates, then exact haversine) and orders them by
 * the score of domain/directory/facility-ranking.ts, computed in SQL so that the limit applies after ordering.
 */
export async function searchFacilities(db: Database, query: FacilityQuery, options: SearchOptions = {}) {
  const now = options.now ?? new Date();
  const staleDays = options.capacityStaleDays ?? directorySettings().capacityStaleDays;
  const origin = query.commune ? await findCommune(db, query.commune) : undefined;
  const plan = searchStatement(query, origin, { now, staleDays });
  const rows = await db.execute<DirectoryRow>(plan.statement);
  const items = rows.map((row) =>
    directoryItem(row, { now, staleDays, radiusKm: plan.radiusKm, hasOrigin: Boolean(origin) }),
  );
  return Object.assign(items, {
    total: rows[0] ? Number(rows[0].total) : 0,
    origin: origin ?? null,
    radiusKm: origin ? plan.radiusKm : null,
    sort: plan.sort,
  });
}

/** The one SQL statement of a search (the benchmark EXPLAINs it). */
export function searchStatement(
  query: FacilityQuery,
  origin: { lat: number; lon: number } | undefined,
  options: { now: Date; staleDays: number },
) {
  const radiusKm = query.radiusKm ?? defaultRadiusKm;
  const sort = query.sort ?? (origin ? 'pertinence' : 'nom');
  const limit = query.limit ?? 200;

  const filters: SQL[] = [];
  if (query.kind) filters.push(sql`f.kind = ${query.kind}`);
  if (query.accommodation) filters.push(sql`${query.accommodation} = any(f.accommodation_types)`);
  if (query.departement) filters.push(sql`f.departement = ${query.departement}`);
  const text = query.q ? searchText(query.q) : '';
  if (text) filters.push(sql`f.search_text like ${`%${text}%`}`);
  if (query.minPlaces) filters.push(sql`f.available_places >= ${query.minPlaces}`);
  if (query.capabilities?.length) filters.push(sql`f.capabilities @> ${sql.param(query.capabilities)}::text[]`);
  if (query.maxPrice) filters.push(sql`f.price_per_day <= ${query.maxPrice}`);

  let distance: SQL = sql`null::float8`;
  if (origin) {
    const box = boundingBox(origin, radiusKm);
    filters.push(sql`f.lat between ${box.minLat} and ${box.maxLat}`);
    filters.push(sql`f.lon between ${box.minLon} and ${box.maxLon}`);
    distance = haversine(origin.lat, origin.lon);
    filters.push(sql`${distance} <= ${radiusKm}`);
  }
  const staleBefore = staleDeclarationsBefore(options.now, options.staleDays);
  const score = scoreSql(origin ? distance : undefined, radiusKm, staleBefore);
  const order =
    sort === 'distance'
      ? sql`distance_km asc nulls last, score desc, f.name asc`
      : sort === 'nom'
        ? sql`f.name asc, f.id`
        : sql`score desc, distance_km asc nulls last, f.name asc`;
  const where = filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``;

  const statement = sql`
    select f.id, f.finess, f.name, f.kind, f.departement, f.commune, f.commune_insee, f.address, f.postcode,
      f.phone, f.is_demo, f.category_label, f.lat, f.lon, f.price_per_day::float8 as price_per_day,
      f.dependence_gir56_per_day::float8 as dependence_gir56_per_day, f.tariffs_declared_at, f.source, f.source_file,
      f.accommodation_types, f.capabilities, f.available_places, f.installed_places, f.capacity_declared_at,
      coalesce(s.due, 0) as due, coalesce(s.answered, 0) as answered, coalesce(s.accepted, 0) as accepted,
      s.median_answer_hours, ${distance} as distance_km, ${score} as score, count(*) over () as total
    from facilities f
    left join facility_answer_stats s on s.facility_id = f.id and s.kind = f.kind
    ${where}
    order by ${order}
    limit ${limit}
    offset ${query.offset ?? 0}`;
  return { statement, radiusKm, sort };
}

interface DirectoryRow extends Record<string, unknown> {
  id: string;
  finess: string | null;
  name: string;
  kind: FacilityKind;
  departement: string;
  commune: string;
  commune_insee: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  is_demo: boolean;
  category_label: string | null;
  lat: number | null;
  lon: number | null;
  price_per_day: number | null;
  dependence_gir56_per_day: number | null;
  tariffs_declared_at: string | Date | null;
  source: string;
  source_file: string | null;
  accommodation_types: string[];
  capabilities: string[];
  available_places: number | null;
  installed_places: number | null;
  capacity_declared_at: string | Date | null;
  due: number;
  answered: number;
  accepted: number;
  median_answer_hours: number | null;
  distance_km: number | null;
  score: number;
  total: string | number;
}

/** The ranking of domain/directory/facility-ranking.ts as a SQL expression, from the same constants. */
function scoreSql(distance: SQL | undefined, radiusKm: number, staleBefore: Date): SQL {
  const proximity = distance ? sql`(1 - least(${distance}, ${radiusKm}::float8) / ${radiusKm}::float8)` : sql`0.5`;
  const availability = sql`(case
    when f.available_places is null or f.capacity_declared_at is null
      or f.capacity_declared_at < ${staleBefore.toISOString()}::timestamptz then 0.5
    when f.available_places > 0 then 1 else 0 end)`;
  const half = priorRequests / 2;
  const answerRate = sql`((coalesce(s.answered, 0) + ${half}::float8) / (coalesce(s.due, 0) + ${priorRequests}::float8))`;
  const acceptance = sql`((coalesce(s.accepted, 0) + ${half}::float8) / (coalesce(s.answered, 0) + ${priorRequests}::float8))`;
  const grandAge = facilityKindValues.filter((kind) => facilityKinds[kind].pathway === 'grand_age');
  const target = sql`(case when f.kind in (${sql.join(
    grandAge.map((kind) => sql`${kind}`),
    sql`, `,
  )}) then ${expectedAnswerHours.grand_age}::float8 else ${expectedAnswerHours.suites_de_soins}::float8 end)`;
  const speed = sql`(case when s.median_answer_hours is null then 0.5
    else ${target} / (${target} + greatest(0, s.median_answer_hours)) end)`;
  const responsiveness = sql`(${responsivenessWeights.answerRate}::float8 * ${answerRate}
    + ${responsivenessWeights.speed}::float8 * ${speed} + ${responsivenessWeights.acceptanceRate}::float8 * ${acceptance})`;
  return sql`(${rankingWeights.proximity}::float8 * ${proximity} + ${rankingWeights.availability}::float8 * ${availability}
    + ${rankingWeights.responsiveness}::float8 * ${responsiveness})`;
}

function directoryItem(
  row: DirectoryRow,
  context: { now: Date; staleDays: number; radiusKm: number; hasOrigin: boolean },
) {
  const declaredAt = row.capacity_declared_at ? new Date(row.capacity_declared_at) : null;
  const stats = {
    due: Number(row.due),
    answered: Number(row.answered),
    accepted: Number(row.accepted),
    medianAnswerHours: row.median_answer_hours === null ? null : Number(row.median_answer_hours),
  };
  const distanceKm = row.distance_km === null ? null : Number(row.distance_km);
  const rankingInput = {
    distanceKm,
    radiusKm: context.radiusKm,
    availablePlaces: row.available_places,
    capacityDeclaredAt: declaredAt,
    stats,
    pathway: facilityKinds[row.kind].pathway,
    now: context.now,
    staleAfterDays: context.staleDays,
  };
  const ageDays = declarationAgeDays(declaredAt, context.now);
  const pricePerDay = row.price_per_day === null ? null : Number(row.price_per_day);
  const dependenceGir56PerDay = row.dependence_gir56_per_day === null ? null : Number(row.dependence_gir56_per_day);
  const tariffsDeclaredAt = row.tariffs_declared_at ? new Date(row.tariffs_declared_at) : null;
  return {
    id: row.id,
    finess: row.finess,
    name: row.name,
    kind: row.kind,
    kindLabel: facilityKinds[row.kind].label,
    departement: row.departement,
    commune: row.commune,
    communeInsee: row.commune_insee,
    address: row.address,
    postcode: row.postcode,
    phone: row.phone,
    isDemo: row.is_demo,
    categoryLabel: row.category_label,
    position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    distanceKm,
    pricePerDay,
    dependenceGir56PerDay,
    tariffsDeclaredAt: tariffsDeclaredAt?.toISOString() ?? null,
    monthlyCost: facilityMonthlyCost(
      {
        kind: row.kind,
        pricePerDay,
        dependenceGir56PerDay,
        tariffsDeclaredAt,
        isDemo: row.is_demo,
        source: row.source,
        sourceFile: row.source_file,
      },
      context.now,
    ),
    accommodationTypes: row.accommodation_types.map((type) => ({
      code: type,
      label: accommodationTypes[type as AccommodationType] ?? type,
    })),
    capabilities: row.capabilities.map((code) => ({
      code,
      label: facilityCapabilities[code as FacilityCapability] ?? code,
    })),
    capacity: {
      availablePlaces: row.available_places,
      installedPlaces: row.installed_places,
      declaredAt: declaredAt?.toISOString() ?? null,
      ageDays,
      stale: isDeclarationStale(declaredAt, context.now, context.staleDays),
      label: capacityLabel({ availablePlaces: row.available_places, declaredAt }, context.now, context.staleDays),
    },
    answerStats: stats,
    ranking: rankFacility(rankingInput),
    explanation: rankingExplanation(rankingInput),
  };
}

export type DirectoryItem = ReturnType<typeof directoryItem>;
