import { z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityAnswerStats, facilityUnits } from '../../db/schema.ts';
import { capacityLabel, declarationAgeDays, isDeclarationStale } from '../../domain/directory/capacity-freshness.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
import {
  type AccommodationType,
  accommodationTypes,
  accommodationTypeValues,
  type FacilityCapability,
  facilityCapabilities,
  facilityCapabilityValues,
} from '../../domain/directory/facility-offer.ts';
import { canDeclareCapacity, canEditFacilityProfile } from '../../domain/directory/facility-policies.ts';
import { rankFacility, rankingExplanation } from '../../domain/directory/facility-ranking.ts';
import { facilityMonthlyCost } from '../../domain/directory/monthly-cost.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { freeText } from '../../domain/vocabulary.ts';
import { directorySettings } from '../../services/directory/settings.ts';

export const profileInput = z.object({
  description: freeText(4000).nullable().optional(),
  email: z.string().trim().email('Adresse e-mail invalide.').max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^0[1-9]\d{8}$/, 'Numéro de téléphone à 10 chiffres attendu.')
    .nullable()
    .optional(),
  accommodationTypes: z.array(z.enum(accommodationTypeValues, { message: 'Type d’accueil inconnu.' })).optional(),
  capabilities: z.array(z.enum(facilityCapabilityValues, { message: 'Capacité inconnue.' })).optional(),
  pricePerDay: z
    .number({ message: 'Prix journalier : un montant en euros est attendu.' })
    .positive('Prix journalier : un montant positif est attendu.')
    .max(2000, 'Prix journalier : 2 000 € au plus.')
    .nullable()
    .optional()
    .openapi({
      description: 'Prix de journée d’hébergement permanent, chambre seule (€). Le déclarer date les prix.',
    }),
  dependenceGir56PerDay: z
    .number({ message: 'Tarif dépendance GIR 5-6 : un montant en euros est attendu.' })
    .positive('Tarif dépendance GIR 5-6 : un montant positif est attendu.')
    .max(200, 'Tarif dépendance GIR 5-6 : 200 € par jour au plus.')
    .nullable()
    .optional()
    .openapi({
      description: 'Tarif dépendance GIR 5-6 par jour (€), le « ticket modérateur ». Le déclarer date les prix.',
    }),
});

export const capacityInput = z.object({
  units: z
    .array(
      z.object({
        name: freeText(200).min(1, 'Nom de l’unité requis.'),
        accommodationType: z.enum(accommodationTypeValues, { message: 'Type d’accueil inconnu.' }),
        installedPlaces: z.number().int().min(0).max(5000).nullable().optional(),
        availablePlaces: z.number().int().min(0).max(5000),
      }),
    )
    .max(50),
});

export type ProfileInput = z.infer<typeof profileInput>;
export type CapacityInput = z.infer<typeof capacityInput>;

/** A facility's directory entry with its units, declaration age and learnt answer statistics. */
export async function facilityProfile(db: Database, id: string, options: { now?: Date; staleDays?: number } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('facility.not_found');
  const now = options.now ?? new Date();
  const staleDays = options.staleDays ?? directorySettings().capacityStaleDays;
  const [row] = await db.select().from(facilities).where(eq(facilities.id, id));
  if (!row) throw new AppError('facility.not_found');
  const units = await db
    .select()
    .from(facilityUnits)
    .where(eq(facilityUnits.facilityId, id))
    .orderBy(asc(facilityUnits.createdAt), asc(facilityUnits.name));
  const [stats] = await db
    .select()
    .from(facilityAnswerStats)
    .where(and(eq(facilityAnswerStats.facilityId, id), eq(facilityAnswerStats.kind, row.kind)));
  const kind = row.kind as FacilityKind;
  const answerStats = {
    due: stats?.due ?? 0,
    answered: stats?.answered ?? 0,
    accepted: stats?.accepted ?? 0,
    medianAnswerHours: stats?.medianAnswerHours ?? null,
  };
  const rankingInput = {
    distanceKm: null,
    radiusKm: 1,
    availablePlaces: row.availablePlaces,
    capacityDeclaredAt: row.capacityDeclaredAt,
    stats: answerStats,
    pathway: facilityKinds[kind].pathway,
    now,
    staleAfterDays: staleDays,
  };
  return {
    id: row.id,
    finess: row.finess,
    name: row.name,
    kind,
    kindLabel: facilityKinds[kind].label,
    categoryCode: row.categoryCode,
    categoryLabel: row.categoryLabel,
    departement: row.departement,
    commune: row.commune,
    communeInsee: row.communeInsee,
    address: row.address,
    postcode: row.postcode,
    position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    email: row.email,
    phone: row.phone,
    description: row.description,
    isDemo: row.isDemo,
    source: row.source,
    sourceFile: row.sourceFile,
    importedAt: row.importedAt?.toISOString() ?? null,
    profileUpdatedAt: row.profileUpdatedAt?.toISOString() ?? null,
    pricePerDay: row.pricePerDay,
    dependenceGir56PerDay: row.dependenceGir56PerDay,
    tariffsDeclaredAt: row.tariffsDeclaredAt?.toISOString() ?? null,
    monthlyCost: facilityMonthlyCost({ ...row, kind }, now),
    accommodationTypes: row.accommodationTypes.map((code) => ({
      code,
      label: accommodationTypes[code as AccommodationType] ?? code,
    })),
    capabilities: row.capabilities.map((code) => ({
      code,
      label: facilityCapabilities[code as FacilityCapability] ?? code,
    })),
    units: units.map((unit) => ({
      id: unit.id,
      name: unit.name,
      accommodationType: unit.accommodationType,
      accommodationLabel: accommodationTypes[unit.accommodationType as AccommodationType] ?? unit.accommodationType,
      installedPlaces: unit.installedPlaces,
      availablePlaces: unit.availablePlaces,
      declaredAt: unit.declaredAt.toISOString(),
    })),
    capacity: {
      availablePlaces: row.availablePlaces,
      installedPlaces: row.installedPlaces,
      declaredAt: row.capacityDeclaredAt?.toISOString() ?? null,
      ageDays: declarationAgeDays(row.capacityDeclaredAt, now),
      stale: isDeclarationStale(row.capacityDeclaredAt, now, staleDays),
      staleAfterDays: staleDays,
      label: capacityLabel(
        { availablePlaces: row.availablePlaces, declaredAt: row.capacityDeclaredAt },
        now,
        staleDays,
      ),
    },
    answerStats,
    ranking: rankFacility(rankingInput),
    explanation: rankingExplanation(rankingInput),
  };
}

