import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../db/schema.ts';
import { todayInParis } from '../../domain/calendar/days.ts';
import { pathwayOf } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { dossierSchemaVersion, draftDossierSchema } from '../../domain/referral/dossier.ts';
import { patientIdentitySchema } from '../../domain/referral/patient.ts';
import { canCreateAssistedRequest, canCreateFamilyRequest } from '../../domain/referral/policies.ts';
import { type FamilyOrigin, type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { calendarDate, personName } from '../../domain/vocabulary.ts';
import { nextFamilyDossierNumber } from '../../services/family/dossier-number.ts';
import type { referralWorkflow } from '../../workflows/referral.ts';
import { referralUpdates } from '../../workflows/referral-contract.ts';
import { referralDepartementKey, referralKindKey, referralStatusKey } from '../../workflows/search-attributes.ts';
import type { ReferralCommandContext } from '../referrals/commands.ts';
import { fromTemporalError } from '../temporal-errors.ts';

const grandAgeKinds = ['ehpad', 'residence_autonomie', 'usld'] as const;

/**
 * A family request (espace particulier): who the person is and the administrative part of the
 * national dossier (family situation, contact person, legal protection, type of stay, desired date,
 * financial aids). The médecin traitant fills the medical and autonomy parts later.
 */
export const createFamilyRequestBody = z.object({
  kind: z
    .enum(grandAgeKinds, { message: 'Type d’établissement attendu : EHPAD, résidence autonomie ou USLD.' })
    .default('ehpad'),
  patient: patientIdentitySchema,
  administrative: draftDossierSchema.shape.administrative.unwrap().omit({ identity: true }).optional(),
});
export type CreateFamilyRequestBody = z.infer<typeof createFamilyRequestBody>;

/**
 * A request a professional (social worker, facility or hospital staff, coordination) creates on the
 * person's behalf: the same, with the person's consent (who gave it, on which day, how).
 */
export const createAssistedRequestBody = createFamilyRequestBody.extend({
  consent: z.object({
    givenBy: personName(200, 'Nom de la personne qui a donné son accord'),
    givenOn: calendarDate.refine((value) => value <= todayInParis(), {
      message: 'Le consentement ne peut pas être daté d’un jour à venir.',
    }),
    how: z.enum(['oral', 'written'], { message: 'Indiquez comment l’accord a été donné : à l’oral ou par écrit.' }),
  }),
});
export type CreateAssistedRequestBody = z.infer<typeof createAssistedRequestBody>;

/**
 * Creates a family request on the person's behalf: the professional is its requester until a
 * référent they invite takes it over; no référent yet, so no e-mail confirmation clock (the
 * professional's account is confirmed). Refusal: `family.assisted_not_allowed`.
 */
export async function createAssistedRequest(
  ctx: ReferralCommandContext,
  actor: Actor,
  body: CreateAssistedRequestBody,
  now: Date = new Date(),
): Promise<{ caseId: string; state: ReferralState }> {
  if (!canCreateAssistedRequest(actor)) throw new AppError('family.assisted_not_allowed');
  const { consent, ...request } = body;
  const origin: FamilyOrigin = {
    kind: 'family',
    referentIds: [],
    assistedBy: {
      professionalId: actor.id,
      consent: { givenBy: consent.givenBy, at: consent.givenOn, how: consent.how },
    },
    emailConfirmation: { confirmedAt: now.toISOString() },
  };
  return startFamilyRequest(ctx, actor, request, origin, now);
}

/**
 * Creates a family request as a draft of the referral workflow, with its origin (the creating
 * référent is its requester) and its dossier number; the e-mail confirmation clock starts unless
 * the référent's address is already confirmed.
 */
export async function createFamilyRequest(
  ctx: ReferralCommandContext,
  actor: Actor,
  body: CreateFamilyRequestBody,
  now: Date = new Date(),
): Promise<{ caseId: string; state: ReferralState }> {
  if (!canCreateFamilyRequest(actor)) throw new AppError('auth.forbidden');
  const [user] = await ctx.db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.id));
  const origin: FamilyOrigin = {
    kind: 'family',
    referentIds: [actor.id],
    emailConfirmation: user?.verifiedAt ? { confirmedAt: now.toISOString() } : {},
  };
  return startFamilyRequest(ctx, actor, body, origin, now);
}

async function startFamilyRequest(
  ctx: ReferralCommandContext,
  actor: Actor,
  body: CreateFamilyRequestBody,
  origin: FamilyOrigin,
  now: Date,
): Promise<{ caseId: string; state: ReferralState }> {
  if (pathwayOf(body.kind) !== 'grand_age') throw new AppError('request.invalid');
  const dossierNumber = await nextFamilyDossierNumber(ctx.db, now);
  const { departement: _departement, ...identity } = body.patient;
  const dossier = draftDossierSchema.parse({
    schemaVersion: dossierSchemaVersion,
    administrative: { ...body.administrative, identity },
  });
  const caseId = randomUUID();
  const start = new WithStartWorkflowOperation<typeof referralWorkflow>('referralWorkflow', {
    workflowId: referralWorkflowId(caseId),
    taskQueue: ctx.taskQueue,
    workflowIdConflictPolicy: 'FAIL',
    args: [
      { caseId, kind: body.kind, requesterId: actor.id, patient: body.patient, facilities: [], origin, dossierNumber },
    ],
    ...(ctx.searchAttributes
      ? {
          typedSearchAttributes: [
            { key: referralKindKey, value: body.kind },
            { key: referralStatusKey, value: 'draft' },
            ...(body.patient.departement ? [{ key: referralDepartementKey, value: body.patient.departement }] : []),
          ],
        }
      : {}),
  });
  try {
    const state = await ctx.temporal.workflow.executeUpdateWithStart(referralUpdates.updateDossier, {
      args: [{ actorId: actor.id, dossier }],
      startWorkflowOperation: start,
    });
    return { caseId, state };
  } catch (error) {
    throw fromTemporalError(error) ?? error;
  }
}
