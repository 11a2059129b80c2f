import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { facilities, facilityMemberships, outboxMessages, users } from '../../db/schema.ts';
import type { FacilityTaskStatus } from '../../domain/referral/facility-task.ts';
import { type RefusalReason, refusalReasonValues } from '../../domain/referral/refusal-reasons.ts';
import type { ReferralState, ReferralStatus } from '../../domain/referral/state.ts';
import {
  type ApiAnswer,
  addressBook,
  caseProblems,
  codeOf,
  duplicateMessages,
  inPool,
  isTornAnswer,
  refusalProblem,
  requesterAnswerProblem,
} from '../support/case-checks.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { generator, type Rng } from '../support/seeded-random.ts';

/**
 * Many cases at once, as on a busy Monday: 200 cases, each sent to 5 of 24 EHPADs, answered at
 * random (accord, refus, liste d’attente, demande d’informations, silence), some chosen then
 * admitted or found impossible, some cancelled — a few while the answers are still coming in.
 * Two workers share the task queue. Every case is then checked against what its own commands
 * should have done, against the workflow's own state, and for messages sent exactly once.
 *
 * The plan of every case comes from a seeded generator (PARCOURS_MANY_CASES_SEED to replay one);
 * only the interleaving of the cases and of the racing cancellations depends on timing.
 */

const seed = Number(process.env.PARCOURS_MANY_CASES_SEED ?? 20_261_126);
const caseCount = 200;
const facilitiesPerCase = 5;
const facilityCount = 24;
/** Cases in flight at once: enough to interleave many workflows, few enough for a 2-core machine. */
const inFlight = Number(process.env.PARCOURS_MANY_CASES_IN_FLIGHT ?? 30);

type Answer =
  | { kind: 'accept'; proposedEntryDate: string; placeHeldUntil?: string }
  | { kind: 'refuse'; reasonCode: RefusalReason; comment?: string }
  | { kind: 'waitlist' }
  | { kind: 'info'; afterAnswer: 'accept' | 'refuse' | 'nothing'; proposedEntryDate: string }
  | { kind: 'silent' };

type Ending =
  | { kind: 'none' }
  /** Cancelled while the facilities are answering. */
  | { kind: 'cancel_racing' }
  | { kind: 'cancel_after' }
  | {
      kind: 'choose';
      first: number;
      next: 'confirm' | 'wait' | 'impossible';
      /** After an impossible admission: choose another accepted facility and confirm, or cancel. */
      second?: number;
      cancelAfterImpossible?: boolean;
    };

interface CasePlan {
  index: number;
  facilityIndexes: number[];
  patient: { lastName: string; firstName: string; birthDate: string; sex: 'female' | 'male'; departement: string };
  answers: Answer[];
  ending: Ending;
}

const lastNames = ['Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon'];
const firstNames = ['Jeanne', 'Marie', 'Louise', 'Paulette', 'Henri', 'Marcel', 'René', 'Yvonne', 'Lucien', 'Odette'];

/** A day within the year after `fromDays` ahead (entry dates cannot be past nor beyond two years). */
/** Proposed entries lie weeks ahead: the person is admitted as entered today (not refused as too early). */
const entered = { actualEntryDate: inDays(0) };

function date(rng: Rng, fromDays: number): string {
  return inDays(fromDays + 1 + rng.int(12) * 28 + rng.int(28));
}

