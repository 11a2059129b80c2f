import { describe, expect, it } from 'vitest';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import type { ReferralCommand } from '../../domain/referral/commands.ts';
import { nextDeadline, pendingDeadlines } from '../../domain/referral/deadline-schedule.ts';
import { createReferral, decide } from '../../domain/referral/decide.ts';
import { currentMissingPart } from '../../domain/referral/dossier.ts';
import type { Decision, NewFacilityTask, ReferralState } from '../../domain/referral/state.ts';
import { completeDossier } from '../support/dossiers.ts';

const t0 = Date.parse('2026-11-26T10:00:00.000Z');
const day = 24 * 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
const patient = {
  lastName: 'Dupont',
  firstName: 'Jeanne',
  birthDate: '1938-04-12',
  sex: 'female',
  departement: '69',
} as const;

function draft(
  options: { kind?: FacilityKind; tasks?: NewFacilityTask[]; complete?: boolean; rules?: 1 | 2 } = {},
): ReferralState {
  const kind = options.kind ?? 'ehpad';
  return createReferral(
    {
      caseId: 'case-1',
      kind,
      requesterId: 'physician',
      patient,
      facilities:
        options.tasks ??
        [1, 2, 3].map((n) => ({ taskId: `task-${n}`, facilityId: `f-${n}`, facilityName: `Établissement ${n}` })),
      ...(options.complete === false ? {} : { dossier: completeDossier(kind, patient) }),
    },
    at(0),
    options.rules ?? 2,
  ).state;
}

function ok(decision: Decision): Extract<Decision, { ok: true }> {
  if (!decision.ok) throw new Error(`refused: ${decision.code}`);
  return decision;
}

function apply(state: ReferralState, command: ReferralCommand, when = 0): ReferralState {
  return ok(decide(state, command, at(when))).state;
}

function sent(options: Parameters<typeof draft>[0] = {}): ReferralState {
  return apply(draft(options), { type: 'send', actorId: 'physician' });
}

const task = (state: ReferralState, taskId: string) => state.tasks.find((candidate) => candidate.taskId === taskId);
const accept = (taskId: string, extra: { placeHeldUntil?: string } = {}): ReferralCommand => ({
  type: 'accept',
  taskId,
  actorId: 'facility',
  proposedEntryDate: '2027-01-10',
  ...extra,
});
const refuse = (taskId: string): ReferralCommand => ({
  type: 'refuse',
  taskId,
  actorId: 'facility',
  reasonCode: 'no_place',
});
const deadlineOf = (state: ReferralState, type: string, taskId?: string) =>
  pendingDeadlines(state).find((deadline) => deadline.type === type && deadline.taskId === taskId);

describe('sending a referral', () => {
  it('keeps the tasks planned in the draft and sends every first-wave task at once, numbering each event', () => {
    const state = draft();
    expect(state.tasks.map((t) => t.status)).toEqual(['planned', 'planned', 'planned']);
    const decision = ok(decide(state, { type: 'send', actorId: 'physician' }, at(0)));
    expect(decision.state.status).toBe('sent');
    expect(decision.events.map((event) => [event.seq, event.type])).toEqual([
      [2, 'referral.sent'],
      [3, 'task.sent'],
      [4, 'task.sent'],
      [5, 'task.sent'],
    ]);
    expect(decide(decision.state, { type: 'send', actorId: 'physician' }, at(0))).toEqual({
      ok: false,
      code: 'referral.already_sent',
    });
  });

  it('refuses to send an incomplete dossier, and sends once it is completed', () => {
    const incomplete = draft({ complete: false });
    // Created without a dossier: listed by shape 1's rules (replay), the read model says `autonomy.aggir`.
    expect(incomplete.dossier.missingParts.map((part) => currentMissingPart(part).path)).toContain('autonomy.aggir');
    expect(decide(incomplete, { type: 'send', actorId: 'physician' }, at(0))).toEqual({
      ok: false,
      code: 'referral.dossier_incomplete',
    });
    const completed = apply(incomplete, {
      type: 'updateDossier',
      actorId: 'physician',
      dossier: completeDossier('ehpad', patient),
    });
    expect(completed.dossier).toMatchObject({ version: 1, missingParts: [], gir: 2 });
    expect(apply(completed, { type: 'send', actorId: 'physician' }).status).toBe('sent');
  });

  it('kept the first release’s rule: a v1 case is sent without a dossier', () => {
    expect(sent({ complete: false, rules: 1 }).status).toBe('sent');
  });

  it('refuses answers on a draft', () => {
    expect(decide(draft(), accept('task-1'), at(0))).toEqual({ ok: false, code: 'referral.not_sent' });
  });
});