export type FacilityProfile = Awaited<ReturnType<typeof facilityProfile>>;

export async function updateFacilityProfile(
  db: Database,
  actor: Actor,
  id: string,
  input: ProfileInput,
  now = new Date(),
): Promise<void> {
  if (!canEditFacilityProfile(actor, id)) throw new AppError('auth.forbidden');
  const changes: Partial<typeof facilities.$inferInsert> = { profileUpdatedAt: now };
  if (input.description !== undefined) changes.description = input.description || null;
  if (input.email !== undefined) changes.email = input.email;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.accommodationTypes !== undefined) changes.accommodationTypes = [...new Set(input.accommodationTypes)];
  if (input.capabilities !== undefined) changes.capabilities = [...new Set(input.capabilities)];
  if (input.pricePerDay !== undefined) changes.pricePerDay = input.pricePerDay;
  if (input.dependenceGir56PerDay !== undefined) changes.dependenceGir56PerDay = input.dependenceGir56PerDay;
  // Prices given (even unchanged) are prices the facility vouches for today.
  if (input.pricePerDay !== undefined || input.dependenceGir56PerDay !== undefined) changes.tariffsDeclaredAt = now;
  const updated = await db
    .update(facilities)
    .set(changes)
    .where(eq(facilities.id, id))
    .returning({ id: facilities.id });
  if (updated.length === 0) throw new AppError('facility.not_found');
}

/**
 * Replaces the facility's units with the declared ones, all dated now, and keeps the totals on
 * the facility row (what the search filters and ranks on). A unit's accommodation type joins the
 * facility's offer.
 */
export async function declareCapacity(
  db: Database,
  actor: Actor,
  id: string,
  input: CapacityInput,
  now = new Date(),
): Promise<void> {
  if (!canDeclareCapacity(actor, id)) throw new AppError('auth.forbidden');
  for (const unit of input.units) {
    if (
      unit.installedPlaces !== null &&
      unit.installedPlaces !== undefined &&
      unit.availablePlaces > unit.installedPlaces
    )
      throw new AppError('facility.places_exceed_capacity');
  }
  await db.transaction(async (tx) => {
    const [facility] = await tx
      .select({ id: facilities.id, accommodationTypes: facilities.accommodationTypes })
      .from(facilities)
      .where(eq(facilities.id, id))
      .for('update');
    if (!facility) throw new AppError('facility.not_found');
    await tx.delete(facilityUnits).where(eq(facilityUnits.facilityId, id));
    if (input.units.length > 0) {
      await tx.insert(facilityUnits).values(
        input.units.map((unit) => ({
          facilityId: id,
          name: unit.name,
          accommodationType: unit.accommodationType,
          installedPlaces: unit.installedPlaces ?? null,
          availablePlaces: unit.availablePlaces,
          declaredAt: now,
          declaredBy: actor.id,
        })),
      );
    }
    const installed = input.units.every((unit) => typeof unit.installedPlaces === 'number')
      ? input.units.reduce((sum, unit) => sum + (unit.installedPlaces ?? 0), 0)
      : null;
    await tx
      .update(facilities)
      .set({
        availablePlaces: input.units.reduce((sum, unit) => sum + unit.availablePlaces, 0),
        installedPlaces: input.units.length > 0 ? installed : null,
        capacityDeclaredAt: now,
        accommodationTypes: [
          ...new Set([...facility.accommodationTypes, ...input.units.map((unit) => unit.accommodationType)]),
        ],
      })
      .where(eq(facilities.id, id));
  });
}
