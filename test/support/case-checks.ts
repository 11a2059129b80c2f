import { inArray } from 'drizzle-orm';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { facilities, users } from '../../db/schema.ts';
import { errorCatalogue, isErrorCode } from '../../domain/errors.ts';
import { isTaskOpen } from '../../domain/referral/facility-task.ts';
import { type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { referralStateQuery } from '../../workflows/referral-contract.ts';
import type { TestPlatform } from './platform.ts';
import { waitFor } from './wait-for.ts';

/**
 * What a user (and an operator) checks about a case after commands raced on it: the read model
 * tells the workflow's own story, the timeline has no hole, and every message went out exactly once.
 * Each check returns readable problems instead of throwing, so a bulk test can report them all.
 */

export type ApiAnswer = { status: number; body: unknown };

/** What the checks need of a platform: the API as a person, Temporal and the outbox (tests and the fault bench). */
export type CaseReader = Pick<TestPlatform, 'api' | 'client' | 'messagesOf'>;

/** A command's answer is either the new state (200) or a clear refusal (409 with a stable code, French message). */
export function refusalProblem(answer: ApiAnswer, allowedCodes: readonly string[]): string | undefined {
  if (answer.status === 200) return undefined;
  const body = answer.body as { code?: unknown; message?: unknown } | undefined;
  const code = body?.code;
  if (answer.status !== 409) return `HTTP ${answer.status} ${JSON.stringify(body)}`;
  if (!isErrorCode(code) || !allowedCodes.includes(code)) return `409 with unexpected code ${String(code)}`;
  if (body?.message !== errorCatalogue[code].message) return `409 ${code} without its French message`;
  return undefined;
}

/**
 * The requester sees the whole story of the case in every answer: events 1..version, no hole.
 * (A facility sees only the events of its own request, so its answers are not checked this way.)
 * Events past `version` are tolerated here: see `isTornAnswer`.
 */
export function requesterAnswerProblem(answer: ApiAnswer): string | undefined {
  if (answer.status !== 200 && answer.status !== 201) return undefined;
  const body = answer.body as ReferralDetail;
  const seqs = body.timeline.map((event) => event.seq);
  const contiguous = seqs.every((seq, index) => seq === index + 1);
  if (contiguous && seqs.length >= body.version) return undefined;
  return `answered ${answer.status} (${body.status}) with timeline ${compactSeqs(seqs)} for version ${body.version}`;
}

/**
 * An answer whose timeline already holds events of a command that ran at the same time, while its
 * status, tasks and version are from before them: the detail is read in several statements, not one snapshot.
 */
export function isTornAnswer(answer: ApiAnswer): boolean {
  if (answer.status !== 200 && answer.status !== 201) return false;
  const body = answer.body as ReferralDetail;
  return body.timeline.length > 0 && (body.timeline.at(-1)?.seq ?? 0) > body.version;
}

export function codeOf(answer: ApiAnswer): string | undefined {
  return (answer.body as { code?: string } | undefined)?.code;
}

export async function workflowStateOf(platform: Pick<TestPlatform, 'client'>, caseId: string): Promise<ReferralState> {
  return platform.client.workflow.getHandle(referralWorkflowId(caseId)).query(referralStateQuery);
}

/** Addresses of facilities and users, to tell who a message went to. */
export async function addressBook(
  platform: Pick<TestPlatform, 'db'>,
  ids: { facilityIds: string[]; userIds: string[] },
) {
  const book = new Map<string, string>();
  if (ids.facilityIds.length > 0) {
    const rows = await platform.db
      .select({ id: facilities.id, email: facilities.email })
      .from(facilities)
      .where(inArray(facilities.id, ids.facilityIds));
    for (const row of rows) book.set(`facility:${row.id}`, row.email);
  }
  if (ids.userIds.length > 0) {
    const rows = await platform.db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.id, ids.userIds));
    for (const row of rows) book.set(`user:${row.id}`, row.email);
  }
  return book;
}

