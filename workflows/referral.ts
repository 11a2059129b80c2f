import type { UpdateDefinition } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { answerReminderDelayMs } from '../domain/deadlines.ts';
import { errorCatalogue } from '../domain/errors.ts';
import {
  createReferral,
  decide,
  isReferralClosed,
  type NewReferral,
  type ReferralCommand,
  type ReferralState,
  tasksAwaitingAnswer,
} from '../domain/referral-state.ts';
import {
  acceptTask,
  cancelReferral,
  chooseFacility,
  confirmAdmission,
  referralStateQuery,
  refuseTask,
  sendReferral,
} from './referral-contract.ts';
import { referralStatusKey } from './search-attributes.ts';

const { projectReferral, enqueueMessages } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One referral, from draft to closure: it is sent to every chosen facility, waits for their
 * answers (reminding those who stay silent), lets the requester choose one accepting facility,
 * withdraws the others, and ends when the admission is confirmed or the case is cancelled.
 */
export async function referralWorkflow(input: NewReferral): Promise<ReferralState> {
  const { workflowId } = workflowInfo();
  const created = createReferral(input, nowIso());
  let state = created.state;

  async function apply(command: ReferralCommand): Promise<ReferralState> {
    const decision = decide(state, command, nowIso());
    if (!decision.ok) throw refusal(decision.code);
    state = decision.state;
    updateStatusAttribute(state);
    // The projection and the messages are done before the caller hears back, so its next read sees them.
    await projectReferral({ state: decision.state, events: decision.events });
    await enqueueMessages({ workflowId, state: decision.state, events: decision.events });
    return decision.state;
  }

  function handle<Args extends object>(
    update: UpdateDefinition<ReferralState, [Args]>,
    toCommand: (args: Args) => ReferralCommand,
  ): void {
    setHandler(update, (args) => apply(toCommand(args)), {
      validator: (args) => {
        const decision = decide(state, toCommand(args), nowIso());
        if (!decision.ok) throw refusal(decision.code);
      },
    });
  }

  handle(sendReferral, (args) => ({ type: 'send', ...args }));
  handle(acceptTask, (args) => ({ type: 'accept', ...args }));
  handle(refuseTask, (args) => ({ type: 'refuse', ...args }));
  handle(chooseFacility, (args) => ({ type: 'choose', ...args }));
  handle(confirmAdmission, (args) => ({ type: 'confirmAdmission', ...args }));
  handle(cancelReferral, (args) => ({ type: 'cancel', ...args }));
  setHandler(referralStateQuery, () => state);

  await projectReferral({ state, events: created.events });

  while (!isReferralClosed(state.status)) {
    const nextReminder = nextAnswerReminder(state);
    if (!nextReminder) {
      const seenSeq = state.lastSeq;
      await condition(() => state.lastSeq !== seenSeq);
      continue;
    }
    const seenSeq = state.lastSeq;
    const changed = await condition(() => state.lastSeq !== seenSeq, Math.max(nextReminder.dueAt - Date.now(), 1));
    if (!changed) await apply({ type: 'remind', taskId: nextReminder.taskId });
  }

  await condition(allHandlersFinished);
  return state;
}

/** The earliest facility still silent past its reminder deadline and not yet reminded. */
function nextAnswerReminder(state: ReferralState): { taskId: string; dueAt: number } | undefined {
  const delay = answerReminderDelayMs(state.kind);
  return tasksAwaitingAnswer(state)
    .filter((task) => !task.remindedAt && task.sentAt)
    .map((task) => ({ taskId: task.taskId, dueAt: Date.parse(task.sentAt ?? '') + delay }))
    .sort((a, b) => a.dueAt - b.dueAt)[0];
}

function updateStatusAttribute(state: ReferralState): void {
  // Only workflows started with search attributes carry them (the time-skipping test server has none).
  if (workflowInfo().typedSearchAttributes.get(referralStatusKey) === undefined) return;
  upsertSearchAttributes([{ key: referralStatusKey, value: state.status }]);
}

function refusal(code: keyof typeof errorCatalogue): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message: errorCatalogue[code].message, nonRetryable: true });
}

function nowIso(): string {
  return new Date().toISOString();
}