/** A day of `year` (birth dates). */
function dayOfYear(rng: Rng, year: number): string {
  return `${year}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
}

function planAnswer(rng: Rng): Answer {
  const roll = rng.next();
  if (roll < 0.3) {
    const proposedEntryDate = date(rng, 0);
    // A place is held until the proposed entry at the latest.
    const held = date(rng, 0);
    // ISO days compare as strings: the earlier of the two.
    const placeHeldUntil = [held, proposedEntryDate].sort()[0];
    return rng.chance(0.3)
      ? { kind: 'accept', proposedEntryDate, placeHeldUntil }
      : { kind: 'accept', proposedEntryDate };
  }
  if (roll < 0.5) {
    const reasonCode = rng.pick(refusalReasonValues);
    return reasonCode === 'other'
      ? { kind: 'refuse', reasonCode, comment: 'Projet de vie non compatible avec l’unité.' }
      : { kind: 'refuse', reasonCode };
  }
  if (roll < 0.65) return { kind: 'waitlist' };
  if (roll < 0.8) {
    return {
      kind: 'info',
      afterAnswer: rng.pick(['accept', 'refuse', 'nothing'] as const),
      proposedEntryDate: date(rng, 0),
    };
  }
  return { kind: 'silent' };
}

function planCase(rng: Rng, index: number): CasePlan {
  const facilityIndexes: number[] = [];
  while (facilityIndexes.length < facilitiesPerCase) {
    const candidate = rng.int(facilityCount);
    if (!facilityIndexes.includes(candidate)) facilityIndexes.push(candidate);
  }
  const answers = facilityIndexes.map(() => planAnswer(rng));
  const willAccept = answers.flatMap((answer, task) =>
    answer.kind === 'accept' || (answer.kind === 'info' && answer.afterAnswer === 'accept') ? [task] : [],
  );
  const patient = {
    lastName: rng.pick(lastNames),
    firstName: rng.pick(firstNames),
    birthDate: dayOfYear(rng, 1925 + rng.int(20)),
    sex: rng.pick(['female', 'male'] as const),
    departement: '69',
  };
  const roll = rng.next();
  let ending: Ending = { kind: 'none' };
  if (roll < 0.12) ending = { kind: 'cancel_racing' };
  else if (roll < 0.2) ending = { kind: 'cancel_after' };
  else if (willAccept.length > 0 && rng.chance(0.75)) {
    const first = rng.pick(willAccept);
    const nextRoll = rng.next();
    const next = nextRoll < 0.55 ? 'confirm' : nextRoll < 0.8 ? 'impossible' : 'wait';
    const others = willAccept.filter((task) => task !== first);
    ending = { kind: 'choose', first, next };
    if (next === 'impossible') {
      if (others.length > 0 && rng.chance(0.7)) ending.second = rng.pick(others);
      else ending.cancelAfterImpossible = rng.chance(0.4);
    }
  }
  return { index, facilityIndexes, patient, answers, ending };
}

/** What the commands answered 200 must have done: the case as the test expects it. */
class ExpectedCase {
  status: ReferralStatus = 'sent';
  tasks: FacilityTaskStatus[];
  private cancelledByChoice = new Map<number, FacilityTaskStatus>();

  constructor(taskCount: number) {
    this.tasks = Array.from({ length: taskCount }, () => 'sent' as FacilityTaskStatus);
  }

  private static open(status: FacilityTaskStatus): boolean {
    return !['refused', 'admitted', 'admission_impossible', 'cancelled'].includes(status);
  }

  set(task: number, status: FacilityTaskStatus): void {
    this.tasks[task] = status;
  }
  cancel(): void {
    this.tasks = this.tasks.map((status) => (ExpectedCase.open(status) ? 'cancelled' : status));
    this.status = 'cancelled';
  }
  choose(chosen: number): void {
    this.cancelledByChoice.clear();
    this.tasks = this.tasks.map((status, task) => {
      if (task === chosen) return 'chosen';
      if (!ExpectedCase.open(status)) return status;
      this.cancelledByChoice.set(task, status);
      return 'cancelled';
    });
    this.status = 'facility_chosen';
  }
  admit(chosen: number): void {
    this.tasks[chosen] = 'admitted';
    this.status = 'admitted';
  }
  impossible(chosen: number): void {
    this.tasks[chosen] = 'admission_impossible';
    for (const [task, before] of this.cancelledByChoice) this.tasks[task] = before;
    this.cancelledByChoice.clear();
    this.status = 'sent';
  }
}

interface CaseRun {
  plan: CasePlan;
  caseId?: string;
  taskIds: string[];
  calls: { what: string; answer: ApiAnswer; allowed: readonly string[] }[];
  expected: ExpectedCase;
  /** What the requester saw wrong in an answer, if anything. */
  notes: string[];
}

let platform: TestPlatform;
const workers: RunningWorker[] = [];
let physician: string;
let facilityIds: string[] = [];
let members: string[] = [];
let runs: CaseRun[] = [];
let checks: { run: CaseRun; problems: string[]; state: ReferralState }[] = [];
let outbox: (typeof outboxMessages.$inferSelect)[] = [];
const timing = { startMs: 0, runMs: 0, checkMs: 0, peak: 0 };

async function createParticipants(tag: string): Promise<void> {
  physician = randomUUID();
  await platform.db.insert(users).values({
    id: physician,
    role: 'physician',
    displayName: `Dr Charge ${tag}`,
    email: `medecin+${tag}@test.parcours.local`,
  });
  const rows = await platform.db
    .insert(facilities)
    .values(
      Array.from({ length: facilityCount }, (_, index) => ({
        name: `EHPAD CHARGE ${tag} N°${index + 1}`,
        kind: 'ehpad',
        departement: '69',
        commune: 'Lyon',
        email: `admissions+charge-${tag}-${index + 1}@test.parcours.local`,
        isDemo: true,
      })),
    )
    .returning({ id: facilities.id });
  facilityIds = rows.map((row) => row.id);
  members = facilityIds.map(() => randomUUID());
  await platform.db.insert(users).values(
    members.map((id, index) => ({
      id,
      role: 'facility_member',
      displayName: `Admissions charge ${index + 1}`,
      email: `membre+charge-${tag}-${index + 1}@test.parcours.local`,
    })),
  );
  await platform.db
    .insert(facilityMemberships)
    .values(members.map((userId, index) => ({ userId, facilityId: facilityIds[index] as string, role: 'manager' })));
}

async function runCase(plan: CasePlan): Promise<CaseRun> {
  const run: CaseRun = { plan, taskIds: [], calls: [], expected: new ExpectedCase(facilitiesPerCase), notes: [] };
  const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
    as: physician,
    body: {
      kind: 'ehpad',
      patient: plan.patient,
      dossier: completeDossier('ehpad'),
      confirmNotDuplicate: true,
      facilityIds: plan.facilityIndexes.map((index) => facilityIds[index]),
    },
  });
  run.calls.push({ what: 'create', answer: created, allowed: [] });
  const hole = requesterAnswerProblem(created);
  if (hole) run.notes.push(`create ${hole}`);
  if (created.status !== 201) return run;
  const caseId = created.body.id;
  run.caseId = caseId;
  if (created.body.status !== 'sent') run.notes.push(`creation answered with status ${created.body.status}`);
  run.taskIds = plan.facilityIndexes.map(
    (index) => created.body.tasks.find((task) => task.facility.id === facilityIds[index])?.id ?? '',
  );
  const racing = plan.ending.kind === 'cancel_racing';
  // While a cancellation races, any answer may come too late; otherwise every command must pass.
  const allowed = racing ? (['referral.already_closed'] as const) : ([] as const);

  const call = async (what: string, path: string, as: string, body?: unknown, codes: readonly string[] = allowed) => {
    const answer = await platform.api('POST', `/api/referrals/${caseId}${path}`, {
      as,
      ...(body === undefined ? {} : { body }),
    });
    run.calls.push({ what, answer, allowed: codes });
    // The requester's answers show the whole story of the case.
    const hole = as === physician ? requesterAnswerProblem(answer) : undefined;
    if (hole) run.notes.push(`${what} ${hole}`);
    return answer.status === 200;
  };
  const taskPath = (task: number, action: string) => `/tasks/${run.taskIds[task]}/${action}`;
  const memberOf = (task: number) => members[plan.facilityIndexes[task] as number] as string;

  const answerChain = async (answer: Answer, task: number) => {
    const as = memberOf(task);
    switch (answer.kind) {
      case 'accept': {
        const body = {
          proposedEntryDate: answer.proposedEntryDate,
          ...(answer.placeHeldUntil ? { placeHeldUntil: answer.placeHeldUntil } : {}),
        };
        if (await call(`accept#${task}`, taskPath(task, 'accept'), as, body)) run.expected.set(task, 'accepted');
        return;
      }
      case 'refuse': {
        const body = { reasonCode: answer.reasonCode, ...(answer.comment ? { comment: answer.comment } : {}) };
        if (await call(`refuse#${task}`, taskPath(task, 'refuse'), as, body)) run.expected.set(task, 'refused');
        return;
      }
      case 'waitlist':
        if (await call(`waitlist#${task}`, taskPath(task, 'waitlist'), as, {})) run.expected.set(task, 'waitlisted');
        return;
      case 'info': {
        const question = 'Merci de préciser le traitement en cours et la mesure de protection.';
        if (!(await call(`request-info#${task}`, taskPath(task, 'request-info'), as, { question }))) return;
        run.expected.set(task, 'info_requested');
        const reply = { answer: 'Traitement inchangé depuis six mois ; pas de mesure de protection.' };
        if (!(await call(`answer-info#${task}`, taskPath(task, 'answer-info'), physician, reply))) return;
        run.expected.set(task, 'read');
        if (answer.afterAnswer === 'accept') {
          const body = { proposedEntryDate: answer.proposedEntryDate };
          if (await call(`accept#${task}`, taskPath(task, 'accept'), as, body)) run.expected.set(task, 'accepted');
        } else if (answer.afterAnswer === 'refuse') {
          if (await call(`refuse#${task}`, taskPath(task, 'refuse'), as, { reasonCode: 'admission_criteria' }))
            run.expected.set(task, 'refused');
        }
        return;
      }
      case 'silent':
        return;
    }
  };

  const cancel = (codes: readonly string[] = []) =>
    call('cancel', '/cancel', physician, { reason: 'La personne a trouvé une solution à domicile.' }, codes);
  const chains = plan.answers.map((answer, task) => answerChain(answer, task));
  if (racing) {
    // Every answer taken before the cancellation stays in the story; the cancellation itself cannot lose.
    const [cancelled] = await Promise.all([cancel(), ...chains]);
    if (cancelled) run.expected.cancel();
    return run;
  }
  await Promise.all(chains);

  const ending = plan.ending;
  if (ending.kind === 'cancel_after') {
    if (await cancel()) run.expected.cancel();
  } else if (ending.kind === 'choose') {
    const choose = async (task: number) => {
      if (await call(`choose#${task}`, '/choose', physician, { taskId: run.taskIds[task] })) run.expected.choose(task);
    };
    await choose(ending.first);
    if (ending.next === 'confirm') {
      if (
        await call(
          `confirm#${ending.first}`,
          taskPath(ending.first, 'confirm-admission'),
          memberOf(ending.first),
          entered,
        )
      )
        run.expected.admit(ending.first);
    } else if (ending.next === 'impossible') {
      const reason = { reason: 'La chambre prévue n’est finalement pas disponible.' };
      const member = memberOf(ending.first);
      if (await call(`impossible#${ending.first}`, taskPath(ending.first, 'admission-impossible'), member, reason))
        run.expected.impossible(ending.first);
      if (ending.second !== undefined) {
        await choose(ending.second);
        const second = ending.second;
        if (await call(`confirm#${second}`, taskPath(second, 'confirm-admission'), memberOf(second), entered))
          run.expected.admit(second);
      } else if (ending.cancelAfterImpossible) {
        if (await cancel()) run.expected.cancel();
      }
    }
  }
  return run;
}