/** The message each event must send (template, to whom), for the events these tests produce. */
const expectedMessage: Partial<Record<string, { template: string; to: 'facility' | 'requester' }>> = {
  'task.sent': { template: 'facility_new_request', to: 'facility' },
  'task.cancelled': { template: 'facility_request_withdrawn', to: 'facility' },
  'task.chosen': { template: 'facility_chosen', to: 'facility' },
  'task.reactivated': { template: 'facility_request_reactivated', to: 'facility' },
  'task.info_answered': { template: 'facility_info_answered', to: 'facility' },
  'task.accepted': { template: 'requester_answer_received', to: 'requester' },
  'task.refused': { template: 'requester_answer_received', to: 'requester' },
  'task.waitlisted': { template: 'requester_answer_received', to: 'requester' },
  'task.info_requested': { template: 'requester_answer_received', to: 'requester' },
  'task.admission_impossible': { template: 'requester_admission_impossible', to: 'requester' },
};

export interface OutboxRow {
  idempotencyKey: string;
  template: string;
  recipientAddress: string;
  referralId: string | null;
}

/** `referral/<caseId>/<seq>/<recipient>` → its parts, or undefined when the key has another shape. */
export function parseIdempotencyKey(key: string): { caseId: string; seq: number; recipient: string } | undefined {
  const match = /^referral\/([0-9a-f-]{36})\/(\d+)\/((?:facility|user):[0-9a-f-]{36})$/.exec(key);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { caseId: match[1], seq: Number(match[2]), recipient: match[3] };
}

/** Messages twice for the same (case, template, recipient, event), across any set of outbox rows. */
export function duplicateMessages(rows: OutboxRow[]): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, number>();
  const byEvent = new Map<string, number>();
  for (const row of rows) {
    byKey.set(row.idempotencyKey, (byKey.get(row.idempotencyKey) ?? 0) + 1);
    const parsed = parseIdempotencyKey(row.idempotencyKey);
    if (!parsed) {
      problems.push(`message with a malformed idempotency key ${row.idempotencyKey}`);
      continue;
    }
    if (parsed.caseId !== row.referralId) problems.push(`message ${row.idempotencyKey} filed under ${row.referralId}`);
    const event = `${parsed.caseId}/${row.template}/${row.recipientAddress}/${parsed.seq}`;
    byEvent.set(event, (byEvent.get(event) ?? 0) + 1);
  }
  for (const [key, n] of byKey) if (n > 1) problems.push(`idempotency key ${key} used ${n} times`);
  for (const [event, n] of byEvent) if (n > 1) problems.push(`${n} messages for the same event: ${event}`);
  return problems;
}

/** The task statuses a case may have, whatever the path it took. */
export function caseShapeProblems(state: Pick<ReferralState, 'status' | 'tasks'>): string[] {
  const problems: string[] = [];
  const count = (status: string) => state.tasks.filter((task) => task.status === status).length;
  const open = state.tasks.filter((task) => isTaskOpen(task.status));
  switch (state.status) {
    case 'sent':
      if (count('chosen') + count('admitted') > 0) problems.push('case still open for answers has a chosen task');
      break;
    case 'facility_chosen':
      if (count('chosen') !== 1 || count('admitted') !== 0)
        problems.push('chosen case without exactly one chosen task');
      if (open.length !== 1) problems.push(`chosen case with ${open.length - 1} other request(s) still open`);
      break;
    case 'admitted':
      if (count('admitted') !== 1 || count('chosen') !== 0)
        problems.push('admitted case without exactly one admission');
      if (open.length !== 0) problems.push(`admitted case with ${open.length} request(s) still open`);
      break;
    case 'cancelled':
      if (open.length !== 0) problems.push(`cancelled case with ${open.length} request(s) still open`);
      break;
    default:
      problems.push(`status ${state.status} is not one these commands can lead to`);
  }
  return problems;
}

/**
 * Reads the case as its requester (API), asks the workflow for its own state, reads its outbox,
 * and lists every disagreement between them.
 */
