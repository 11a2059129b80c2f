import type { Database } from '../db/client.ts';
import type { PcoEvent, PcoState } from '../domain/pco/orientation-state.ts';
import type { ReferralEvent, ReferralState } from '../domain/referral-state.ts';
import { enqueueMessages } from './enqueue-messages.ts';
import { enqueuePcoMessages } from './enqueue-pco-messages.ts';
import { projectPco } from './project-pco.ts';
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
    projectPco: (input: { state: PcoState; events: PcoEvent[] }) => projectPco(deps.db, input),
    enqueuePcoMessages: (input: { workflowId: string; state: PcoState; events: PcoEvent[] }) =>
      enqueuePcoMessages(deps.db, deps.appUrl, input),
  };
}
