import { describe, expect, it } from 'vitest';
import {
  createPcoOrientation,
  decidePco,
  type PcoCommand,
  type PcoDeadlineType,
  type PcoDecision,
  type PcoState,
  pcoPendingDeadlines,
} from '../../domain/pco/orientation-state.ts';

const t0 = Date.parse('2026-11-26T09:00:00.000Z');
const day = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(t0 + ms).toISOString();

function submitted(): PcoState {
  return createPcoOrientation(
    {
      caseId: 'c',
      requesterId: 'physician',
      platformId: 'pco-69',
      ageRange: '0-6',
      child: { lastName: 'Petit', firstName: 'Léo', birthDate: '2023-05-10', sex: 'male', departement: '69' },
      family: { contactName: 'Anne Petit', relationship: 'Mère', consentGivenAt: at(0) },
      screening: {
        gridVersion: '2020-1',
        bracketId: '3y',
        checkedItems: ['3y-la-1', '3y-so-1'],
        generalSigns: [],
        domainsWithSigns: ['language', 'socialisation'],
        regression: false,
        parentalConcern: true,
        atypicalBehaviour: false,
        suggestsOrientation: true,
        reasons: [],
      },
    },
    at(0),
  ).state;
}

const ok = (decision: PcoDecision) => {
  if (!decision.ok) throw new Error(`refused: ${decision.code}`);
  return decision;
};
const run = (state: PcoState, command: PcoCommand, when = 0) => ok(decidePco(state, command, at(when))).state;
const validate: PcoCommand = {
  type: 'validate',
  actorId: 'pco-doctor',
  setting: 'contracted',
  professions: ['psychomotricien', 'psychologue'],
};
const care = (
  id: string,
  kind: 'assessment' | 'intervention',
  amountCents: number,
  date = '2026-12-10',
  acceptBeyondPackage = false,
): PcoCommand => ({
  type: 'recordCare',
  actorId: 'pco',
  id,
  kind,
  profession: 'psychomotricien',
  date,
  amountCents,
  provider: 'contracted',
  acceptBeyondPackage,
});
const fire = (state: PcoState, type: PcoDeadlineType) => {
  const deadline = pcoPendingDeadlines(state).find((candidate) => candidate.type === type);
  if (!deadline) throw new Error(`no pending ${type}`);
  return { state: run(state, { type: 'deadline', deadline }, deadline.at - t0), at: deadline.at };
};