export async function caseProblems(
  platform: CaseReader,
  caseId: string,
  requesterId: string,
  addresses: Map<string, string>,
): Promise<{ problems: string[]; detail: ReferralDetail; state: ReferralState }> {
  const [read, state, messages] = await Promise.all([
    platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: requesterId }),
    workflowStateOf(platform, caseId),
    platform.messagesOf(caseId),
  ]);
  const detail = read.body;
  const problems: string[] = [];
  if (read.status !== 200) return { problems: [`GET answered ${read.status}`], detail, state };

  // The read model and the workflow agree.
  if (detail.status !== state.status) problems.push(`read model ${detail.status} ≠ workflow ${state.status}`);
  if (detail.version !== state.lastSeq)
    problems.push(`read model version ${detail.version} ≠ lastSeq ${state.lastSeq}`);
  const readTasks = Object.fromEntries(detail.tasks.map((task) => [task.id, task.status]));
  const flowTasks = Object.fromEntries(state.tasks.map((task) => [task.taskId, task.status]));
  if (JSON.stringify(sortKeys(readTasks)) !== JSON.stringify(sortKeys(flowTasks))) {
    problems.push(
      `task statuses differ: read model ${JSON.stringify(readTasks)} ≠ workflow ${JSON.stringify(flowTasks)}`,
    );
  }
  problems.push(...caseShapeProblems(state));

  // Events 1..N, N being the version.
  const seqs = detail.timeline.map((event) => event.seq);
  const expectedSeqs = Array.from({ length: state.lastSeq }, (_, index) => index + 1);
  if (JSON.stringify(seqs) !== JSON.stringify(expectedSeqs)) {
    // Tell a late projection (the hole fills up) from a lost event (it never does).
    const started = Date.now();
    const filled = await waitFor(
      'the timeline to fill up',
      async () => {
        const again = await platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: requesterId });
        const now = again.body.timeline.map((event) => event.seq);
        return JSON.stringify(now) === JSON.stringify(expectedSeqs) ? true : undefined;
      },
      5_000,
    ).catch(() => false);
    problems.push(
      `timeline seqs ${compactSeqs(seqs)} instead of 1..${state.lastSeq} right after the answers` +
        (filled ? ` (complete ${Date.now() - started} ms later)` : ' (still incomplete 5 s later)'),
    );
  }

  // Every message once, for an event that calls for it, to the party concerned; and none missing.
  problems.push(...duplicateMessages(messages));
  const facilityOfTask = new Map(state.tasks.map((task) => [task.taskId, task.facilityId]));
  const wanted = new Map<string, string>();
  for (const event of detail.timeline) {
    const rule = expectedMessage[event.type];
    if (!rule) continue;
    const recipient =
      rule.to === 'requester' ? `user:${state.requesterId}` : `facility:${facilityOfTask.get(event.taskId ?? '')}`;
    wanted.set(`referral/${caseId}/${event.seq}/${recipient}`, `${rule.template}→${addresses.get(recipient)}`);
  }
  const got = new Map(messages.map((m) => [m.idempotencyKey, `${m.template}→${m.recipientAddress}`]));
  for (const [key, what] of wanted) {
    const actual = got.get(key);
    if (actual === undefined) problems.push(`missing message ${what} (${key})`);
    else if (actual !== what) problems.push(`message ${key} is ${actual}, expected ${what}`);
  }
  for (const [key, what] of got) if (!wanted.has(key)) problems.push(`unexpected message ${what} (${key})`);

  return { problems: problems.map((problem) => `${caseId.slice(0, 8)}: ${problem}`), detail, state };
}

function sortKeys(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function compactSeqs(seqs: number[]): string {
  return seqs.length > 20 ? `${seqs.slice(0, 20).join(',')}…(${seqs.length})` : `[${seqs.join(',')}]`;
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  let inFlight = 0;
  let peak = 0;
  const runner = async () => {
    while (next < items.length) {
      const index = next++;
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        results[index] = await work(items[index] as T, index);
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return { results, peak };
}
