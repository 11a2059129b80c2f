import {
  ApplicationFailure,
  makeContinueAsNewFunc,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  createPcoOrientation,
  currentPcoRules,
  decidePco,
  type NewPcoOrientation,
  type PcoCommand,
  type PcoState,
  pcoPendingDeadlines,
} from '../domain/pco/orientation-state.ts';
import type { ReferralCommand } from '../domain/referral/commands.ts';
import { nextDeadline } from '../domain/referral/deadline-schedule.ts';
import type { DraftDossier } from '../domain/referral/dossier.ts';
import { currentReferralRules, type NewReferral, type ReferralState } from '../domain/referral/state.ts';
import type { pcoWorkflow } from './pco.ts';
import { projectionActivityOptions } from './projection-anomaly.ts';
import type { referralWorkflow } from './referral.ts';
import { referralNextDeadlineKey, referralStalledKey, referralStatusKey } from './search-attributes.ts';
import { referralDomain } from './shared-domain.ts';

const { projectReferral, projectPco } = proxyActivities<ReturnType<typeof createActivities>>(projectionActivityOptions);

/** Demo cases only (bin/dev): their ids start so, and no other case can be written by these workflows. */
export const demoCaseIdPrefix = '00000000-0000-4000-9';

/** A person's command on a demo case, at the instant it happened (in the past). */
export interface DemoStep<C> {
  at: string;
  command: C;
}

export interface DemoReferralInput {
  referral: NewReferral & { dossier: DraftDossier };
  createdAt: string;
  steps: DemoStep<Exclude<ReferralCommand, { type: 'deadline' }>>[];
}

export interface DemoPcoInput {
  orientation: NewPcoOrientation;
  submittedAt: string;
  steps: DemoStep<Exclude<PcoCommand, { type: 'deadline' }>>[];
}

function refuseForeignCase(caseId: string): void {
  if (!caseId.startsWith(demoCaseIdPrefix)) {
    throw ApplicationFailure.nonRetryable('Réservé aux dossiers de démonstration.', 'demo.not_a_demo_case');
  }
}

function refused(code: string, at: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`Étape de démonstration refusée (${code}) au ${at}.`, 'demo.step_refused');
}

/**
 * Plays a demo referral's recorded past: the same domain rules as the referral workflow decide each
 * command at the instant it happened and each deadline when it fell due, and the same projection
 * writes every step; then the case continues as the real referral workflow, which owns it from now on.
 */
export async function demoReferralWorkflow(input: DemoReferralInput): Promise<ReferralState> {
  refuseForeignCase(input.referral.caseId);
  const { createReferral, decide } = referralDomain();
  const created = createReferral(input.referral, input.createdAt, currentReferralRules);
  let state = created.state;
  await projectReferral({
    state,
    events: created.events,
    dossier: { version: 1, content: input.referral.dossier, authorId: input.referral.requesterId },
  });
  const step = async (command: ReferralCommand, at: string) => {
    const decision = decide(state, command, at);
    if (!decision.ok) throw refused(decision.code, at);
    state = decision.state;
    await projectReferral({ state, events: decision.events });
  };
  const deadlinesUntil = async (until: number) => {
    for (let deadline = nextDeadline(state); deadline && deadline.at <= until; deadline = nextDeadline(state)) {
      await step({ type: 'deadline', deadline }, new Date(deadline.at).toISOString());
    }
  };
  for (const { at, command } of input.steps) {
    await deadlinesUntil(Date.parse(at));
    await step(command, at);
  }
  await deadlinesUntil(Date.now());
  // The referral workflow updates its search attributes on its next change; until then they say where the case is.
  if (workflowInfo().typedSearchAttributes.get(referralStatusKey) !== undefined) {
    const deadline = nextDeadline(state);
    upsertSearchAttributes([
      { key: referralStatusKey, value: state.status },
      { key: referralStalledKey, value: state.stalled.length > 0 },
      { key: referralNextDeadlineKey, value: deadline ? new Date(deadline.at) : null },
    ]);
  }
  const { dossier: _dossier, ...identity } = input.referral;
  const continueAsReferral = makeContinueAsNewFunc<typeof referralWorkflow>({ workflowType: 'referralWorkflow' });
  return continueAsReferral({ ...identity, resumeFrom: state });
}

/** The same for a demo PCO orientation: its past played by the domain rules, then the real PCO workflow. */
export async function demoPcoWorkflow(input: DemoPcoInput): Promise<PcoState> {
  refuseForeignCase(input.orientation.caseId);
  const created = createPcoOrientation(input.orientation, input.submittedAt, currentPcoRules);
  let state = created.state;
  await projectPco({ state, events: created.events });
  const step = async (command: PcoCommand, at: string) => {
    const decision = decidePco(state, command, at);
    if (!decision.ok) throw refused(decision.code, at);
    state = decision.state;
    await projectPco({ state, events: decision.events });
  };
  const deadlinesUntil = async (until: number) => {
    for (let deadline = pcoPendingDeadlines(state)[0]; deadline && deadline.at <= until; ) {
      await step({ type: 'deadline', deadline }, new Date(deadline.at).toISOString());
      deadline = pcoPendingDeadlines(state)[0];
    }
  };
  for (const { at, command } of input.steps) {
    await deadlinesUntil(Date.parse(at));
    await step(command, at);
  }
  await deadlinesUntil(Date.now());
  const continueAsPco = makeContinueAsNewFunc<typeof pcoWorkflow>({ workflowType: 'pcoWorkflow' });
  return continueAsPco({ ...input.orientation, resumeFrom: state });
}