const allowedFinal: ReferralStatus[] = ['sent', 'facility_chosen', 'admitted', 'cancelled'];

/**
 * Bounds sized on the 2-core machine while a second full `npm test` ran beside this one: the
 * platform's start took 1.7–5.6 s there (its hook allows for a slow embedded server), the 200 cases
 * 275–527 s and their checks 40–65 s (75 s in all on a quiet machine); the run's bound leaves
 * about twice the worst.
 */
const platformStartTimeoutMs = 180_000;
const loadRunTimeoutMs = 1_200_000;

beforeAll(async () => {
  const startedAt = Date.now();
  platform = await createTestPlatform();
  // Two workers on one task queue: workflow tasks and activities of a case may run on either.
  workers.push(await platform.startWorker(), await platform.startWorker());
  timing.startMs = Date.now() - startedAt;
}, platformStartTimeoutMs);

beforeAll(async () => {
  const tag = randomUUID().slice(0, 8);
  await createParticipants(tag);

  const rng = generator(seed);
  const plans = Array.from({ length: caseCount }, (_, index) => planCase(rng, index));
  const started = Date.now();
  const ran = await inPool(plans, inFlight, runCase);
  runs = ran.results;
  timing.peak = ran.peak;
  timing.runMs = Date.now() - started;

  const checkStarted = Date.now();
  const addresses = await addressBook(platform, { facilityIds, userIds: [physician] });
  const created = runs.filter((run) => run.caseId);
  checks = (
    await inPool(created, 20, async (run) => {
      const { problems, state } = await caseProblems(platform, run.caseId as string, physician, addresses);
      return { run, problems, state };
    })
  ).results;
  outbox = await platform.db
    .select()
    .from(outboxMessages)
    .where(
      inArray(
        outboxMessages.referralId,
        created.map((run) => run.caseId as string),
      ),
    );
  timing.checkMs = Date.now() - checkStarted;

  const byStatus: Record<string, number> = {};
  for (const { state } of checks) byStatus[state.status] = (byStatus[state.status] ?? 0) + 1;
  const refusals: Record<string, number> = {};
  for (const run of runs)
    for (const { answer } of run.calls)
      if (answer.status !== 200 && answer.status !== 201) {
        const key = `${answer.status} ${codeOf(answer) ?? ''}`.trim();
        refusals[key] = (refusals[key] ?? 0) + 1;
      }
  const commands = runs.reduce((sum, run) => sum + run.calls.length, 0);
  const torn = runs.reduce((sum, run) => sum + run.calls.filter(({ answer }) => isTornAnswer(answer)).length, 0);
  console.log(
    `many-cases seed=${seed}: ${checks.length}/${caseCount} cases, ${commands} commands, ` +
      `final ${JSON.stringify(byStatus)}, refusals ${JSON.stringify(refusals)}, ${outbox.length} messages, ` +
      `${torn} answers read across a concurrent command; ` +
      `platform start ${(timing.startMs / 1000).toFixed(1)} s, ` +
      `run ${(timing.runMs / 1000).toFixed(1)} s with ≤${timing.peak} in flight, checks ${(timing.checkMs / 1000).toFixed(1)} s`,
  );
}, loadRunTimeoutMs);

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await platform?.close();
});