describe('a facility’s answer', () => {
  it('goes read → under review → wait-listed → accepted, recording the dossier version it answered', () => {
    let state = sent();
    state = apply(state, { type: 'markRead', taskId: 'task-1', actorId: 'facility' });
    expect(task(state, 'task-1')).toMatchObject({ status: 'read', readAt: at(0) });
    expect(decide(state, { type: 'markRead', taskId: 'task-1', actorId: 'facility' }, at(0))).toEqual({
      ok: false,
      code: 'task.invalid_transition',
    });
    state = apply(state, { type: 'startReview', taskId: 'task-1', actorId: 'facility' });
    state = apply(state, { type: 'waitlist', taskId: 'task-1', actorId: 'facility' });
    expect(task(state, 'task-1')?.status).toBe('waitlisted');
    state = apply(state, { type: 'updateDossier', actorId: 'physician', dossier: completeDossier('ehpad', patient) });
    state = apply(state, accept('task-1'));
    expect(task(state, 'task-1')).toMatchObject({
      status: 'accepted',
      proposedEntryDate: '2027-01-10',
      answeredDossierVersion: 2,
    });
  });

  it('may refuse, even after accepting, but not accept after refusing', () => {
    const refused = apply(sent(), refuse('task-2'));
    expect(decide(refused, accept('task-2'), at(0))).toEqual({ ok: false, code: 'task.invalid_transition' });
    const withdrawnAcceptance = apply(apply(sent(), accept('task-1')), refuse('task-1'));
    expect(task(withdrawnAcceptance, 'task-1')?.status).toBe('refused');
    expect(decide(refused, accept('nope'), at(0))).toEqual({ ok: false, code: 'task.not_found' });
  });

  it('asks for information: the answer clock stops until the requester answers', () => {
    let state = sent();
    const reminderBefore = deadlineOf(state, 'answer_reminder', 'task-1')?.at ?? 0;
    state = apply(
      state,
      { type: 'requestInfo', taskId: 'task-1', actorId: 'facility', question: 'Dernier bilan ?' },
      2 * day,
    );
    expect(task(state, 'task-1')?.status).toBe('info_requested');
    expect(deadlineOf(state, 'answer_reminder', 'task-1')).toBeUndefined();
    expect(decide(state, accept('task-1'), at(2 * day))).toEqual({ ok: false, code: 'task.invalid_transition' });
    state = apply(state, { type: 'answerInfo', taskId: 'task-1', actorId: 'physician', answer: 'Joint.' }, 5 * day);
    expect(task(state, 'task-1')).toMatchObject({ status: 'read', clockPausedMs: 3 * day });
    expect(deadlineOf(state, 'answer_reminder', 'task-1')?.at).toBe(reminderBefore + 3 * day);
    expect(
      decide(state, { type: 'answerInfo', taskId: 'task-1', actorId: 'physician', answer: 'x' }, at(5 * day)),
    ).toEqual({
      ok: false,
      code: 'task.no_info_request',
    });
  });
});

