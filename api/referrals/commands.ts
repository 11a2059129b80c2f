import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { dossierVersions, facilities, referrals, users } from '../../db/schema.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { type PersonCommand, referralCommands } from '../../domain/referral/commands.ts';
import { type DraftDossier, dossierSchemaVersion, missingDossierParts } from '../../domain/referral/dossier.ts';
import { defaultAdmissionNoticeDays } from '../../domain/referral/entry-dates.ts';
import type { PatientIdentity } from '../../domain/referral/patient.ts';
import {
  canActForFacility,
  canCreateReferral,
  canGiveRequesterCommand,
  canViewFacilityTask,
  coordinatesReferral,
  isDesignatedPhysician,
  isRequester,
} from '../../domain/referral/policies.ts';
import {
  type NewFacilityTask,
  type ReferralState,
  type ReferralStatus,
  referralWorkflowId,
} from '../../domain/referral/state.ts';
import { consumeInvitationLimits, invitePhysician, normalizeEmail } from '../../services/family/invitations.ts';
import type { referralWorkflow } from '../../workflows/referral.ts';
import { type CommandArgs, referralUpdate, referralUpdates } from '../../workflows/referral-contract.ts';
import { referralDepartementKey, referralKindKey, referralStatusKey } from '../../workflows/search-attributes.ts';
import { fromTemporalError } from '../temporal-errors.ts';
import type { CreateReferralBody } from './schemas.ts';
import { type FacilityRow, loadVisibleCase, type VisibleCase } from './visible-case.ts';

/**
 * Case commands: checked against the read model for who may act, then handed to the case's
 * workflow as a Temporal Update, whose validator decides whether the transition is possible.
 */
export interface ReferralCommandContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** Off where the Temporal server has no custom search attributes registered. */
  searchAttributes: boolean;
  /** Days before the proposed entry from which an admission may be confirmed (PARCOURS_ADMISSION_NOTICE_DAYS). */
  admissionNoticeDays?: number | undefined;
  /** Public address of the web UI, for the links in the invitations a command sends. */
  appUrl?: string | undefined;
}

const closedStatuses: ReferralStatus[] = ['admitted', 'cancelled', 'archived'];

/**
 * Creates a case (as a draft, or sent at once): its id, the state its first Update returned, and
 * its facilities as read to check them (by wave, then by name).
 */
