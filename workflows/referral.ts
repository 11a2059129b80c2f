import type { UpdateDefinition } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { ProjectionInput } from '../activities/project-referral.ts';
import { todayInParis } from '../domain/calendar/days.ts';
import { errorCatalogue } from '../domain/errors.ts';
import { commandDateRefusal } from '../domain/referral/command-days.ts';
import { type ReferralCommandName, referralCommandNames } from '../domain/referral/command-names.ts';
import type { ReferralCommand } from '../domain/referral/commands.ts';
import { needsEmailCheck, nextDeadline } from '../domain/referral/deadline-schedule.ts';
import type { DraftDossier } from '../domain/referral/dossier.ts';
import { admissionEntryDay } from '../domain/referral/entry-dates.ts';
import {
  isReferralClosed,
  type NewReferral,
  type ReferralEvent,
  type ReferralRulesVersion,
  type ReferralState,
} from '../domain/referral/state.ts';
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
import { deliverEnqueued, deliveriesSettled, publishMessages } from './publish-messages.ts';
import {
  referralAddReferentUpdate,
  referralClaimPhysicianInvitationUpdate,
  referralCommandOf,
  referralEndAssistanceUpdate,
  referralStateQuery,
  referralUpdate,
} from './referral-contract.ts';
import { referralNextDeadlineKey, referralStalledKey, referralStatusKey } from './search-attributes.ts';
import { referralDomain } from './shared-domain.ts';

/** Since this patch an admission records its actual entry day (the proposed one unless given). */
export const admissionEntryDayPatch = 'referral-admission-entry-day';

/**
 * Since this patch a command's snapshot and its messages are written by one activity in one
 * transaction (before: a projection, then an enqueue): one activity and one workflow task less per step.
 */
export const projectAndEnqueuePatch = 'referral-project-and-enqueue';

/**
 * Since this patch a case may come from a family (the person or a relative): it keeps its origin and
 * dossier number, and its e-mail confirmation deadlines ask an activity whether a référent confirmed.
 */
export const familyOriginPatch = 'referral-family-origin';

/**
 * Since this patch a command answers only once the snapshots of the commands decided before it are
 * written too: two Updates at once (an accept while the requester cancels) may have their
 * projections commit out of order, and the later one's answer must not show a story with a hole.
 */
export const projectionsInOrderPatch = 'referral-projections-in-order';

/**
 * Since this patch the deadlines due at the same instant are applied together, in one snapshot with
 * their messages: a request sent to five facilities has its five reminders due at once, which took
 * five decisions and five projections before (issue 17: reminders at peak).
 */
export const dueDeadlinesTogetherPatch = 'referral-due-deadlines-together';

/**
 * Since this patch the timer of the case's next deadline outlives the commands that leave that
 * deadline where it was: four refusals among five answers cancelled it and started the same one
 * again four times before (issue 17: two timer events and a timer task less per such command).
 */
export const keptDeadlineTimerPatch = 'referral-kept-deadline-timer';

/**
 * Since this patch a deadline's messages (the reminders, the stalled notices) are sent by the activity
 * that writes its snapshot, right after the commit, rather than by a delivery activity of their own:
 * nobody waits on a deadline's step, and a storm of reminders took one activity and one workflow task
 * more per case (issue 17). Those it could not send go to the delivery activity as before.
 */
export const deadlineMessagesSentWithSnapshotPatch = 'referral-deadline-messages-sent-with-snapshot';

// Bounded: a snapshot the database refuses, or cannot take for minutes, must not hold a command open.
const { projectReferral, projectAndEnqueueReferral } =
  proxyActivities<ReturnType<typeof createActivities>>(projectionActivityOptions);
