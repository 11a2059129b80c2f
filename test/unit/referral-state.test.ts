import { describe, expect, it } from 'vitest';
import {
  createReferral,
  type Decision,
  decide,
  type ReferralCommand,
  type ReferralState,
} from '../../domain/referral-state.ts';

const now = '2026-11-26T10:00:00.000Z';

function sentReferral(taskCount = 3): ReferralState {
  const { state } = createReferral(
    {
      caseId: 'case-1',
      kind: 'ehpad',
      requesterId: 'physician',
      patient: { lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female' },
      facilities: Array.from({ length: taskCount }, (_, index) => ({
        taskId: `task-${index + 1}`,
        facilityId: `facility-${index + 1}`,
        facilityName: `Établissement ${index + 1}`,
      })),
    },
    now,
  );
  return ok(decide(state, { type: 'send', actorId: 'physician' }, now)).state;
}

function ok(decision: Decision): Extract<Decision, { ok: true }> {
  if (!decision.ok) throw new Error(`refused: ${decision.code}`);
  return decision;
}

function apply(state: ReferralState, ...commands: ReferralCommand[]): ReferralState {
  return commands.reduce((current, command) => ok(decide(current, command, now)).state, state);
}

const accept = (taskId: string): ReferralCommand => ({
  type: 'accept',
  taskId,
  actorId: 'f',
  proposedEntryDate: '2027-01-10',
});
const refuse = (taskId: string): ReferralCommand => ({ type: 'refuse', taskId, actorId: 'f', reasonCode: 'no_place' });

describe('referral rules', () => {
  it('starts as a draft and sends every task at once, numbering each event', () => {
    const { state, events } = createReferral(
      {
        caseId: 'c',
        kind: 'smr',
        requesterId: 'p',
        patient: { lastName: 'A', firstName: 'B', birthDate: '1950-01-01', sex: 'male' },
        facilities: [{ taskId: 't1', facilityId: 'f1', facilityName: 'F1' }],
      },
      now,
    );
    expect(state.status).toBe('draft');
    expect(events.map((event) => event.seq)).toEqual([1]);
    const sent = ok(decide(state, { type: 'send', actorId: 'p' }, now));
    expect(sent.state.status).toBe('sent');
    expect(sent.events.map((event) => [event.seq, event.type])).toEqual([
      [2, 'referral.sent'],
      [3, 'task.sent'],
    ]);
    expect(decide(sent.state, { type: 'send', actorId: 'p' }, now)).toEqual({
      ok: false,
      code: 'referral.already_sent',
    });
  });

  it('refuses answers on a draft', () => {
    const { state } = createReferral(
      {
        caseId: 'c',
        kind: 'ehpad',
        requesterId: 'p',
        patient: { lastName: 'A', firstName: 'B', birthDate: '1950-01-01', sex: 'male' },
        facilities: [{ taskId: 't1', facilityId: 'f1', facilityName: 'F1' }],
      },
      now,
    );
    expect(decide(state, accept('t1'), now)).toEqual({ ok: false, code: 'referral.not_sent' });
  });

  it('lets a facility answer once: accept or refuse, not both', () => {
    const accepted = apply(sentReferral(), accept('task-1'));
    expect(accepted.tasks[0]).toMatchObject({ status: 'accepted', proposedEntryDate: '2027-01-10' });
    expect(decide(accepted, refuse('task-1'), now)).toEqual({ ok: false, code: 'task.invalid_transition' });
    const refused = apply(sentReferral(), refuse('task-2'));
    expect(decide(refused, accept('task-2'), now)).toEqual({ ok: false, code: 'task.invalid_transition' });
    expect(decide(refused, accept('nope'), now)).toEqual({ ok: false, code: 'task.not_found' });
  });

  it('chooses only an accepting facility, and withdraws every other open request as admitted elsewhere', () => {
    const state = apply(sentReferral(), accept('task-1'), refuse('task-2'));
    expect(decide(state, { type: 'choose', taskId: 'task-2', actorId: 'p' }, now)).toEqual({
      ok: false,
      code: 'task.not_accepted',
    });
    const chosen = ok(decide(state, { type: 'choose', taskId: 'task-1', actorId: 'p' }, now));
    expect(chosen.state.status).toBe('facility_chosen');
    expect(chosen.state.tasks.map((task) => [task.status, task.cancellationReason])).toEqual([
      ['chosen', undefined],
      ['refused', undefined],
      ['cancelled', 'admitted_elsewhere'],
    ]);
    expect(chosen.events.map((event) => event.type)).toEqual([
      'task.chosen',
      'task.cancelled',
      'referral.facility_chosen',
    ]);
    expect(decide(chosen.state, { type: 'choose', taskId: 'task-1', actorId: 'p' }, now)).toEqual({
      ok: false,
      code: 'referral.choice_already_made',
    });
  });

  it('closes as admitted when the chosen facility confirms, and then refuses everything', () => {
    const state = apply(sentReferral(2), accept('task-1'), { type: 'choose', taskId: 'task-1', actorId: 'p' });
    const admitted = apply(state, { type: 'confirmAdmission', taskId: 'task-1', actorId: 'f' });
    expect(admitted.status).toBe('admitted');
    expect(admitted.closedAt).toBe(now);
    expect(decide(admitted, { type: 'cancel', actorId: 'p', reason: 'x' }, now)).toEqual({
      ok: false,
      code: 'referral.already_closed',
    });
  });

  it('confirms admission only for the chosen facility', () => {
    const state = apply(sentReferral(2), accept('task-1'), accept('task-2'));
    expect(decide(state, { type: 'confirmAdmission', taskId: 'task-1', actorId: 'f' }, now)).toEqual({
      ok: false,
      code: 'task.not_chosen',
    });
  });

  it('cancels the case with every open request, keeping refusals as they were', () => {
    const state = apply(sentReferral(), refuse('task-3'));
    const cancelled = ok(decide(state, { type: 'cancel', actorId: 'p', reason: 'Retour à domicile' }, now));
    expect(cancelled.state.status).toBe('cancelled');
    expect(cancelled.state.tasks.map((task) => task.status)).toEqual(['cancelled', 'cancelled', 'refused']);
    expect(cancelled.events.filter((event) => event.type === 'task.cancelled')).toHaveLength(2);
  });

  it('reminds only a facility that has not answered', () => {
    const state = apply(sentReferral(2), accept('task-1'));
    expect(decide(state, { type: 'remind', taskId: 'task-1' }, now)).toEqual({
      ok: false,
      code: 'task.invalid_transition',
    });
    expect(apply(state, { type: 'remind', taskId: 'task-2' }).tasks[1]?.remindedAt).toBe(now);
  });
});
