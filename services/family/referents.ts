import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { AppError, isErrorCode } from '../../domain/errors.ts';
import { type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { referralAddReferentUpdate, referralEndAssistanceUpdate } from '../../workflows/referral-contract.ts';

export interface ReferentDependencies {
  db: Database;
  temporal: Client;
}

/**
 * One of the family Updates of a case's workflow (a référent added, the assistance ended, a
 * physician's invitation claimed): the validator's refusal carries its stable code; a finished
 * workflow is a closed case.
 */
export async function executeFamilyUpdate<A>(
  temporal: Client,
  caseId: string,
  definition: UpdateDefinition<ReferralState, [A]>,
  args: A,
): Promise<ReferralState> {
  const handle = temporal.workflow.getHandle(referralWorkflowId(caseId));
  try {
    return await handle.executeUpdate(definition, { args: [args] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const code = error.cause.type;
      if (code && isErrorCode(code)) throw new AppError(code);
    }
    if (error instanceof WorkflowNotFoundError) throw new AppError('referral.already_closed');
    throw error;
  }
}

/**
 * Adds a particulier account as a référent (an accepted invitation): a workflow Update, which
 * refuses an inviter who may no longer invite (`auth.forbidden`) and a référent already there
 * (`referral.referent_already`). On a professional's request the physician (its requester) invites
 * the family; on a request an assisting professional created, the first référent takes it over
 * (`keepAssistance`: the professional keeps following it). The projection writes `referral_referents`.
 */
export async function addReferent(
  deps: ReferentDependencies,
  input: { caseId: string; userId: string; addedBy: string; keepAssistance?: boolean },
): Promise<void> {
  const [user] = await deps.db.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
  if (user?.role !== 'particulier') throw new AppError('family.referent_not_particulier');
  await executeFamilyUpdate(deps.temporal, input.caseId, referralAddReferentUpdate, {
    actorId: input.addedBy,
    userId: input.userId,
    ...(input.keepAssistance ? { keepAssistance: true } : {}),
  });
}

/** A référent ends the access of the assisting professional they had kept (`family.assistance_not_active`). */
export function endAssistance(deps: ReferentDependencies, input: { caseId: string; actorId: string }) {
  return executeFamilyUpdate(deps.temporal, input.caseId, referralEndAssistanceUpdate, { actorId: input.actorId });
}