describe('a PCO orientation', () => {
  it('is validated with a plan, or refused with a reason which closes it', () => {
    const validated = run(submitted(), validate);
    expect(validated).toMatchObject({ status: 'validated', plan: { setting: 'contracted' } });
    expect(validated.pathwayEndsAt).toBe('2027-11-26T09:00:00.000Z');
    expect(decidePco(validated, validate, at(0))).toEqual({ ok: false, code: 'pco.already_decided' });
    for (const reason of ['cdaph_equivalent', 'no_significant_gap'] as const) {
      const refused = run(submitted(), { type: 'refuse', actorId: 'pco-doctor', reason });
      expect(refused).toMatchObject({ status: 'refused', refusal: { reason } });
      expect(decidePco(refused, validate, at(0))).toEqual({ ok: false, code: 'pco.already_closed' });
    }
    expect(decidePco(submitted(), { ...validate, professions: [] }, at(0))).toEqual({
      ok: false,
      code: 'pco.plan_required',
    });
  });

  it('reminds at 10 days, is stalled at 15 without validation, and the mark clears on validation', () => {
    let state = submitted();
    expect(pcoPendingDeadlines(state).map((deadline) => [deadline.type, deadline.at - t0])).toEqual([
      ['validation_reminder', 10 * day],
      ['validation_overdue', 15 * day],
    ]);
    state = fire(state, 'validation_reminder').state;
    state = fire(state, 'validation_overdue').state;
    expect(state.stalled.map((mark) => mark.reason)).toEqual(['validation_overdue']);
    const decision = ok(decidePco(state, validate, at(16 * day)));
    expect(decision.state.stalled).toEqual([]);
    expect(decision.events.map((event) => event.type)).toEqual(['pco.validated', 'pco.stall_cleared']);
  });

  it('expects the first assessment within 3 months, and the synthesis within 6 months of the first intervention', () => {
    let state = run(submitted(), validate);
    expect(
      new Date(pcoPendingDeadlines(state).find((d) => d.type === 'first_assessment_overdue')?.at ?? 0).toISOString(),
    ).toBe('2027-02-26T09:00:00.000Z');
    state = run(state, care('a1', 'assessment', 20_000, '2027-01-05'), 40 * day);
    expect(state).toMatchObject({ status: 'in_progress', firstAssessmentAt: '2027-01-05' });
    state = run(state, care('i1', 'intervention', 5_000, '2027-01-20'), 55 * day);
    expect(
      new Date(pcoPendingDeadlines(state).find((d) => d.type === 'synthesis_overdue')?.at ?? 0).toISOString(),
    ).toBe('2027-07-20T00:00:00.000Z');
    const overdue = fire(state, 'synthesis_overdue').state;
    expect(overdue.stalled.map((mark) => mark.reason)).toEqual(['synthesis_overdue']);
    expect(run(overdue, { type: 'recordSynthesis', actorId: 'pco', date: '2027-07-25' }, 245 * day).stalled).toEqual(
      [],
    );
  });

  it('lasts a year, renewable once: reminder a month ahead, stalled at the end without a decision', () => {
    let state = run(submitted(), validate);
    state = fire(state, 'end_reminder').state;
    const ended = fire(state, 'pathway_end');
    expect(ended.state.stalled.map((mark) => mark.reason)).toEqual(['renewal_decision_overdue']);
    const renewed = run(ended.state, { type: 'decideRenewal', actorId: 'pco', renew: true }, ended.at - t0 + day);
    expect(renewed).toMatchObject({ renewed: true, pathwayEndsAt: '2028-11-26T09:00:00.000Z', stalled: [] });
    expect(decidePco(renewed, { type: 'decideRenewal', actorId: 'pco', renew: true }, at(400 * day))).toEqual({
      ok: false,
      code: 'pco.already_renewed',
    });
    // End of the second year: a closure is now due.
    const secondEnd = fire(fire(renewed, 'end_reminder').state, 'pathway_end');
    expect(secondEnd.state.stalled.map((mark) => mark.reason)).toEqual(['closure_overdue']);
    const closed = run(
      secondEnd.state,
      { type: 'close', actorId: 'pco', outcome: 'diagnosis_and_care' },
      secondEnd.at - t0 + day,
    );
    expect(closed).toMatchObject({ status: 'closed', outcome: 'diagnosis_and_care', stalled: [] });
    expect(pcoPendingDeadlines(closed)).toEqual([]);
  });

  it('after a decision not to renew, the end of the year asks for the closure', () => {
    let state = run(submitted(), validate);
    state = run(state, { type: 'decideRenewal', actorId: 'pco', renew: false }, 300 * day);
    const ended = fire(state, 'pathway_end');
    expect(ended.state.stalled.map((mark) => mark.reason)).toEqual(['closure_overdue']);
  });

  it('closes with each outcome, family withdrawal included, at any time', () => {
    for (const outcome of ['diagnosis_and_care', 'mdph_orientation', 'no_disorder', 'family_withdrawal'] as const) {
      expect(run(run(submitted(), validate), { type: 'close', actorId: 'pco', outcome })).toMatchObject({
        status: 'closed',
        outcome,
      });
    }
  });

  it('counts the early-intervention package: warns near the ceiling, refuses beyond it unless confirmed', () => {
    let state = run(submitted(), validate);
    const first = ok(decidePco(state, care('a', 'assessment', 120_000), at(day)));
    expect(first.events.map((event) => event.type)).toEqual(['pco.care_recorded', 'pco.package_warning']);
    state = first.state;
    expect(decidePco(state, care('b', 'intervention', 40_000), at(2 * day))).toEqual({
      ok: false,
      code: 'pco.package_ceiling_exceeded',
    });
    state = run(state, care('b', 'intervention', 40_000, '2026-12-10', true), 2 * day);
    expect(state.care.map((item) => item.beyondPackage)).toEqual([false, true]);
    expect(decidePco(state, care('b', 'intervention', 1), at(3 * day))).toEqual({
      ok: false,
      code: 'pco.care_already_recorded',
    });
  });
});
