import type { Database } from '../db/client.ts';
import type { ReferralEvent, ReferralState } from '../domain/referral-state.ts';
import { enqueueMessages } from './enqueue-messages.ts';
import { type ProjectionInput, projectReferral } from './project-referral.ts';

export interface ActivityDependencies {
  db: Database;
  /** Public address of the web UI, for the links in messages. */
  appUrl: string;
}

/** The activities a worker registers, bound to their dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return {
    projectReferral: (input: ProjectionInput) => projectReferral(deps.db, input),
    enqueueMessages: (input: { workflowId: string; state: ReferralState; events: ReferralEvent[] }) =>
      enqueueMessages(deps.db, deps.appUrl, input),
  };
}
