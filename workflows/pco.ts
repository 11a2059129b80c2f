import type { UpdateDefinition } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { errorCatalogue } from '../domain/errors.ts';
import {
  createPcoOrientation,
  decidePco,
  type NewPcoOrientation,
  type PcoCommand,
  type PcoEvent,
  type PcoState,
  pcoPendingDeadlines,
} from '../domain/pco/orientation-state.ts';
import { type PcoUpdateName, pcoRecorded, pcoStateQuery, pcoUpdates } from './pco-contract.ts';
import { deliveriesSettled, publishMessages } from './publish-messages.ts';

const { projectPco, enqueuePcoMessages } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export type PcoWorkflowInput = NewPcoOrientation & { resumeFrom?: PcoState; historyLimit?: number };

/**
 * One child's orientation to a PCO TND, over a year or two: the platform validates the
 * prescription, organises assessments and interventions, meets the family, renews once or not,
 * and closes with an outcome. Each legal deadline is a durable timer; a missed one marks the case
 * stalled for the platform's coordinator.
 */
export async function pcoWorkflow(input: PcoWorkflowInput): Promise<PcoState> {
  const { workflowId } = workflowInfo();
  // Orientations begun before the Paris legal calendar keep rules v1 (see legalCalendar in the domain).
  const created = input.resumeFrom
    ? undefined
    : createPcoOrientation(input, new Date().toISOString(), patched('pco-legal-calendar') ? 2 : 1);
  let state = input.resumeFrom ?? (created?.state as PcoState);

  async function apply(command: PcoCommand): Promise<PcoState> {
    const decision = decidePco(state, command, new Date().toISOString());
    if (!decision.ok) throw refusal(decision.code);
    state = decision.state;
    await projectPco({ state: decision.state, events: decision.events });
    await announce(decision.state, decision.events);
    return decision.state;
  }

  for (const name of Object.keys(pcoUpdates) as PcoUpdateName[]) {
    const update = pcoUpdates[name] as unknown as UpdateDefinition<PcoState, [object]>;
    const toCommand = (args: object) => ({ ...args, type: name }) as PcoCommand;
    setHandler(update, (args) => apply(toCommand(args)), {
      validator: (args) => {
        const decision = decidePco(state, toCommand(args), new Date().toISOString());
        if (!decision.ok) throw refusal(decision.code);
      },
    });
  }
  setHandler(pcoStateQuery, () => state);
  let recorded = created === undefined;
  // Orientations begun before messages had their own delivery activity keep enqueueing only.
  const deliversMessages = patched('pco-notifications-delivery');
  async function announce(current: PcoState, events: PcoEvent[]): Promise<void> {
    if (deliversMessages) await publishMessages({ kind: 'pco', workflowId, state: current, events });
    else await enqueuePcoMessages({ workflowId, state: current, events });
  }
  setHandler(pcoRecorded, async () => {
    await condition(() => recorded);
    return state;
  });

  if (created) {
    await projectPco({ state, events: created.events });
    await announce(state, created.events);
    // Recorded means visible in the read model and announced to the platform.
    recorded = true;
  }

  const historyIsLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? 2_000);
  };
  while (state.status !== 'closed' && state.status !== 'refused') {
    if (historyIsLong()) {
      await condition(allHandlersFinished);
      await deliveriesSettled();
      await continueAsNew<typeof pcoWorkflow>({ ...input, resumeFrom: state });
    }
    const deadline = pcoPendingDeadlines(state)[0];
    const seenSeq = state.lastSeq;
    if (!deadline) {
      await condition(() => state.lastSeq !== seenSeq || historyIsLong());
      continue;
    }
    const changed = await condition(() => state.lastSeq !== seenSeq, Math.max(deadline.at - Date.now(), 1));
    if (!changed) await apply({ type: 'deadline', deadline });
  }
  await condition(allHandlersFinished);
  await deliveriesSettled();
  return state;
}

function refusal(code: keyof typeof errorCatalogue): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message: errorCatalogue[code].message, nonRetryable: true });
}
