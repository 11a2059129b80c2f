import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import {
  type ApiAnswer,
  addressBook,
  caseProblems,
  codeOf,
  isTornAnswer,
  refusalProblem,
  requesterAnswerProblem,
} from '../support/case-checks.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';

/**
 * Commands that race on one case — two browser tabs, two facilities, a requester changing their
 * mind — must leave one consistent story: each caller gets the new state or a clear refusal (409,
 * stable code, French message), never a 500; the read model tells what the workflow holds; the
 * timeline has no hole; each message goes out once. Races depend on timing: each runs several rounds.
 */

let platform: TestPlatform;
let worker: RunningWorker;
let addresses: Map<string, string>;
const ids = { berthet: '', elisabeth: '', sixieme: '' };
const members = { berthet: demo.berthetMember, elisabeth: demo.elisabethMember, sixieme: demo.sixiemeMember };
type Facility = keyof typeof ids;

const rounds = [1, 2, 3, 4, 5];
const outcomes: Record<string, string[]> = {};

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
  [ids.berthet, ids.elisabeth, ids.sixieme] = await Promise.all([
    platform.facilityId(demoFiness.berthet),
    platform.facilityId(demoFiness.elisabeth),
    platform.facilityId(demoFiness.sixieme),
  ]);
  addresses = await addressBook(platform, { facilityIds: Object.values(ids), userIds: [demo.physician] });
});
afterAll(async () => {
  // Which interleavings the rounds met, to see that the races were really run both ways.
  for (const [race, seen] of Object.entries(outcomes)) console.log(`${race}: ${seen.join(' | ')}`);
  await worker?.stop();
  await platform?.close();
});

interface Case {
  id: string;
  task: Record<Facility, string>;
}

async function newCase(facilityNames: Facility[], round: number): Promise<Case> {
  const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
    as: demo.physician,
    body: {
      kind: 'ehpad',
      patient: { lastName: 'Concurrence', firstName: `Manche${round}`, birthDate: '1937-05-18', sex: 'female' },
      dossier: completeDossier('ehpad'),
      confirmNotDuplicate: true,
      facilityIds: facilityNames.map((name) => ids[name]),
    },
  });
  expect(created.status).toBe(201);
  expect(requesterAnswerProblem(created), 'the new case, as its requester sees it').toBeUndefined();
  const task = {} as Record<Facility, string>;
  for (const name of facilityNames) {
    const found = created.body.tasks.find((candidate) => candidate.facility.id === ids[name]);
    if (!found) throw new Error(`no task for ${name}`);
    task[name] = found.id;
  }
  return { id: created.body.id, task };
}

const accept = (referral: Case, name: Facility, proposedEntryDate = inDays(90)) =>
  platform.api<ReferralDetail>('POST', `/api/referrals/${referral.id}/tasks/${referral.task[name]}/accept`, {
    as: members[name],
    body: { proposedEntryDate },
  });
const choose = (referral: Case, name: Facility) =>
  platform.api<ReferralDetail>('POST', `/api/referrals/${referral.id}/choose`, {
    as: demo.physician,
    body: { taskId: referral.task[name] },
  });
const cancel = (referral: Case) =>
  platform.api<ReferralDetail>('POST', `/api/referrals/${referral.id}/cancel`, {
    as: demo.physician,
    body: { reason: 'La personne reste finalement à domicile.' },
  });

/** Every answer is the new state or a clear refusal; the requester's answers tell the whole story. */
function expectClearAnswers(
  answers: Record<string, ApiAnswer>,
  allowedCodes: readonly string[],
  requesterAnswers: readonly string[],
): void {
  const problems = Object.entries(answers).flatMap(([who, answer]) => {
    const problem =
      refusalProblem(answer, allowedCodes) ??
      (requesterAnswers.includes(who) ? requesterAnswerProblem(answer) : undefined);
    return problem ? [`${who}: ${problem}`] : [];
  });
  expect(problems).toEqual([]);
}

function outcome(race: string, answers: Record<string, ApiAnswer>): void {
  const line = Object.entries(answers)
    .map(
      ([who, answer]) =>
        `${who} ${answer.status === 200 ? 200 : codeOf(answer)}${isTornAnswer(answer) ? ' (torn read)' : ''}`,
    )
    .join(', ');
  outcomes[race] = [...(outcomes[race] ?? []), line];
}