describe('the requester’s choice', () => {
  it('chooses only an accepting facility, and withdraws every other open request as admitted elsewhere', () => {
    const state = apply(apply(sent(), accept('task-1')), refuse('task-2'));
    expect(decide(state, { type: 'choose', taskId: 'task-2', actorId: 'physician' }, at(0))).toEqual({
      ok: false,
      code: 'task.not_accepted',
    });
    const chosen = ok(decide(state, { type: 'choose', taskId: 'task-1', actorId: 'physician' }, at(0)));
    expect(chosen.state.status).toBe('facility_chosen');
    expect(chosen.state.tasks.map((t) => [t.status, t.cancellationReason])).toEqual([
      ['chosen', undefined],
      ['refused', undefined],
      ['cancelled', 'admitted_elsewhere'],
    ]);
    expect(chosen.events.map((event) => event.type)).toEqual([
      'task.chosen',
      'task.cancelled',
      'referral.facility_chosen',
    ]);
    expect(decide(chosen.state, { type: 'choose', taskId: 'task-1', actorId: 'physician' }, at(0))).toEqual({
      ok: false,
      code: 'referral.choice_already_made',
    });
  });

  it('closes as admitted when the chosen facility confirms, and then refuses everything', () => {
    let state = apply(apply(sent(), accept('task-1')), { type: 'choose', taskId: 'task-1', actorId: 'physician' });
    expect(decide(state, { type: 'confirmAdmission', taskId: 'task-2', actorId: 'facility' }, at(0))).toEqual({
      ok: false,
      code: 'task.not_chosen',
    });
    state = apply(state, { type: 'confirmAdmission', taskId: 'task-1', actorId: 'facility' });
    expect(state).toMatchObject({ status: 'admitted', closedAt: at(0) });
    expect(pendingDeadlines(state)).toEqual([]);
    expect(decide(state, { type: 'cancel', actorId: 'physician', reason: 'x' }, at(0))).toEqual({
      ok: false,
      code: 'referral.already_closed',
    });
  });

  it('reopens the case when the chosen facility cannot admit, reactivating what the choice withdrew', () => {
    let state = apply(apply(apply(sent(), accept('task-1')), accept('task-2')), refuse('task-3'));
    state = apply(state, { type: 'choose', taskId: 'task-1', actorId: 'physician' });
    const reopened = ok(
      decide(
        state,
        { type: 'reportAdmissionImpossible', taskId: 'task-1', actorId: 'facility', reason: 'Place perdue' },
        at(day),
      ),
    );
    expect(reopened.state.status).toBe('sent');
    expect(reopened.state.tasks.map((t) => t.status)).toEqual(['admission_impossible', 'accepted', 'refused']);
    expect(reopened.events.map((event) => event.type)).toEqual([
      'task.admission_impossible',
      'task.reactivated',
      'referral.reopened',
    ]);
    expect(apply(reopened.state, { type: 'choose', taskId: 'task-2', actorId: 'physician' }).status).toBe(
      'facility_chosen',
    );
  });

  it('withdraws one facility, or cancels the case with every open request', () => {
    const withdrawn = apply(sent(), { type: 'withdraw', taskId: 'task-2', actorId: 'physician' });
    expect(task(withdrawn, 'task-2')).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'withdrawn_by_requester',
    });
    const cancelled = ok(
      decide(
        apply(sent(), refuse('task-3')),
        { type: 'cancel', actorId: 'physician', reason: 'Retour à domicile' },
        at(0),
      ),
    );
    expect(cancelled.state.status).toBe('cancelled');
    expect(cancelled.state.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'refused']);
  });

  it('takes a facility off a draft, and adds to a second wave only while one is planned', () => {
    const trimmed = apply(draft(), { type: 'withdraw', taskId: 'task-3', actorId: 'physician' });
    expect(task(trimmed, 'task-3')).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'withdrawn_by_requester',
    });
    expect(decide(trimmed, accept('task-1'), at(0))).toEqual({ ok: false, code: 'referral.not_sent' });
    const wave2 = { taskId: 'task-9', facilityId: 'f-9', facilityName: 'Neuf', wave: 2 as const };
    expect(decide(sent(), { type: 'addFacilities', actorId: 'physician', facilities: [wave2] }, at(0))).toEqual({
      ok: false,
      code: 'referral.no_second_wave',
    });
    const planned = sent({
      tasks: [
        { taskId: 'a', facilityId: 'fa', facilityName: 'A' },
        { taskId: 'b', facilityId: 'fb', facilityName: 'B', wave: 2 },
      ],
    });
    const added = apply(planned, { type: 'addFacilities', actorId: 'physician', facilities: [wave2] });
    expect(task(added, 'task-9')?.status).toBe('planned');
  });

  it('adds facilities to a sent case, never twice the same', () => {
    const state = apply(sent(), {
      type: 'addFacilities',
      actorId: 'physician',
      facilities: [{ taskId: 'task-4', facilityId: 'f-4', facilityName: 'Quatre' }],
    });
    expect(task(state, 'task-4')?.status).toBe('sent');
    expect(
      decide(
        state,
        {
          type: 'addFacilities',
          actorId: 'physician',
          facilities: [{ taskId: 'x', facilityId: 'f-4', facilityName: 'Q' }],
        },
        at(0),
      ),
    ).toEqual({ ok: false, code: 'referral.duplicate_facility' });
  });
});

