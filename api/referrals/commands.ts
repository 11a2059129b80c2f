import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { canActForFacility, canCreateReferral, isRequester } from '../../domain/policies.ts';
import { isReferralClosed, type ReferralState, referralWorkflowId } from '../../domain/referral-state.ts';
import type { RefusalReason } from '../../domain/refusal-reasons.ts';
import type { Actor } from '../../domain/users.ts';
import type { referralWorkflow } from '../../workflows/referral.ts';
import {
  acceptTask,
  cancelReferral,
  chooseFacility,
  confirmAdmission,
  refuseTask,
  sendReferral,
} from '../../workflows/referral-contract.ts';
import { referralDepartementKey, referralKindKey, referralStatusKey } from '../../workflows/search-attributes.ts';
import { fromTemporalError } from '../temporal-errors.ts';
import type { CreateReferralBody } from './schemas.ts';

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
}

export async function createAndSendReferral(
  ctx: ReferralCommandContext,
  actor: Actor,
  body: CreateReferralBody,
): Promise<string> {
  if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
  if (new Set(body.facilityIds).size !== body.facilityIds.length) throw new AppError('referral.duplicate_facility');
  const found = await ctx.db
    .select({ id: facilities.id, name: facilities.name, kind: facilities.kind })
    .from(facilities)
    .where(inArray(facilities.id, body.facilityIds));
  const byId = new Map(found.map((facility) => [facility.id, facility]));
  const unknown = body.facilityIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new AppError('facility.unknown', undefined, { facilityIds: unknown });
  const mismatched = found.filter((facility) => facility.kind !== body.kind).map((facility) => facility.id);
  if (mismatched.length > 0) throw new AppError('facility.kind_mismatch', undefined, { facilityIds: mismatched });

  const caseId = randomUUID();
  const workflowId = referralWorkflowId(caseId);
  const facilitiesInOrder = body.facilityIds.map((id) => ({
    taskId: randomUUID(),
    facilityId: id,
    facilityName: byId.get(id)?.name ?? '',
  }));
  const start = new WithStartWorkflowOperation<typeof referralWorkflow>('referralWorkflow', {
    workflowId,
    taskQueue: ctx.taskQueue,
    workflowIdConflictPolicy: 'FAIL',
    args: [{ caseId, kind: body.kind, requesterId: actor.id, patient: body.patient, facilities: facilitiesInOrder }],
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
  await withTemporalErrors(() =>
    ctx.temporal.workflow.executeUpdateWithStart(sendReferral, {
      args: [{ actorId: actor.id }],
      startWorkflowOperation: start,
    }),
  );
  return caseId;
}

type RequesterCommand = { type: 'choose'; taskId: string } | { type: 'cancel'; reason: string };

type FacilityCommand =
  | { type: 'accept'; taskId: string; proposedEntryDate: string; comment?: string }
  | { type: 'refuse'; taskId: string; reasonCode: RefusalReason; comment?: string }
  | { type: 'confirmAdmission'; taskId: string };

export async function runRequesterCommand(
  ctx: ReferralCommandContext,
  actor: Actor,
  caseId: string,
  command: RequesterCommand,
): Promise<ReferralState> {
  const referral = await loadOpenReferral(ctx.db, caseId);
  if (!isRequester(actor, referral)) throw new AppError('auth.forbidden');
  return command.type === 'choose'
    ? execute(ctx, caseId, chooseFacility, { taskId: command.taskId, actorId: actor.id })
    : execute(ctx, caseId, cancelReferral, { reason: command.reason, actorId: actor.id });
}

export async function runFacilityCommand(
  ctx: ReferralCommandContext,
  actor: Actor,
  caseId: string,
  command: FacilityCommand,
): Promise<ReferralState> {
  await loadOpenReferral(ctx.db, caseId);
  const [task] = await ctx.db
    .select({ facilityId: facilityTasks.facilityId, referralId: facilityTasks.referralId })
    .from(facilityTasks)
    .where(eq(facilityTasks.id, command.taskId));
  if (!task || task.referralId !== caseId) throw new AppError('task.not_found');
  if (!canActForFacility(actor, task.facilityId)) throw new AppError('auth.forbidden');
  switch (command.type) {
    case 'accept': {
      const { type: _type, ...args } = command;
      return execute(ctx, caseId, acceptTask, { ...args, actorId: actor.id });
    }
    case 'refuse': {
      const { type: _type, ...args } = command;
      return execute(ctx, caseId, refuseTask, { ...args, actorId: actor.id });
    }
    case 'confirmAdmission':
      return execute(ctx, caseId, confirmAdmission, { taskId: command.taskId, actorId: actor.id });
  }
}

async function loadOpenReferral(db: Database, caseId: string) {
  const [referral] = await db
    .select({ requesterId: referrals.requesterId, status: referrals.status })
    .from(referrals)
    .where(eq(referrals.id, caseId));
  if (!referral) throw new AppError('referral.not_found');
  if (isReferralClosed(referral.status as ReferralState['status'])) throw new AppError('referral.already_closed');
  return referral;
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