async function expectConsistent(referral: Case) {
  const checked = await caseProblems(platform, referral.id, demo.physician, addresses);
  expect(checked.problems).toEqual([]);
  return checked;
}

function messagesTo(messages: { template: string; recipientAddress: string }[], template: string, facility: Facility) {
  return messages.filter(
    (message) =>
      message.template === template && message.recipientAddress === addresses.get(`facility:${ids[facility]}`),
  ).length;
}

describe('two facilities accept while the requester cancels', () => {
  it.for(rounds)('round %i: the cancellation wins, every request is withdrawn once', async (round) => {
    const referral = await newCase(['berthet', 'elisabeth', 'sixieme'], round);
    const [berthet, elisabeth, cancelled] = await Promise.all([
      accept(referral, 'berthet'),
      accept(referral, 'elisabeth'),
      cancel(referral),
    ]);
    const answers = { berthet, elisabeth, cancel: cancelled };
    outcome('accept+accept+cancel', answers);
    expectClearAnswers(answers, ['referral.already_closed', 'task.invalid_transition'], ['cancel']);
    // Cancelling an open case is always possible: it cannot lose to an answer.
    expect(cancelled.status).toBe(200);

    const { state, detail } = await expectConsistent(referral);
    expect(state.status).toBe('cancelled');
    expect(state.tasks.map((task) => task.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // An acceptance the facility was told about is in the story, before the cancellation; a refused one is not.
    const acceptedTasks = detail.timeline.filter((event) => event.type === 'task.accepted').map((e) => e.taskId);
    expect(acceptedTasks.sort()).toEqual(
      (['berthet', 'elisabeth'] as const)
        .filter((name) => answers[name].status === 200)
        .map((name) => referral.task[name])
        .sort(),
    );
    const cancelledAt = detail.timeline.find((event) => event.type === 'referral.cancelled')?.seq ?? 0;
    expect(detail.timeline.at(-1)?.seq).toBe(cancelledAt);

    const messages = await platform.messagesOf(referral.id);
    for (const name of ['berthet', 'elisabeth', 'sixieme'] as const) {
      expect(messagesTo(messages, 'facility_new_request', name), name).toBe(1);
      expect(messagesTo(messages, 'facility_request_withdrawn', name), name).toBe(1);
    }
  });
});

describe('the requester chooses two different accepted facilities at once (two tabs)', () => {
  it.for(rounds)('round %i: exactly one choice wins, the other is told a choice was made', async (round) => {
    const referral = await newCase(['berthet', 'elisabeth'], round);
    expect((await accept(referral, 'berthet')).status).toBe(200);
    expect((await accept(referral, 'elisabeth')).status).toBe(200);

    const [berthet, elisabeth] = await Promise.all([choose(referral, 'berthet'), choose(referral, 'elisabeth')]);
    const answers = { chooseBerthet: berthet, chooseElisabeth: elisabeth };
    outcome('choose+choose', answers);
    expectClearAnswers(answers, ['referral.choice_already_made'], ['chooseBerthet', 'chooseElisabeth']);
    expect([berthet.status, elisabeth.status].sort()).toEqual([200, 409]);
    const winner: Facility = berthet.status === 200 ? 'berthet' : 'elisabeth';
    const loser: Facility = winner === 'berthet' ? 'elisabeth' : 'berthet';

    const { state } = await expectConsistent(referral);
    expect(state.status).toBe('facility_chosen');
    const statusOf = (name: Facility) => state.tasks.find((task) => task.taskId === referral.task[name]);
    expect(statusOf(winner)?.status).toBe('chosen');
    expect(statusOf(loser)).toMatchObject({ status: 'cancelled', cancellationReason: 'admitted_elsewhere' });
    const messages = await platform.messagesOf(referral.id);
    expect(messagesTo(messages, 'facility_chosen', winner)).toBe(1);
    expect(messagesTo(messages, 'facility_chosen', loser)).toBe(0);
    expect(messagesTo(messages, 'facility_request_withdrawn', loser)).toBe(1);
    expect(messagesTo(messages, 'facility_request_withdrawn', winner)).toBe(0);
  });
});

describe('the same acceptance sent twice at once (double click)', () => {
  it.for(rounds)('round %i: one is taken, the other refused, the requester hears once', async (round) => {
    const referral = await newCase(['berthet', 'elisabeth'], round);
    const [first, second] = await Promise.all([
      accept(referral, 'berthet', inDays(120)),
      accept(referral, 'berthet', inDays(121)),
    ]);
    const answers = { first, second };
    outcome('accept×2', answers);
    expectClearAnswers(answers, ['task.invalid_transition'], []);
    expect([first.status, second.status].sort()).toEqual([200, 409]);

    const { state, detail } = await expectConsistent(referral);
    expect(state.status).toBe('sent');
    const task = state.tasks.find((candidate) => candidate.taskId === referral.task.berthet);
    // The date kept is the one of the call that was answered 200.
    expect(task).toMatchObject({
      status: 'accepted',
      proposedEntryDate: first.status === 200 ? inDays(120) : inDays(121),
    });
    expect(detail.timeline.filter((event) => event.type === 'task.accepted')).toHaveLength(1);
    const messages = await platform.messagesOf(referral.id);
    expect(messages.filter((message) => message.template === 'requester_answer_received')).toHaveLength(1);
  });
});

describe('the chosen facility confirms the admission while the requester cancels', () => {
  it.for(rounds)('round %i: one closes the case, the other is told it is closed', async (round) => {
    const referral = await newCase(['berthet', 'elisabeth'], round);
    // An entry within the days an admission may be confirmed ahead.
    expect((await accept(referral, 'berthet', inDays(3))).status).toBe(200);
    expect((await choose(referral, 'berthet')).status).toBe(200);

    const [admitted, cancelled] = await Promise.all([
      platform.api('POST', `/api/referrals/${referral.id}/tasks/${referral.task.berthet}/confirm-admission`, {
        as: demo.berthetMember,
      }),
      cancel(referral),
    ]);
    const answers = { admit: admitted, cancel: cancelled };
    outcome('admit+cancel', answers);
    expectClearAnswers(answers, ['referral.already_closed'], ['cancel']);
    expect([admitted.status, cancelled.status].sort()).toEqual([200, 409]);

    const { state } = await expectConsistent(referral);
    expect(state.status).toBe(admitted.status === 200 ? 'admitted' : 'cancelled');
    const berthet = state.tasks.find((task) => task.taskId === referral.task.berthet);
    expect(berthet?.status).toBe(admitted.status === 200 ? 'admitted' : 'cancelled');
    const messages = await platform.messagesOf(referral.id);
    // Admitted: nobody is told of a withdrawal they did not get; cancelled: the chosen facility is told once.
    expect(messagesTo(messages, 'facility_request_withdrawn', 'berthet')).toBe(admitted.status === 200 ? 0 : 1);
    expect(messagesTo(messages, 'facility_request_withdrawn', 'elisabeth')).toBe(1);
  });
});

describe('the requester chooses a facility while it takes back its acceptance', () => {
  it.for(rounds)('round %i: either the choice or the refusal stands, never both', async (round) => {
    const referral = await newCase(['berthet', 'elisabeth'], round);
    expect((await accept(referral, 'berthet')).status).toBe(200);

    const [chosen, refused] = await Promise.all([
      choose(referral, 'berthet'),
      platform.api('POST', `/api/referrals/${referral.id}/tasks/${referral.task.berthet}/refuse`, {
        as: demo.berthetMember,
        body: { reasonCode: 'no_place', comment: 'La place a été attribuée entre-temps.' },
      }),
    ]);
    const answers = { choose: chosen, refuse: refused };
    outcome('choose+refuse', answers);
    expectClearAnswers(answers, ['task.not_accepted', 'task.invalid_transition'], ['choose']);
    expect([chosen.status, refused.status].sort()).toEqual([200, 409]);
    if (chosen.status === 409) expect(codeOf(chosen)).toBe('task.not_accepted');
    if (refused.status === 409) expect(codeOf(refused)).toBe('task.invalid_transition');

    const { state } = await expectConsistent(referral);
    const statuses = Object.fromEntries(state.tasks.map((task) => [task.taskId, task.status]));
    if (chosen.status === 200) {
      expect(state.status).toBe('facility_chosen');
      expect(statuses).toEqual({ [referral.task.berthet]: 'chosen', [referral.task.elisabeth]: 'cancelled' });
    } else {
      expect(state.status).toBe('sent');
      expect(statuses).toEqual({ [referral.task.berthet]: 'refused', [referral.task.elisabeth]: 'sent' });
    }
  });
});