describe('deadlines', () => {
  it('grand âge: reminds the facility at 15 days, marks it stalled at 30, and clears the mark when it answers', () => {
    let state = sent();
    expect(deadlineOf(state, 'answer_reminder', 'task-1')?.at).toBe(t0 + 15 * day);
    expect(deadlineOf(state, 'answer_stalled', 'task-1')?.at).toBe(t0 + 30 * day);
    const early = decide(
      state,
      { type: 'deadline', deadline: { type: 'answer_stalled', taskId: 'task-1', at: t0 + 30 * day } },
      at(29 * day),
    );
    expect(early).toEqual({ ok: false, code: 'referral.deadline_not_due' });
    state = apply(
      state,
      { type: 'deadline', deadline: { type: 'answer_reminder', taskId: 'task-1', at: t0 + 15 * day } },
      15 * day,
    );
    expect(task(state, 'task-1')?.remindedAt).toBe(at(15 * day));
    expect(deadlineOf(state, 'answer_reminder', 'task-1')).toBeUndefined();
    state = apply(
      state,
      { type: 'deadline', deadline: { type: 'answer_stalled', taskId: 'task-1', at: t0 + 30 * day } },
      30 * day,
    );
    expect(state.stalled).toEqual([
      { reason: 'facility_no_answer', party: 'facility', taskId: 'task-1', since: at(30 * day) },
    ]);
    const answered = ok(decide(state, refuse('task-1'), at(31 * day)));
    expect(answered.state.stalled).toEqual([]);
    expect(answered.events.map((event) => event.type)).toEqual(['task.refused', 'referral.stall_cleared']);
  });

  it('applies every deadline due at once in one decision, and only those', () => {
    const state = sent();
    expect(decide(state, { type: 'dueDeadlines' }, at(15 * day - 1))).toEqual({
      ok: false,
      code: 'referral.deadline_not_due',
    });
    const reminded = ok(decide(state, { type: 'dueDeadlines' }, at(15 * day)));
    // The three facilities were sent the request together: their three reminders, one snapshot, in order.
    expect(reminded.events.map((event) => [event.type, event.taskId, event.seq])).toEqual([
      ['task.reminded', 'task-1', state.lastSeq + 1],
      ['task.reminded', 'task-2', state.lastSeq + 2],
      ['task.reminded', 'task-3', state.lastSeq + 3],
    ]);
    expect(reminded.state.lastSeq).toBe(state.lastSeq + 3);
    expect(reminded.state.tasks.map((one) => one.remindedAt)).toEqual([at(15 * day), at(15 * day), at(15 * day)]);
    // The stall deadlines, due at day 30, are still to come.
    expect(nextDeadline(reminded.state)).toEqual({ type: 'answer_stalled', taskId: 'task-1', at: t0 + 30 * day });
    // Late (a worker down for two weeks): the reminders and the stalls, each once.
    const late = ok(decide(state, { type: 'dueDeadlines' }, at(31 * day)));
    expect(late.events.map((event) => event.type)).toEqual([
      ...Array(3).fill('task.reminded'),
      ...Array(3).fill('referral.stalled'),
    ]);
    expect(late.state.stalled).toHaveLength(3);
  });

  it('suites de soins: counts working days (2 to remind, 4 to stall), skipping the weekend', () => {
    const friday = Date.parse('2026-11-27T15:00:00.000Z');
    const state = ok(
      decide(draft({ kind: 'smr' }), { type: 'send', actorId: 'physician' }, new Date(friday).toISOString()),
    ).state;
    expect(new Date(deadlineOf(state, 'answer_reminder', 'task-1')?.at ?? 0).toISOString()).toBe(
      '2026-12-01T15:00:00.000Z',
    );
    expect(new Date(deadlineOf(state, 'answer_stalled', 'task-1')?.at ?? 0).toISOString()).toBe(
      '2026-12-03T15:00:00.000Z',
    );
  });

  it('reminds the requester of an acceptance not chosen within 7 days, and releases a held place after its date', () => {
    const state = apply(sent(), accept('task-1', { placeHeldUntil: '2026-12-10' }), day);
    expect(deadlineOf(state, 'choice_reminder', 'task-1')?.at).toBe(t0 + 8 * day);
    expect(deadlineOf(state, 'choice_stalled', 'task-1')?.at).toBe(t0 + 15 * day);
    const release = deadlineOf(state, 'place_release', 'task-1');
    expect(new Date(release?.at ?? 0).toISOString()).toBe('2026-12-10T22:59:59.000Z');
    const released = apply(
      state,
      { type: 'deadline', deadline: release ?? { type: 'place_release', at: 0 } },
      15 * day,
    );
    expect(task(released, 'task-1')).toMatchObject({ status: 'accepted', placeReleasedAt: at(15 * day) });
  });

  it('marks a chosen facility stalled a week after the proposed entry date without admission', () => {
    const state = apply(apply(sent(), accept('task-1')), { type: 'choose', taskId: 'task-1', actorId: 'physician' });
    expect(new Date(deadlineOf(state, 'admission_overdue', 'task-1')?.at ?? 0).toISOString()).toBe(
      '2027-01-17T22:59:59.000Z',
    );
  });

  it('sends the second wave when nobody of the first accepted in time, and not otherwise', () => {
    const tasks: NewFacilityTask[] = [
      { taskId: 'a', facilityId: 'fa', facilityName: 'A' },
      { taskId: 'b', facilityId: 'fb', facilityName: 'B', wave: 2 },
    ];
    const state = sent({ tasks });
    expect(task(state, 'b')?.status).toBe('planned');
    const wave = deadlineOf(state, 'second_wave');
    expect(wave?.at).toBe(t0 + 21 * day);
    const sentWave = ok(
      decide(state, { type: 'deadline', deadline: wave ?? { type: 'second_wave', at: 0 } }, at(21 * day)),
    );
    expect(task(sentWave.state, 'b')?.status).toBe('sent');
    expect(sentWave.events.map((event) => event.type)).toEqual(['referral.second_wave_sent', 'task.sent']);
    const acceptedFirst = apply(state, accept('a'), day);
    expect(deadlineOf(acceptedFirst, 'second_wave')).toBeUndefined();
  });

  it('grand âge inactivity: alert after 6 months unchanged, archive 2 months later; any change resets it', () => {
    let state = sent();
    expect(new Date(deadlineOf(state, 'inactivity_alert')?.at ?? 0).toISOString()).toBe('2027-05-26T10:00:00.000Z');
    const alertAt = deadlineOf(state, 'inactivity_alert')?.at ?? 0;
    state = apply(state, { type: 'deadline', deadline: { type: 'inactivity_alert', at: alertAt } }, alertAt - t0);
    expect(state.stalled.map((mark) => mark.reason)).toContain('inactive');
    const archiveAt = deadlineOf(state, 'archive')?.at ?? 0;
    expect(new Date(archiveAt).toISOString()).toBe('2027-07-26T10:00:00.000Z');
    const refreshed = apply(
      state,
      { type: 'updateDossier', actorId: 'physician', dossier: completeDossier('ehpad', patient) },
      alertAt - t0 + day,
    );
    expect(deadlineOf(refreshed, 'archive')).toBeUndefined();
    expect(refreshed.stalled.map((mark) => mark.reason)).not.toContain('inactive');
    const archived = apply(state, { type: 'deadline', deadline: { type: 'archive', at: archiveAt } }, archiveAt - t0);
    expect(archived.status).toBe('archived');
    expect(archived.tasks.every((t) => t.status === 'cancelled')).toBe(true);
  });

  it('suites de soins cases are never archived for inactivity', () => {
    expect(pendingDeadlines(sent({ kind: 'smr' })).map((deadline) => deadline.type)).not.toContain('inactivity_alert');
  });

  it('v1 cases keep only the answer reminder they were started with', () => {
    const state = sent({ rules: 1, complete: false });
    expect(new Set(pendingDeadlines(state).map((deadline) => deadline.type))).toEqual(new Set(['answer_reminder']));
    expect(nextDeadline(state)?.at).toBe(t0 + 15 * day);
  });
});

