import type { Database } from '../db/client.ts';
import type { CaseAnomaly } from '../domain/anomalies.ts';
import type { PcoEvent, PcoState } from '../domain/pco/orientation-state.ts';
import type { CaseRef } from '../services/retention/anonymise-case.ts';
import type { DeliveryChannels } from './channels/channel.ts';
import { createDeliveryChannels } from './channels/index.ts';
import { deliverAfterWriting, deliverMessage, deliverMessages, markMessageFailed } from './deliver-message.ts';
import {
  type EnqueueRequest,
  type EnqueueResult,
  enqueueMessages,
  enqueueReferralMessages,
} from './enqueue-messages.ts';
import { enqueuePcoMessages } from './enqueue-pco-messages.ts';
import { projectPco } from './project-pco.ts';
import { type ProjectionInput, projectReferral, writeReferralProjection } from './project-referral.ts';
import { classifyingProjectionErrors } from './projection-errors.ts';
import { recordCaseAnomaly } from './record-case-anomaly.ts';
import { referentEmailConfirmed } from './referent-email.ts';
import { anonymiseCases, findRetentionDue, type RetentionBatchRequest } from './retention.ts';

export interface ActivityDependencies {
  db: Database;
  /** Public address of the web UI, for the links in messages. */
  appUrl: string;
  /** E-mail and SMS providers; the development mailbox when absent. */
  channels?: DeliveryChannels;
}

/** The activities a worker registers, bound to their dependencies. */
export function createActivities(deps: ActivityDependencies) {
  const delivery = { db: deps.db, channels: deps.channels ?? createDeliveryChannels() };
  return {
    // A projection fails as ProjectionRejected (never retried) or ProjectionUnavailable (retried, bounded).
    projectReferral: (input: ProjectionInput) => classifyingProjectionErrors(() => projectReferral(deps.db, input)),
    // A command's step in one transaction: its snapshot and its messages are written together or not at all.
    // With `deliverNow` (a deadline's step, nobody waiting on it) the messages are sent right after
    // the commit, and only those not sent yet come back for the delivery activity.
    projectAndEnqueueReferral: async (
      input: ProjectionInput & { workflowId: string; deliverNow?: boolean },
    ): Promise<EnqueueResult> => {
      const written = await classifyingProjectionErrors(() =>
        deps.db.transaction(async (tx) => {
          await writeReferralProjection(tx, input);
          const { workflowId, state, events } = input;
          return enqueueReferralMessages(tx, deps.appUrl, { kind: 'referral', workflowId, state, events });
        }),
      );
      if (!input.deliverNow || written.ids.length === 0) return written;
      return { ...written, ids: await deliverAfterWriting(delivery, written.ids) };
    },
    enqueueMessages: async (input: EnqueueRequest) => {
      const result = await enqueueMessages(deps.db, deps.appUrl, input);
      // Executions begun before the delivery activity existed (their requests name no kind) deliver here.
      if (!input.kind) for (const messageId of result.ids) await deliverMessage(delivery, { messageId });
      return result;
    },
    deliverMessage: (input: { messageId: string }) => deliverMessage(delivery, input),
    deliverMessages: (input: { messageIds: string[] }) => deliverMessages(delivery, input),
    markMessageFailed: (input: { messageId: string; reason: string }) => markMessageFailed(deps.db, input),
    projectPco: (input: { state: PcoState; events: PcoEvent[] }) =>
      classifyingProjectionErrors(() => projectPco(deps.db, input)),
    recordCaseAnomaly: (anomaly: CaseAnomaly) => recordCaseAnomaly(deps.db, anomaly),
    enqueuePcoMessages: (input: { workflowId: string; state: PcoState; events: PcoEvent[] }) =>
      enqueuePcoMessages(deps.db, deps.appUrl, input),
    referentEmailConfirmed: (input: { userIds: string[] }) => referentEmailConfirmed(deps.db, input),
    findRetentionDue: (request: RetentionBatchRequest) => findRetentionDue(deps.db, request),
    anonymiseCases: (request: { asOf: string; cases: CaseRef[] }) => anonymiseCases(deps.db, request),
  };
}