const { enqueueMessages, referentEmailConfirmed } = proxyActivities<ReturnType<typeof createActivities>>({
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
  const { createReferral, decide, unstorableReferralCommand } = referralDomain();
  // Executions keep the rules they started with: before the full rules (v1), before the Paris calendar (v2).
  const rulesVersion = input.resumeFrom?.rulesVersion ?? startingRules();
  const created = input.resumeFrom ? undefined : createReferral(withFamilyOrigin(input), nowIso(), rulesVersion);
  let state = input.resumeFrom ?? (created?.state as ReferralState);
  let createdProjected = created === undefined;
  /** The newest state the read model holds: what a refused snapshot falls back to. */
  let projected: ReferralState | undefined = input.resumeFrom;
  /** The last events of the snapshots being written now, by commands decided but not yet answered. */
  const projecting = new Set<number>();
  /** Set when the case's first snapshot was refused: nothing of it can be written, it ends in anomaly. */
  let creationRejected: string | undefined;
  /** Snapshots the database could not take within the activity's bounds, written again later in order. */
  const delayed: { id: string; command: string; projection: ProjectionInput }[] = [];

  /**
   * Writes a snapshot into the read model. A refused one is never retried: the case is marked « en
   * anomalie », the workflow returns to the last state the read model holds (so both stay equal and
   * the next command works on it), and the command answers projection.rejected. One the database
   * could not take is kept, written again by the main loop, and the command answers projection.delayed.
   */
  async function project(
    projection: ProjectionInput,
    command: string,
    options: { withMessages?: boolean; deliverNow?: boolean } = {},
  ): Promise<ApplicationFailure | undefined> {
    try {
      if (options.withMessages) {
        // Written with the snapshot or not at all: a refused or delayed one has enqueued nothing.
        const { ids } = await projectAndEnqueueReferral({
          ...projection,
          workflowId,
          ...(options.deliverNow ? { deliverNow: true } : {}),
        });
        deliverEnqueued(ids);
      } else {
        await projectReferral(projection);
      }
    } catch (error) {
      const failure = projectionFailureOf(error);
      if (!failure || !patched(projectionAnomalyPatch)) throw error;
      const id = newAnomalyId();
      if (!failure.rejected) {
        delayed.push({ id, command, projection });
        return projectionCommandFailure('projection.delayed', id);
      }
      if (command !== 'creation' && projected && state.lastSeq > projected.lastSeq) {
        state = projected;
        updateSearchAttributes(state);
      }
      const { reason, sqlstate } = failure;
      await markCaseAnomaly({ id, caseKind: 'referral', caseId: state.caseId, command, reason, sqlstate });
      // Only now may the command waiting on the creation answer: its anomaly is visible.
      if (command === 'creation') creationRejected = id;
      return projectionCommandFailure('projection.rejected', id);
    }
    if (!projected || projection.state.lastSeq > projected.lastSeq) projected = projection.state;
    return undefined;
  }

  async function announce(current: ReferralState, events: ReferralEvent[]): Promise<void> {
    // Since delivery has its own activity, messages are enqueued here and delivered in the background.
    if (patched('notifications-delivery')) {
      await publishMessages({ kind: 'referral', workflowId, state: current, events });
    } else {
      await enqueueMessages({ workflowId, state: current, events });
    }
  }

  async function apply(command: ReferralCommand, dossier?: DraftDossier): Promise<ReferralState> {
    const decision = decide(state, command, nowIso());
    if (!decision.ok) throw refusal(decision.code);
    state = decision.state;
    updateSearchAttributes(state);
    // A command arriving with the start (update-with-start) answers only once the case's first
    // event is in the read model too, so its answer never shows a timeline without « Demande créée ».
    if (!createdProjected && patched('await-created-projection')) {
      await condition(() => createdProjected || creationRejected !== undefined);
    }
    if (creationRejected !== undefined) throw projectionCommandFailure('projection.rejected', creationRejected);
    // The projection and the messages are done before the caller hears back, so its next read sees them.
    const together = patched(projectAndEnqueuePatch);
    const deliverNow = together && isDeadlineStep(command) && patched(deadlineMessagesSentWithSnapshotPatch);
    const mine = decision.state.lastSeq;
    projecting.add(mine);
    let failure: Awaited<ReturnType<typeof project>>;
    try {
      failure = await project(
        {
          state: decision.state,
          events: decision.events,
          ...(dossier
            ? { dossier: { version: decision.state.dossier.version, content: dossier, authorId: authorOf(command) } }
            : {}),
        },
        command.type,
        { withMessages: together, deliverNow },
      );
    } finally {
      projecting.delete(mine);
    }
    if (failure) throw failure;
    if (patched(projectionsInOrderPatch)) await condition(() => ![...projecting].some((seq) => seq < mine));
    if (!together) await announce(decision.state, decision.events);
    return decision.state;
  }

  /** Writes again, in order, the snapshots the database did not take; their messages follow them. */
  let backoffMs: number = delayedWriteBackoffMs.first;
  async function writeDelayed(): Promise<void> {
    await sleep(backoffMs);
    backoffMs = Math.min(backoffMs * 2, delayedWriteBackoffMs.max);
    for (let next = delayed[0]; next; next = delayed[0]) {
      try {
        await projectReferral(next.projection);
      } catch (error) {
        const failure = projectionFailureOf(error);
        if (!failure) throw error;
        if (!failure.rejected) return;
        // Later states already stand on this one: it is dropped and shown to administrators.
        delayed.shift();
        const { reason, sqlstate } = failure;
        await markCaseAnomaly({
          id: next.id,
          caseKind: 'referral',
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
        caseKind: 'referral',
        caseId: state.caseId,
        command: next.command,
        reason: 'delayed',
        sqlstate: null,
      });
      await announce(next.projection.state, next.projection.events);
    }
    backoffMs = delayedWriteBackoffMs.first;
  }

  function handle<T extends ReferralCommandName>(name: T): void {
    setHandler(
      referralUpdate(name),
      (args) => {
        const command = withEntryDay(referralCommandOf(name, args));
        return apply(command, storedDossierOf(command));
      },
      {
        validator: (args) => {
          const command = referralCommandOf(name, args);
          // Refusing more here is safe for replay (validators do not run then) and keeps from the
          // history any value the projection could not write.
          if (unstorableReferralCommand(command) !== undefined) throw refusal('request.invalid');
          const decision = decide(state, command, nowIso());
          if (!decision.ok) throw refusal(decision.code);
          // Days are checked against the day the command arrives (validators do not run on replay).
          const dated = commandDateRefusal(state, command, todayInParis(Date.now()));
          if (dated) throw ApplicationFailure.create({ type: dated.code, message: dated.message, nonRetryable: true });
        },
      },
    );
  }
  /** An admission without a day records the proposed one; histories from before the patch keep none. */
  function withEntryDay(command: ReferralCommand): ReferralCommand {
    if (command.type !== 'confirmAdmission' || command.actualEntryDate !== undefined) return command;
    if (!patched(admissionEntryDayPatch)) return command;
    const task = state.tasks.find((candidate) => candidate.taskId === command.taskId);
    return task ? { ...command, actualEntryDate: admissionEntryDay(task, todayInParis(Date.now())) } : command;
  }
  for (const name of referralCommandNames) handle(name);
  // A référent joins (an invitation accepted), ends the assisting professional's access, or the
  // physician invited by e-mail joins: not commands of the table. New handlers only, no new
  // command in an existing history's path: older executions replay as before.
  const familyUpdate = <A extends object>(
    definition: UpdateDefinition<ReferralState, [A]>,
    toCommand: (args: A) => ReferralCommand,
  ) =>
    setHandler(definition, (args) => apply(toCommand(args)), {
      validator: (args) => {
        const command = toCommand(args);
        if (unstorableReferralCommand(command) !== undefined) throw refusal('request.invalid');
        const decision = decide(state, command, nowIso());
        if (!decision.ok) throw refusal(decision.code);
      },
    });
  familyUpdate(referralAddReferentUpdate, (args) => ({ ...args, type: 'addReferent' }));
  familyUpdate(referralEndAssistanceUpdate, (args) => ({ ...args, type: 'endAssistance' }));
  familyUpdate(referralClaimPhysicianInvitationUpdate, (args) => ({ ...args, type: 'claimPhysicianInvitation' }));
  setHandler(referralStateQuery, () => state);

  if (created) {
    const failure = await project(
      {
        state: created.state,
        events: created.events,
        ...(input.dossier ? { dossier: { version: 1, content: input.dossier, authorId: input.requesterId } } : {}),
      },
      'creation',
    );
    if (creationRejected !== undefined && failure) {
      // Nothing of this case can be written: it ends « en anomalie » once the waiting command has its answer.
      await condition(allHandlersFinished);
      throw failure;
    }
    createdProjected = true;
  }

  const historyIsLong = () => {
    const info = workflowInfo();
    return (
      state.rulesVersion >= 2 &&
      (info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? defaultHistoryLimit))
    );
  };

  /** The case hands over to a fresh history of its own, carrying its state (not its dossier, already stored). */
  async function continueWithFreshHistory(): Promise<never> {
    await deliveriesSettled();
    const { dossier: _dossier, ...identity } = input;
    return continueAsNew<typeof referralWorkflow>({ ...identity, resumeFrom: state });
  }

  /** The timer of the case's next deadline, kept across the commands that leave it in place. */
  let deadlineTimer: { at: number; fired: boolean; scope: CancellationScope } | undefined;

  function dropDeadlineTimer(): void {
    deadlineTimer?.scope.cancel();
    deadlineTimer = undefined;
  }

  /** Until `at` (or at once if it has passed); a cancelled timer ends quietly. */
  function armDeadlineTimer(at: number): NonNullable<typeof deadlineTimer> {
    dropDeadlineTimer();
    const scope = new CancellationScope();
    const timer = { at, fired: false, scope };
    scope
      .run(() => sleep(Math.max(at - Date.now(), 1)))
      .then(
        () => {
          timer.fired = true;
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
    deadlineTimer = timer;
    return timer;
  }

  /** True when a command came first, false when the deadline did. */
  async function commandBefore(at: number, seenSeq: number): Promise<boolean> {
    if (!patched(keptDeadlineTimerPatch)) {
      return condition(() => state.lastSeq !== seenSeq, Math.max(at - Date.now(), 1));
    }
    const timer = deadlineTimer?.at === at ? deadlineTimer : armDeadlineTimer(at);
    await condition(() => state.lastSeq !== seenSeq || timer.fired);
    if (state.lastSeq !== seenSeq) return true;
    deadlineTimer = undefined;
    return false;
  }

  /**
   * Waits for whichever comes first: a person's command (any Update that changes the case) or the
   * case's next deadline, which is then applied (reminder, stall, place released, second wave…).
   */
  async function commandOrDeadline(): Promise<void> {
    const deadline = nextDeadline(state);
    const seenSeq = state.lastSeq;
    if (!deadline) {
      dropDeadlineTimer();
      await condition(() => state.lastSeq !== seenSeq || historyIsLong());
      return;
    }
    if (await commandBefore(deadline.at, seenSeq)) return;
    try {
      if (!needsEmailCheck(deadline) && patched(dueDeadlinesTogetherPatch)) {
        await apply({ type: 'dueDeadlines' });
        return;
      }
      // A family request's e-mail deadlines first ask whether a référent has confirmed their address.
      const emailConfirmed =
        needsEmailCheck(deadline) && patched(familyOriginPatch)
          ? await referentEmailConfirmed({ userIds: state.origin?.referentIds ?? [] })
          : undefined;
      await apply({ type: 'deadline', deadline, ...(emailConfirmed === undefined ? {} : { emailConfirmed }) });
    } catch (error) {
      if (!isProjectionCommandFailure(error)) throw error;
      // A refused deadline waits for the case to change (or an hour) rather than firing again at once.
      if (state.lastSeq === seenSeq) await condition(() => state.lastSeq !== seenSeq, '1 hour');
    }
  }

  // The life of the case: commands and deadlines until it closes (admitted, cancelled, archived).
  while (!isReferralClosed(state.status)) {
    if (delayed.length > 0) await writeDelayed();
    else if (historyIsLong()) await continueWithFreshHistory();
    else await commandOrDeadline();
  }

  dropDeadlineTimer();
  await deliveriesSettled();
  return state;
}

/** The family origin enters a case only on code that knows it (the patch marks the history). */
function withFamilyOrigin(input: ReferralWorkflowInput): NewReferral {
  if (input.origin === undefined || patched(familyOriginPatch)) return input;
  const { origin: _origin, dossierNumber: _number, ...professional } = input;
  return professional;
}

/** The dossier version a command stores: a new version, or the one the physician completed. */
function storedDossierOf(command: ReferralCommand): DraftDossier | undefined {
  if (command.type === 'updateDossier' || command.type === 'completeByPhysician') return command.dossier;
  return undefined;
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

/** A step the case's clock takes, not a person: nobody waits on its answer. */
function isDeadlineStep(command: ReferralCommand): boolean {
  return command.type === 'dueDeadlines' || command.type === 'deadline';
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