/** At most a screenful of problems, with how many there are. */
function firstProblems(problems: string[]): string[] {
  return problems.length > 30 ? [...problems.slice(0, 30), `… and ${problems.length - 30} more`] : problems;
}

describe(`${caseCount} concurrent cases through the API, 5 facilities each (seed ${seed})`, () => {
  it('creates every case and answers every command with its new state or a clear refusal, never an error', () => {
    const problems = runs.flatMap((run) =>
      run.calls.flatMap(({ what, answer, allowed }) => {
        if (what === 'create') return answer.status === 201 ? [] : [`case ${run.plan.index} create: ${answer.status}`];
        const problem = refusalProblem(answer, allowed);
        return problem ? [`case ${run.plan.index} (${run.caseId?.slice(0, 8)}) ${what}: ${problem}`] : [];
      }),
    );
    expect(firstProblems(problems)).toEqual([]);
    expect(checks).toHaveLength(caseCount);
  });

  it('leaves every case in a status the rules allow, with exactly what its accepted commands did', () => {
    const problems = checks.flatMap(({ run, state }) => {
      const found: string[] = [];
      const label = `case ${run.plan.index} (${run.caseId?.slice(0, 8)}, ${run.plan.ending.kind})`;
      if (!allowedFinal.includes(state.status)) found.push(`${label}: status ${state.status}`);
      if (state.status !== run.expected.status)
        found.push(`${label}: ${state.status}, expected ${run.expected.status}`);
      const actual = run.taskIds.map((taskId) => state.tasks.find((task) => task.taskId === taskId)?.status);
      if (JSON.stringify(actual) !== JSON.stringify(run.expected.tasks)) {
        found.push(`${label}: tasks ${actual.join(',')}, expected ${run.expected.tasks.join(',')}`);
      }
      return found;
    });
    expect(firstProblems(problems)).toEqual([]);
  });

  it('shows in the read model what each workflow holds (status, tasks, version), with a complete timeline and each message once', () => {
    const problems = checks.flatMap((check) => [
      ...check.run.notes.map((note) => `${check.run.caseId?.slice(0, 8)}: ${note}`),
      ...check.problems,
    ]);
    expect(firstProblems(problems)).toEqual([]);
  });

  it('never sends a facility or the requester the same message twice, across all cases', () => {
    expect(firstProblems(duplicateMessages(outbox))).toEqual([]);
    // Every facility addressed heard of its request exactly once.
    const newRequests = outbox.filter((message) => message.template === 'facility_new_request');
    expect(newRequests).toHaveLength(checks.length * facilitiesPerCase);
  });
});
