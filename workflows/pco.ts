import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { errorCatalogue } from '../domain/errors.ts';
import { type PcoCommandName, pcoCommandNames } from '../domain/pco/command-names.ts';
import {
  createPcoOrientation,
  decidePco,
  type NewPcoOrientation,
  type PcoCommand,
  type PcoEvent,
  type PcoState,
  pcoPendingDeadlines,
} from '../domain/pco/orientation-state.ts';
import { pcoCommandOf, pcoRecorded, pcoStateQuery, pcoUpdate } from './pco-contract.ts';
import {
  delayedWriteBackoffMs,
  isProjectionCommandFailure,
  markCaseAnomaly,
  newAnomalyId,
  projectionActivityOptions,
  projectionAnomalyPatch,
  projectionCommandFailure,
  projectionFailureOf,
} from './projection-anomaly.ts';
import { deliveriesSettled, publishMessages } from './publish-messages.ts';
import { pcoDomain } from './shared-domain.ts';

// Bounded: a snapshot the database refuses, or cannot take for minutes, must not hold a command open.
const { projectPco } = proxyActivities<ReturnType<typeof createActivities>>(projectionActivityOptions);
const { enqueuePcoMessages } = proxyActivities<ReturnType<typeof createActivities>>({
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
  /** The newest state the read model holds: what a refused snapshot falls back to. */
  let projected: PcoState | undefined = input.resumeFrom;
  /** The anomaly of a first snapshot refused or delayed: the orientation's recording answers with it. */
  let creationFailure: ApplicationFailure | undefined;
  /** Snapshots the database could not take within the activity's bounds, written again later in order. */
  const delayed: { id: string; command: string; projection: { state: PcoState; events: PcoEvent[] } }[] = [];

  /**
   * Writes a snapshot into the read model. A refused one is never retried: the case is marked « en
   * anomalie », the workflow returns to the last state the read model holds, and the command answers
   * projection.rejected. One the database could not take is kept, written again by the main loop,
   * and the command answers projection.delayed.
   */
  async function project(
    projection: { state: PcoState; events: PcoEvent[] },
    command: string,
  ): Promise<ApplicationFailure | undefined> {
    try {
      await projectPco(projection);
    } catch (error) {
      const failure = projectionFailureOf(error);
      if (!failure || !patched(projectionAnomalyPatch)) throw error;
      const id = newAnomalyId();
      if (!failure.rejected) {
        delayed.push({ id, command, projection });
        return projectionCommandFailure('projection.delayed', id);
      }
      if (command !== 'creation' && projected && state.lastSeq > projected.lastSeq) state = projected;
      const { reason, sqlstate } = failure;
      await markCaseAnomaly({ id, caseKind: 'pco', caseId: state.caseId, command, reason, sqlstate });
      return projectionCommandFailure('projection.rejected', id);
    }
    if (!projected || projection.state.lastSeq > projected.lastSeq) projected = projection.state;
    return undefined;
  }

  async function apply(command: PcoCommand): Promise<PcoState> {
    const decision = decidePco(state, command, new Date().toISOString());
    if (!decision.ok) throw refusal(decision.code);
    state = decision.state;
    const failure = await project({ state: decision.state, events: decision.events }, command.type);
    if (failure) throw failure;
    await announce(decision.state, decision.events);
    return decision.state;
  }

  /** Writes again, in order, the snapshots the database did not take; their messages follow them. */
  let backoffMs: number = delayedWriteBackoffMs.first;
  async function writeDelayed(): Promise<void> {
    await sleep(backoffMs);
    backoffMs = Math.min(backoffMs * 2, delayedWriteBackoffMs.max);
    for (let next = delayed[0]; next; next = delayed[0]) {
      try {
        await projectPco(next.projection);
      } catch (error) {
        const failure = projectionFailureOf(error);
        if (!failure) throw error;
        if (!failure.rejected) return;
        // Later states already stand on this one: it is dropped and shown to administrators.
        delayed.shift();
        const { reason, sqlstate } = failure;
        await markCaseAnomaly({
          id: next.id,
          caseKind: 'pco',
          caseId: state.caseId,
          command: next.command,
          reason,
          sqlstate,
        });
        continue;
      }
      delayed.shift();
      if (!projected || next.projection.state.lastSeq > projected.lastSeq) projected = next.projection.state;
      // Written late: administrators see that this case waited for the database.
      await markCaseAnomaly({
        id: next.id,
        caseKind: 'pco',
        caseId: state.caseId,
        command: next.command,
        reason: 'delayed',
        sqlstate: null,
      });
      await announce(next.projection.state, next.projection.events);
      if (next.command === 'creation') {
        creationFailure = undefined;
        recorded = true;
      }
    }
    backoffMs = delayedWriteBackoffMs.first;
  }

  function handle<T extends PcoCommandName>(name: T): void {
    setHandler(pcoUpdate(name), (args) => apply(pcoCommandOf(name, args)), {
      validator: (args) => {
        const command = pcoCommandOf(name, args);
        // Refusing more here is safe for replay (validators do not run then).
        if (pcoDomain().unstorablePcoCommand(command) !== undefined) throw refusal('request.invalid');
        const decision = decidePco(state, command, new Date().toISOString());
        if (!decision.ok) throw refusal(decision.code);
      },
    });
  }
  for (const name of pcoCommandNames) handle(name);
  setHandler(pcoStateQuery, () => state);
  let recorded = created === undefined;
  // Orientations begun before messages had their own delivery activity keep enqueueing only.
  const deliversMessages = patched('pco-notifications-delivery');
  async function announce(current: PcoState, events: PcoEvent[]): Promise<void> {
    if (deliversMessages) await publishMessages({ kind: 'pco', workflowId, state: current, events });
    else await enqueuePcoMessages({ workflowId, state: current, events });
  }
  setHandler(pcoRecorded, async () => {
    await condition(() => recorded || creationFailure !== undefined);
    if (creationFailure) throw creationFailure;
    return state;
  });

  if (created) {
    const failure = await project({ state: created.state, events: created.events }, 'creation');
    if (failure?.type === 'projection.rejected') {
      // Nothing of this orientation can be written: it ends « en anomalie » once its recording has its answer.
      creationFailure = failure;
      await condition(allHandlersFinished);
      throw failure;
    }
    if (failure) creationFailure = failure;
    else {
      await announce(state, created.events);
      // Recorded means visible in the read model and announced to the platform.
      recorded = true;
    }
  }

  const historyIsLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? 2_000);
  };
  while (state.status !== 'closed' && state.status !== 'refused') {
    if (delayed.length > 0) {
      await writeDelayed();
      continue;
    }
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
    if (!changed) {
      try {
        await apply({ type: 'deadline', deadline });
      } catch (error) {
        if (!isProjectionCommandFailure(error)) throw error;
        // A refused deadline waits for the case to change (or an hour) rather than firing again at once.
        if (state.lastSeq === seenSeq) await condition(() => state.lastSeq !== seenSeq, '1 hour');
      }
    }
  }
  await condition(allHandlersFinished);
  await deliveriesSettled();
  return state;
}

function refusal(code: keyof typeof errorCatalogue): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message: errorCatalogue[code].message, nonRetryable: true });
}