describe('cases begun on rules v2 keep the arithmetic they started with', () => {
  // Their timers were computed this way; the new calendar (rules v3) is for new cases only.
  const sentAt = (kind: FacilityKind, iso: string) =>
    ok(decide(draft({ kind }), { type: 'send', actorId: 'physician' }, iso)).state;

  it('24-hour days: 15 days from 10:00 before the March switch still fall at 11:00', () => {
    const state = sentAt('ehpad', '2027-03-20T09:00:00.000Z');
    expect(new Date(deadlineOf(state, 'answer_reminder', 'task-1')?.at ?? 0).toISOString()).toBe(
      '2027-04-04T09:00:00.000Z',
    );
  });

  it('the paused span added after the count: the SMR reminder of the 06-01 case still falls on Saturday 06-06', () => {
    let state = sentAt('smr', '2026-06-01T08:00:00.000Z');
    state = ok(
      decide(
        state,
        { type: 'requestInfo', taskId: 'task-1', actorId: 'facility', question: 'Bilan ?' },
        '2026-06-01T08:00:00.000Z',
      ),
    ).state;
    state = ok(
      decide(
        state,
        { type: 'answerInfo', taskId: 'task-1', actorId: 'physician', answer: 'Joint.' },
        '2026-06-04T08:00:00.000Z',
      ),
    ).state;
    expect(new Date(deadlineOf(state, 'answer_reminder', 'task-1')?.at ?? 0).toISOString()).toBe(
      '2026-06-06T08:00:00.000Z',
    );
  });
});
