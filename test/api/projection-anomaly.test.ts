import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { fromTemporalError } from '../../api/temporal-errors.ts';
import { referrals } from '../../db/schema.ts';
import { caseAnomalies } from '../../db/schema-coordination.ts';
import { pcoCases, pcoPlatforms } from '../../db/schema-pco.ts';
import { shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { errorCatalogue } from '../../domain/errors.ts';
import { pcoWorkflowId } from '../../domain/pco/orientation-state.ts';
import type { PatientIdentity } from '../../domain/referral/patient.ts';
import { type ReferralState, referralWorkflowId } from '../../domain/referral/state.ts';
import { AnomaliesPage } from '../../web/pages/anomalies.tsx';
import { pcoRecorded } from '../../workflows/pco-contract.ts';
import type { referralWorkflow } from '../../workflows/referral.ts';
import { type CommandArgs, referralUpdates } from '../../workflows/referral-contract.ts';
import { addressBook, caseProblems, workflowStateOf } from '../support/case-checks.ts';
import { completeDossier } from '../support/dossiers.ts';
import { orientationInput } from '../support/orientations.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';

/**
 * Values the edge should refuse, injected past it (straight to the workflow, as a client bypassing
 * the API would reach it): PostgreSQL refuses them, and the case must not freeze. Each command
 * answers — bounded here by `answerBoundMs`, far above the few seconds it takes — the case is
 * « en anomalie » for administrators, and the next command on it answers too.
 */
const answerBoundMs = 60_000;

let platform: TestPlatform;
let worker: RunningWorker;
let berthet = '';
const started: string[] = [];

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
  berthet = await platform.facilityId(demoFiness.berthet);
});
afterAll(async () => {
  // On code that retries forever, a frozen case would keep its activity going after the file.
  for (const workflowId of started) {
    await platform.client.workflow
      .getHandle(workflowId)
      .terminate('fin du test')
      .catch(() => {});
  }
  await worker?.stop();
  await platform?.close();
});

const patient: PatientIdentity = {
  lastName: 'Dupont',
  firstName: 'Jeanne',
  birthDate: '1938-04-12',
  sex: 'female',
  departement: '69',
};

