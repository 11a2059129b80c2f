import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { AppError, isErrorCode } from '../../domain/errors.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { referralAddReferentUpdate } from '../../workflows/referral-contract.ts';

export interface ReferentDependencies {
  db: Database;
  temporal: Client;
}

/**
 * Adds a particulier account as a référent of a family request (an accepted invitation): a
 * workflow Update, which refuses a case that is not a family request (`referral.not_family`), an
 * inviter who is not one of its référents (`auth.forbidden`) and a référent already there
 * (`referral.referent_already`). The projection writes `referral_referents`.
 */
export async function addReferent(
  deps: ReferentDependencies,
  input: { caseId: string; userId: string; addedBy: string },
): Promise<void> {
  const [user] = await deps.db.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
  if (user?.role !== 'particulier') throw new AppError('family.referent_not_particulier');
  const handle = deps.temporal.workflow.getHandle(referralWorkflowId(input.caseId));
  try {
    await handle.executeUpdate(referralAddReferentUpdate, {
      args: [{ actorId: input.addedBy, userId: input.userId }],
    });
  } catch (error) {
    // The validator's refusal carries its stable code; a finished workflow is a closed case.
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const code = error.cause.type;
      if (code && isErrorCode(code)) throw new AppError(code);
    }
    if (error instanceof WorkflowNotFoundError) throw new AppError('referral.already_closed');
    throw error;
  }
}
