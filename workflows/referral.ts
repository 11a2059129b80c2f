import type { UpdateDefinition } from '@temporalio/common';
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { DraftDossier } from '../domain/dossier.ts';
import { errorCatalogue } from '../domain/errors.ts';
import {
  createReferral,
  decide,
  isReferralClosed,
  type NewReferral,
  nextDeadline,
  type ReferralCommand,
  type ReferralRulesVersion,
  type ReferralState,
} from '../domain/referral-state.ts';
import { deliveriesSettled, publishMessages } from './publish-messages.ts';
import { type ReferralUpdateName, referralStateQuery, referralUpdates } from './referral-contract.ts';
import { referralNextDeadlineKey, referralStalledKey, referralStatusKey } from './search-attributes.ts';

const { projectReferral, enqueueMessages } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export type ReferralWorkflowInput = NewReferral & {
  resumeFrom?: ReferralState;
  /** History length after which the case continues as new; tests lower it to exercise the hand-over. */
  historyLimit?: number;
};

/** Long grand âge cases start a fresh history well before Temporal's limits. */
const defaultHistoryLimit = 2_000;

/**
 * One referral, from draft to closure: it is sent to every chosen facility, waits for their
 * answers under deadlines (reminding, then marking the case stalled), lets the requester choose
 * one accepting facility, withdraws the others, and ends with the admission, a cancellation or,
 * for an idle grand âge case, archiving.
 */
export async function referralWorkflow(input: ReferralWorkflowInput): Promise<ReferralState> {
  const { workflowId } = workflowInfo();
  // Executions keep the rules they started with: before the full rules (v1), before the Paris calendar (v2).
  const rulesVersion = input.resumeFrom?.rulesVersion ?? startingRules();
  const created = input.resumeFrom ? undefined : createReferral(input, nowIso(), rulesVersion);
  let state = input.resumeFrom ?? (created?.state as ReferralState);
  let createdProjected = created === undefined;

  async function apply(command: ReferralCommand, dossier?: DraftDossier): Promise<ReferralState> {
    const decision = decide(state, command, nowIso());
    if (!decision.ok) throw refusal(decision.code);
    state = decision.state;
    updateSearchAttributes(state);
    // A command arriving with the start (update-with-start) answers only once the case's first
    // event is in the read model too, so its answer never shows a timeline without « Demande créée ».
    if (!createdProjected && patched('await-created-projection')) await condition(() => createdProjected);
    // The projection and the messages are done before the caller hears back, so its next read sees them.
    await projectReferral({
      state: decision.state,
      events: decision.events,
      ...(dossier
        ? { dossier: { version: decision.state.dossier.version, content: dossier, authorId: authorOf(command) } }
        : {}),
    });
    // Since delivery has its own activity, messages are enqueued here and delivered in the background.
    if (patched('notifications-delivery')) {
      await publishMessages({ kind: 'referral', workflowId, state: decision.state, events: decision.events });
    } else {
      await enqueueMessages({ workflowId, state: decision.state, events: decision.events });
    }
    return decision.state;
  }

  function handle<T extends ReferralUpdateName>(name: T): void {
    const update = referralUpdates[name] as unknown as UpdateDefinition<ReferralState, [object]>;
    const toCommand = (args: object) => ({ ...args, type: name }) as ReferralCommand;
    setHandler(
      update,
      (args) => {
        const command = toCommand(args);
        return apply(command, command.type === 'updateDossier' ? command.dossier : undefined);
      },
      {
        validator: (args) => {
          const decision = decide(state, toCommand(args), nowIso());
          if (!decision.ok) throw refusal(decision.code);
        },
      },
    );
  }
  for (const name of Object.keys(referralUpdates) as ReferralUpdateName[]) handle(name);
  setHandler(referralStateQuery, () => state);

  if (created) {
    await projectReferral({
      state,
      events: created.events,
      ...(input.dossier ? { dossier: { version: 1, content: input.dossier, authorId: input.requesterId } } : {}),
    });
    createdProjected = true;
  }

  const historyIsLong = () => {
    const info = workflowInfo();
    return (
      state.rulesVersion >= 2 &&
      (info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? defaultHistoryLimit))
    );
  };

  while (!isReferralClosed(state.status)) {
    if (historyIsLong()) {
      await deliveriesSettled();
      const { dossier: _dossier, ...identity } = input;
      await continueAsNew<typeof referralWorkflow>({ ...identity, resumeFrom: state });
    }
    const deadline = nextDeadline(state);
    const seenSeq = state.lastSeq;
    if (!deadline) {
      await condition(() => state.lastSeq !== seenSeq || historyIsLong());
      continue;
    }
    const changed = await condition(() => state.lastSeq !== seenSeq, Math.max(deadline.at - Date.now(), 1));
    if (!changed) await apply({ type: 'deadline', deadline });
  }

  await deliveriesSettled();
  return state;
}

function startingRules(): ReferralRulesVersion {
  if (!patched('referral-v2-rules')) return 1;
  return patched('referral-paris-calendar') ? 3 : 2;
}

function updateSearchAttributes(state: ReferralState): void {
  // Only workflows started with search attributes carry them (the time-skipping test server has none).
  if (workflowInfo().typedSearchAttributes.get(referralStatusKey) === undefined) return;
  if (state.rulesVersion === 1) {
    upsertSearchAttributes([{ key: referralStatusKey, value: state.status }]);
    return;
  }
  const deadline = nextDeadline(state);
  upsertSearchAttributes([
    { key: referralStatusKey, value: state.status },
    { key: referralStalledKey, value: state.stalled.length > 0 },
    { key: referralNextDeadlineKey, value: deadline ? new Date(deadline.at) : null },
  ]);
}

function authorOf(command: ReferralCommand): string | undefined {
  return 'actorId' in command ? command.actorId : undefined;
}

function refusal(code: keyof typeof errorCatalogue): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message: errorCatalogue[code].message, nonRetryable: true });
}

function nowIso(): string {
  return new Date().toISOString();
}