export async function createReferral(
  ctx: ReferralCommandContext,
  actor: Actor,
  body: CreateReferralBody,
): Promise<{ caseId: string; state: ReferralState; facilities: FacilityRow[] }> {
  if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
  const allIds = [...body.facilityIds, ...(body.secondWave?.facilityIds ?? [])];
  if (new Set(allIds).size !== allIds.length) throw new AppError('referral.duplicate_facility');
  const first = await resolveFacilities(ctx.db, body.kind, body.facilityIds, 1);
  const second = body.secondWave
    ? await resolveFacilities(ctx.db, body.kind, body.secondWave.facilityIds, 2)
    : undefined;
  const firstWave = first.tasks;
  const secondWave = second?.tasks ?? [];
  if (!body.confirmNotDuplicate) {
    const duplicates = await findPossibleDuplicates(ctx.db, actor, body.patient);
    if (duplicates.length > 0) throw new AppError('referral.possible_duplicate', undefined, { referrals: duplicates });
  }
  const dossier = withIdentity(body.dossier ?? { schemaVersion: dossierSchemaVersion }, body.patient);
  if (body.send) {
    const missingParts = missingDossierParts(body.kind, dossier);
    if (missingParts.length > 0) throw new AppError('referral.dossier_incomplete', undefined, { missingParts });
  }

  const caseId = randomUUID();
  const start = new WithStartWorkflowOperation<typeof referralWorkflow>('referralWorkflow', {
    workflowId: referralWorkflowId(caseId),
    taskQueue: ctx.taskQueue,
    workflowIdConflictPolicy: 'FAIL',
    args: [
      {
        caseId,
        kind: body.kind,
        requesterId: actor.id,
        patient: body.patient,
        facilities: [...firstWave, ...secondWave],
        ...(body.secondWave?.afterDays ? { secondWaveAfterDays: body.secondWave.afterDays } : {}),
        // A case sent at once carries its dossier from the start; a draft receives it as its first version.
        ...(body.send ? { dossier } : {}),
      },
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
  const state = await withTemporalErrors(() =>
    body.send
      ? ctx.temporal.workflow.executeUpdateWithStart(referralUpdates.send, {
          args: [{ actorId: actor.id }],
          startWorkflowOperation: start,
        })
      : ctx.temporal.workflow.executeUpdateWithStart(referralUpdates.updateDossier, {
          args: [{ actorId: actor.id, dossier }],
          startWorkflowOperation: start,
        }),
  );
  return { caseId, state, facilities: [...first.rows, ...(second?.rows ?? [])] };
}

/** Runs one command on a case after checking the acting person may give it. */
export async function runCommand(
  ctx: ReferralCommandContext,
  actor: Actor,
  caseId: string,
  command: PersonCommand,
): Promise<ReferralState> {
  return (await runCommandOnCase(ctx, actor, caseId, command)).state;
}

/**
 * The same, answering with the case as it was read to check the person (its facilities, its
 * requester's name) beside the state the Update returned: what the command's answer is made of.
 */
export async function runCommandOnCase(
  ctx: ReferralCommandContext,
  actor: Actor,
  caseId: string,
  command: PersonCommand,
): Promise<{ state: ReferralState; seen: VisibleCase }> {
  // What a person may not see does not exist for them (404): neither the case nor another facility's request.
  const seen = await loadVisibleCase(ctx.db, actor, caseId);
  return { state: await giveCommand(ctx, actor, seen, command), seen };
}

async function giveCommand(
  ctx: ReferralCommandContext,
  actor: Actor,
  { referral, taskRows, facts }: VisibleCase,
  command: PersonCommand,
): Promise<ReferralState> {
  const caseId = referral.id;
  const tasks = taskRows.map((row) => row.task);
  const target = 'taskId' in command ? tasks.find((task) => task.id === command.taskId) : undefined;
  if ('taskId' in command && (!target || !canViewFacilityTask(actor, facts, target.facilityId))) {
    throw new AppError('task.not_found');
  }

  const party = referralCommands[command.type].party;
  if (party === 'requester') {
    // The requester; every référent of a family request; the family a physician invited chooses.
    if (!canGiveRequesterCommand(actor, facts, command.type)) throw new AppError('auth.forbidden');
  } else if (party === 'physician') {
    // The médecin traitant designated on a family request, until they decline.
    if (!isDesignatedPhysician(actor, facts)) throw new AppError('physician.not_designated');
  } else if (party === 'coordinator') {
    // Only a coordinator of the case's territory acts on it (a stranger already got 404).
    if (isRequester(actor, referral) || !coordinatesReferral(actor, facts)) throw new AppError('auth.forbidden');
  } else if (!target || !canActForFacility(actor, target.facilityId)) {
    throw new AppError('auth.forbidden');
  }

  // Whether the case is closed, or its dossier incomplete, the workflow decides; its refusal is told here.
  const actorId = actor.id;
  switch (command.type) {
    case 'send':
      return execute(ctx, caseId, referralUpdates.send, { actorId }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'referral.dossier_incomplete') {
          throw new AppError('referral.dossier_incomplete', undefined, { missingParts: referral.missingParts });
        }
        throw error;
      });
    case 'updateDossier': {
      const patient = {
        lastName: referral.patientLastName,
        firstName: referral.patientFirstName,
        birthDate: referral.patientBirthDate,
        sex: referral.patientSex as PatientIdentity['sex'],
      };
      // A family's référents write the administrative part only: the medical and autonomy parts
      // stay the physician's (what they send of them is ignored).
      const dossier =
        referral.origin === 'family'
          ? withPhysicianParts(command.dossier, await latestDossier(ctx.db, caseId, referral.dossierVersion))
          : command.dossier;
      return execute(ctx, caseId, referralUpdates.updateDossier, { actorId, dossier: withIdentity(dossier, patient) });
    }
    case 'designatePhysician': {
      if (command.physicianId !== undefined) {
        const [physician] = await ctx.db
          .select({ role: users.role })
          .from(users)
          .where(eq(users.id, command.physicianId));
        if (physician?.role !== 'physician') throw new AppError('physician.unknown');
        return execute(ctx, caseId, referralUpdates.designatePhysician, { physicianId: command.physicianId, actorId });
      }
      // By e-mail: a physician already registered with it is designated; anyone else is invited to
      // join (the only way to invite a physician), the invitation linked to this case.
      const invitedEmail = normalizeEmail(command.invitedEmail ?? '');
      const [registered] = await ctx.db
        .select({ id: users.id, role: users.role })
        .from(users)
        .where(sql`lower(${users.email}) = ${invitedEmail}`);
      if (registered?.role === 'physician') {
        return execute(ctx, caseId, referralUpdates.designatePhysician, { physicianId: registered.id, actorId });
      }
      await consumeInvitationLimits(ctx.db, 'physician', actorId, invitedEmail);
      const state = await execute(ctx, caseId, referralUpdates.designatePhysician, { invitedEmail, actorId });
      await invitePhysician(
        { db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.taskQueue, appUrl: ctx.appUrl ?? '' },
        { actor, caseId, email: invitedEmail, dossierNumber: referral.dossierNumber, ip: null },
      );
      return state;
    }
    case 'completeByPhysician': {
      // A family's request meets the professional side here: the seed shows duplicates to professionals only.
      if (!command.confirmNotDuplicate) {
        const duplicates = await findProfessionalDuplicates(ctx.db, actor, referral);
        if (duplicates.length > 0) {
          throw new AppError('referral.possible_professional_duplicate', undefined, { referrals: duplicates });
        }
      }
      // The physician's parts join the dossier's latest version (the référents' administrative part).
      const latest = await latestDossier(ctx.db, caseId, referral.dossierVersion);
      const dossier: DraftDossier = {
        ...latest,
        schemaVersion: dossierSchemaVersion,
        medical: command.medical,
        autonomy: { aggir: command.aggir },
      };
      return execute(ctx, caseId, referralUpdates.completeByPhysician, {
        actorId,
        dossier,
        shareGir: command.shareGir,
      });
    }
    case 'addFacilities': {
      const known = new Set(tasks.map((task) => task.facilityId));
      if (
        command.facilityIds.some((id) => known.has(id)) ||
        new Set(command.facilityIds).size !== command.facilityIds.length
      ) {
        throw new AppError('referral.duplicate_facility');
      }
      const added = await resolveFacilities(
        ctx.db,
        referral.kind as FacilityKind,
        command.facilityIds,
        command.wave ?? 1,
      );
      return execute(ctx, caseId, referralUpdates.addFacilities, { actorId, facilities: added.tasks });
    }
    case 'confirmAdmission': {
      const { type: _type, ...args } = command;
      const admissionNoticeDays = ctx.admissionNoticeDays ?? defaultAdmissionNoticeDays;
      return execute(ctx, caseId, referralUpdates.confirmAdmission, { ...args, actorId, admissionNoticeDays });
    }
    case 'suggestFacilities': {
      const known = new Set(tasks.map((task) => task.facilityId));
      if (command.facilityIds.some((id) => known.has(id))) throw new AppError('referral.duplicate_facility');
      const resolved = await resolveFacilities(
        ctx.db,
        referral.kind as FacilityKind,
        [...new Set(command.facilityIds)],
        1,
      );
      const facilities = resolved.tasks.map(({ facilityId, facilityName }) => ({ facilityId, facilityName }));
      return execute(ctx, caseId, referralUpdates.suggestFacilities, { actorId, facilities });
    }
    default: {
      const { type, ...args } = command;
      return execute(ctx, caseId, referralUpdate(type), { ...args, actorId } as CommandArgs<typeof type>);
    }
  }
}

/** Active cases of this requester for the same person (last name, first name, birth date, sex). */
export async function findPossibleDuplicates(db: Database, actor: Actor, patient: PatientIdentity) {
  return db
    .select({ id: referrals.id, kind: referrals.kind, status: referrals.status, createdAt: referrals.createdAt })
    .from(referrals)
    .where(
      and(
        eq(referrals.requesterId, actor.id),
        eq(referrals.patientBirthDate, patient.birthDate),
        eq(referrals.patientSex, patient.sex),
        sql`lower(${referrals.patientLastName}) = lower(${patient.lastName})`,
        sql`lower(${referrals.patientFirstName}) = lower(${patient.firstName})`,
        notInArray(referrals.status, closedStatuses),
      ),
    )
    .limit(10);
}

/**
 * The professional requests in progress for the person of a family request, of the same kind, whoever
 * made them: what the validating physician needs to recognise one (its requester, status, date), and
 * its id only when it is theirs to open.
 */
export async function findProfessionalDuplicates(
  db: Database,
  actor: Actor,
  family: Pick<
    typeof referrals.$inferSelect,
    'id' | 'kind' | 'patientLastName' | 'patientFirstName' | 'patientBirthDate' | 'patientSex'
  >,
) {
  const rows = await db
    .select({
      id: referrals.id,
      requesterId: referrals.requesterId,
      requesterName: users.displayName,
      kind: referrals.kind,
      status: referrals.status,
      createdAt: referrals.createdAt,
    })
    .from(referrals)
    .innerJoin(users, eq(users.id, referrals.requesterId))
    .where(
      and(
        sql`${referrals.id} <> ${family.id}`,
        sql`${referrals.origin} is distinct from 'family'`,
        eq(referrals.kind, family.kind),
        eq(referrals.patientBirthDate, family.patientBirthDate),
        eq(referrals.patientSex, family.patientSex),
        sql`lower(${referrals.patientLastName}) = lower(${family.patientLastName})`,
        sql`lower(${referrals.patientFirstName}) = lower(${family.patientFirstName})`,
        notInArray(referrals.status, closedStatuses),
      ),
    )
    .orderBy(asc(referrals.createdAt))
    .limit(10);
  return rows.map(({ id, requesterId, ...row }) => ({ ...row, ...(requesterId === actor.id ? { id } : {}) }));
}

/** The tasks of these facilities, and their rows by name (the order a case shows them in). */
async function resolveFacilities(
  db: Database,
  kind: FacilityKind,
  ids: string[],
  wave: 1 | 2,
): Promise<{ tasks: NewFacilityTask[]; rows: FacilityRow[] }> {
  const found = await db.select().from(facilities).where(inArray(facilities.id, ids)).orderBy(asc(facilities.name));
  const byId = new Map(found.map((facility) => [facility.id, facility]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new AppError('facility.unknown', undefined, { facilityIds: unknown });
  const mismatched = found.filter((facility) => facility.kind !== kind).map((facility) => facility.id);
  if (mismatched.length > 0) throw new AppError('facility.kind_mismatch', undefined, { facilityIds: mismatched });
  return {
    tasks: ids.map((id) => ({ taskId: randomUUID(), facilityId: id, facilityName: byId.get(id)?.name ?? '', wave })),
    rows: found,
  };
}

/** The dossier's latest stored version (an empty dossier before the first). */
async function latestDossier(db: Database, caseId: string, version: number): Promise<DraftDossier> {
  const [row] = await db
    .select({ content: dossierVersions.content })
    .from(dossierVersions)
    .where(and(eq(dossierVersions.referralId, caseId), eq(dossierVersions.version, version)));
  return (row?.content as DraftDossier | undefined) ?? { schemaVersion: dossierSchemaVersion };
}

/** A référent's dossier with the medical and autonomy parts of the latest version instead of theirs. */
function withPhysicianParts(sent: DraftDossier, latest: DraftDossier): DraftDossier {
  const { medical: _medical, autonomy: _autonomy, ...administrative } = sent;
  return {
    ...administrative,
    ...(latest.medical ? { medical: latest.medical } : {}),
    ...(latest.autonomy ? { autonomy: latest.autonomy } : {}),
  };
}

/** The dossier's identity is the case's: it is never typed twice, so it can never disagree. */
function withIdentity(dossier: DraftDossier, patient: PatientIdentity): DraftDossier {
  const { departement: _departement, ...identity } = patient;
  return {
    ...dossier,
    administrative: { ...dossier.administrative, identity: { ...dossier.administrative?.identity, ...identity } },
  };
}

function execute<Args>(
  ctx: ReferralCommandContext,
  caseId: string,
  update: UpdateDefinition<ReferralState, [Args]>,
  args: Args,
): Promise<ReferralState> {
  const handle = ctx.temporal.workflow.getHandle(referralWorkflowId(caseId));
  return withTemporalErrors(() => handle.executeUpdate(update, { args: [args] }));
}

async function withTemporalErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromTemporalError(error) ?? error;
  }
}