type Answer<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The command's answer, or a failed test if it has none within the bound (the case is frozen). */
async function answerOf<T>(what: string, call: Promise<T>): Promise<Answer<T>> {
  let timer: NodeJS.Timeout | undefined;
  const frozen = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${answerBoundMs / 1000} s`)), answerBoundMs);
  });
  try {
    return await Promise.race([
      call.then(
        (value): Answer<T> => ({ ok: true, value }),
        (error: unknown): Answer<T> => ({ ok: false, error }),
      ),
      frozen,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The failure a command answered with, as the workflow gave it (type, correlation id). */
function failureOf(answer: Answer<unknown>): { type: string | undefined; correlationId: unknown } {
  if (answer.ok) throw new Error('the command was expected to fail');
  const error = answer.error;
  if (!(error instanceof WorkflowUpdateFailedError)) throw error;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure)) throw error;
  return {
    type: cause.type ?? undefined,
    correlationId: (cause.details?.[0] as { correlationId?: unknown })?.correlationId,
  };
}

/** What the API answers for that failure: 5xx, the stable code, the French message and the correlation id. */
async function apiAnswerFor(error: unknown) {
  const appError = fromTemporalError(error);
  if (!appError) throw new Error('the API does not recognise this failure');
  const response = errorResponse(
    { json: (body: unknown, status: number) => Response.json(body, { status }), header: () => {} } as never,
    appError,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function anomaliesOf(caseId: string) {
  return platform.db.select().from(caseAnomalies).where(eq(caseAnomalies.caseId, caseId));
}

function newTask() {
  return { taskId: randomUUID(), facilityId: berthet, facilityName: 'EHPAD Sergent Berthet', wave: 1 as const };
}

/** Starts a case and sends it in one call, as the API does (update-with-start), with `identity` as given. */
function startAndSend(caseId: string, identity: PatientIdentity, taskId = randomUUID()) {
  const workflowId = referralWorkflowId(caseId);
  started.push(workflowId);
  const start = new WithStartWorkflowOperation<typeof referralWorkflow>('referralWorkflow', {
    workflowId,
    taskQueue: platform.taskQueue,
    workflowIdConflictPolicy: 'FAIL',
    args: [
      {
        caseId,
        kind: 'ehpad',
        requesterId: demo.physician,
        patient: identity,
        facilities: [{ ...newTask(), taskId }],
        dossier: completeDossier('ehpad', identity),
      },
    ],
  });
  return platform.client.workflow.executeUpdateWithStart(referralUpdates.send, {
    args: [{ actorId: demo.physician }],
    startWorkflowOperation: start,
  });
}

function run<T extends keyof typeof referralUpdates>(caseId: string, name: T, args: CommandArgs<T>) {
  const update = referralUpdates[name] as unknown as UpdateDefinition<ReferralState, [CommandArgs<T>]>;
  return platform.client.workflow.getHandle(referralWorkflowId(caseId)).executeUpdate(update, { args: [args] });
}

/** A sent case whose facility then accepts with the year 0000, straight to the workflow. */
async function caseWithRefusedAccept() {
  const caseId = randomUUID();
  const taskId = randomUUID();
  expect((await answerOf('sending', startAndSend(caseId, patient, taskId))).ok).toBe(true);
  const accept = await answerOf(
    'the accept',
    run(caseId, 'accept', { actorId: demo.berthetMember, taskId, proposedEntryDate: '0000-01-01' }),
  );
  return { caseId, taskId, failure: failureOf(accept) };
}

// Each test waits on up to three bounded answers: its own bound is above theirs.
describe('a value PostgreSQL refuses, injected past the edge', { timeout: 3 * answerBoundMs + 20_000 }, () => {
  it('a NUL in the name at creation: the creation answers 500 projection.rejected, the case is in anomaly, not an unseen orphan, and a later command answers', async () => {
    const caseId = randomUUID();
    const created = await answerOf('the creation', startAndSend(caseId, { ...patient, lastName: 'Du\u0000pont' }));

    const failure = failureOf(created);
    expect(failure.type).toBe('projection.rejected');
    const api = await apiAnswerFor(created.ok ? undefined : created.error);
    expect(api.status).toBe(500);
    expect(api.body).toEqual({
      code: 'projection.rejected',
      message: errorCatalogue['projection.rejected'].message,
      details: { correlationId: failure.correlationId },
    });

    // The orphan is seen: no read-model row, but an anomaly administrators list, named by the correlation id.
    expect(await platform.db.select().from(referrals).where(eq(referrals.id, caseId))).toEqual([]);
    expect(await anomaliesOf(caseId)).toEqual([
      expect.objectContaining({
        id: failure.correlationId,
        caseKind: 'referral',
        workflowId: referralWorkflowId(caseId),
        command: 'creation',
        reason: 'invalid_text',
        sqlstate: '22021',
      }),
    ]);

    // The workflow is over (a case that can never be written does not run on unseen); commands answer.
    const later = await answerOf('a later command', run(caseId, 'cancel', { actorId: demo.physician, reason: 'test' }));
    expect(later.ok).toBe(false);
    expect((await apiAnswerFor(later.ok ? undefined : later.error)).status).toBeLessThan(500);
  });

  it('the year 0000 as birth date at creation: the creation answers projection.rejected and the case is in anomaly', async () => {
    const caseId = randomUUID();
    const created = await answerOf('the creation', startAndSend(caseId, { ...patient, birthDate: '0000-01-01' }));
    const failure = failureOf(created);
    expect(failure.type).toBe('projection.rejected');
    expect(await platform.db.select().from(referrals).where(eq(referrals.id, caseId))).toEqual([]);
    expect(await anomaliesOf(caseId)).toEqual([
      expect.objectContaining({ id: failure.correlationId, command: 'creation', reason: 'invalid_date' }),
    ]);
    const later = await answerOf('a later command', run(caseId, 'cancel', { actorId: demo.physician, reason: 'test' }));
    expect(later.ok).toBe(false);
  });

  it('a lone surrogate in a dossier update is refused by the workflow’s validator: the case keeps its last written state and the next command works', async () => {
    const caseId = randomUUID();
    const sent = await answerOf('sending', startAndSend(caseId, patient));
    expect(sent.ok).toBe(true);
    const before = await workflowStateOf(platform, caseId);

    const dossier = completeDossier('ehpad', { ...patient, firstName: 'Jeanne\uD800' });
    const update = await answerOf(
      'the dossier update',
      run(caseId, 'updateDossier', { actorId: demo.physician, dossier }),
    );
    // The update validators share the edge's vocabulary (domain/vocabulary.ts): the value never enters the history.
    expect(failureOf(update).type).toBe('request.invalid');
    expect(await anomaliesOf(caseId)).toEqual([]);
    // State intact: the workflow is still on what the read model holds.
    expect(await workflowStateOf(platform, caseId)).toEqual(before);

    const next = await answerOf(
      'the next dossier update',
      run(caseId, 'updateDossier', { actorId: demo.physician, dossier: completeDossier('ehpad', patient) }),
    );
    expect(next.ok).toBe(true);
    // The read model tells what the workflow holds: the refused version never existed.
    const read = await platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: demo.physician });
    const state = await workflowStateOf(platform, caseId);
    expect(read.body.version).toBe(state.lastSeq);
    expect(read.body.timeline.map((event) => event.seq)).toEqual(
      Array.from({ length: state.lastSeq }, (_, i) => i + 1),
    );
    expect([read.body.dossier.version, state.dossier.version]).toEqual([2, 2]);
  });

  it('a facility accepting with the year 0000 is refused by the workflow’s validator, and every later command on that case answers', async () => {
    const { caseId, taskId, failure } = await caseWithRefusedAccept();
    expect(failure.type).toBe('request.invalid');
    expect(await anomaliesOf(caseId)).toEqual([]);
    // Someone else's case is not frozen: the facility, then the requester, are answered, through the API too.
    const read = await answerOf('marking it read', run(caseId, 'markRead', { actorId: demo.berthetMember, taskId }));
    expect(read.ok).toBe(true);
    const cancelled = await platform.api('POST', `/api/referrals/${caseId}/cancel`, {
      as: demo.physician,
      body: { reason: 'Le patient a trouvé une autre solution.' },
    });
    expect(cancelled.status).toBe(200);
    expect((await workflowStateOf(platform, caseId)).status).toBe('cancelled');
  });

  it('after a refused accept, the workflow and the read model stay equal up to the admission', async () => {
    const { caseId, taskId } = await caseWithRefusedAccept();
    const addresses = await addressBook(platform, { facilityIds: [berthet], userIds: [demo.physician] });
    const afterRefusal = await caseProblems(platform, caseId, demo.physician, addresses);
    expect(afterRefusal.problems).toEqual([]);
    expect(afterRefusal.detail.tasks.map((task) => task.status)).toEqual(['sent']);

    const accepted = await platform.api('POST', `/api/referrals/${caseId}/tasks/${taskId}/accept`, {
      as: demo.berthetMember,
      // Five days ahead in Paris days: within the days an admission may be confirmed ahead.
      body: { proposedEntryDate: shiftDay(todayInParis(), 5) },
    });
    expect(accepted.status).toBe(200);
    const chosen = await platform.api('POST', `/api/referrals/${caseId}/choose`, {
      as: demo.physician,
      body: { taskId },
    });
    expect(chosen.status).toBe(200);
    const admitted = await platform.api('POST', `/api/referrals/${caseId}/tasks/${taskId}/confirm-admission`, {
      as: demo.berthetMember,
      body: {},
    });
    expect(admitted.status).toBe(200);
    const end = await caseProblems(platform, caseId, demo.physician, addresses);
    expect(end.problems).toEqual([]);
    expect([end.state.status, end.detail.status]).toEqual(['admitted', 'admitted']);
  });

  it('a NUL in a child’s name: the orientation’s recording answers projection.rejected and it is in anomaly', async () => {
    const [platformRow] = await platform.db
      .select({ id: pcoPlatforms.id })
      .from(pcoPlatforms)
      .where(eq(pcoPlatforms.departement, '69'));
    if (!platformRow) throw new Error('demo PCO not seeded');
    const caseId = randomUUID();
    const workflowId = pcoWorkflowId(caseId);
    started.push(workflowId);
    const start = new WithStartWorkflowOperation('pcoWorkflow', {
      workflowId,
      taskQueue: platform.taskQueue,
      workflowIdConflictPolicy: 'FAIL',
      args: [orientationInput(caseId, platformRow.id, { lastName: 'Pe\u0000tit' })],
    });
    const recorded = await answerOf(
      'the orientation’s recording',
      platform.client.workflow.executeUpdateWithStart(pcoRecorded, { args: [], startWorkflowOperation: start }),
    );
    const failure = failureOf(recorded);
    expect(failure.type).toBe('projection.rejected');
    expect(await platform.db.select().from(pcoCases).where(eq(pcoCases.id, caseId))).toEqual([]);
    expect(await anomaliesOf(caseId)).toEqual([
      expect.objectContaining({
        id: failure.correlationId,
        caseKind: 'pco',
        command: 'creation',
        reason: 'invalid_text',
      }),
    ]);
  });
});

describe('the administrators’ page of cases in anomaly', () => {
  it('lists a case refused by the database with its kind, date and reason in French, for administrators only', async () => {
    // Past the edge, only a creation still reaches the projection with a value it refuses (update validators stop the rest).
    const caseId = randomUUID();
    const created = await answerOf('the creation', startAndSend(caseId, { ...patient, lastName: 'Du\u0000pont' }));
    const { correlationId } = failureOf(created);

    const page = await platform.app.request('/administration/anomalies', {
      headers: { cookie: await platform.cookieOf(demo.admin) },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Dossiers en anomalie</h1>');
    expect(html).toContain('href="/administration/anomalies" aria-current="page"');
    const row = html.slice(html.indexOf(caseId) - 200, html.indexOf(String(correlationId)) + 50);
    expect(row).toContain('Demande d’admission');
    expect(row).toContain('Création du dossier');
    expect(row).toContain('Texte contenant un caractère que la base de données refuse');
    // Codes only: the refused value is not shown.
    expect(html).not.toContain('Du\u0000pont');

    const forbidden = await platform.app.request('/administration/anomalies', {
      headers: { cookie: await platform.cookieOf(demo.physician) },
    });
    expect(forbidden.status).toBe(403);
  });

  it('says when there is none', async () => {
    const frame = { actor: undefined, path: '/administration/anomalies', devMailbox: false, csrf: '' };
    const html = String(await AnomaliesPage({ frame, anomalies: [], limit: 200 }).toString());
    expect(html).toContain('Aucun dossier en anomalie.');
    expect(html).not.toContain('<table');
  });
});
