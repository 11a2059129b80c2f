import { describe, expect, it } from 'vitest';
import {
  createPcoOrientation,
  daysLeftToValidate,
  decidePco,
  type PcoCommand,
  type PcoDeadlineType,
  type PcoDecision,
  type PcoRulesVersion,
  type PcoState,
  pcoPendingDeadlines,
} from '../../domain/pco/orientation-state.ts';

const t0 = Date.parse('2026-11-26T09:00:00.000Z');
const day = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(t0 + ms).toISOString();

function submitted(rules: PcoRulesVersion = 1, submittedAt = at(0)): PcoState {
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
    submittedAt,
    rules,
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

describe('a PCO orientation begun on rules v1 (frozen: 24-hour days, UTC months)', () => {
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

const paris = (instant: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(instant),
  );
const dueOf = (state: PcoState, type: PcoDeadlineType) => {
  const deadline = pcoPendingDeadlines(state).find((candidate) => candidate.type === type);
  return deadline ? paris(deadline.at) : undefined;
};
const runAt = (state: PcoState, command: PcoCommand, now: string) => ok(decidePco(state, command, now)).state;

describe('a PCO orientation on the Paris legal calendar (rules v2)', () => {
  it('has 15 days left to validate on the day it is sent, whatever the hour, and 0 on its last day', () => {
    for (const sentAt of [
      '2026-06-10T00:30:00+02:00',
      '2026-06-10T14:30:00+02:00', // 12:30 UTC
      '2026-06-10T23:30:00+02:00',
    ]) {
      expect(daysLeftToValidate(sentAt, '2026-06-10'), sentAt).toBe(15);
      expect(daysLeftToValidate(sentAt, '2026-06-25'), sentAt).toBe(0);
      expect(daysLeftToValidate(sentAt, '2026-06-27'), sentAt).toBe(-2);
    }
    // Sent at 23:45 Paris on New Year’s Eve: still a 31 December orientation.
    expect(daysLeftToValidate('2026-12-31T23:45:00+01:00', '2026-12-31')).toBe(15);
    expect(daysLeftToValidate('2026-12-31T23:45:00+01:00', '2027-01-15')).toBe(0);
  });

  it('reminds at 10 days at the same Paris time, and is overdue once the 15th day is over in Paris', () => {
    const state = submitted(2, '2027-03-20T10:00:00+01:00');
    expect(state.rulesVersion).toBe(2);
    expect(dueOf(state, 'validation_reminder')).toBe('2027-03-30 10:00');
    expect(dueOf(state, 'validation_overdue')).toBe('2027-04-05 00:00');
  });

  it('counts the first assessment’s 3 months and the pathway’s year from the Paris day of validation', () => {
    // Validated at 23:30 Paris on 31 January: the UTC day would still be... 31 January, but 22:30 UTC.
    const validated = runAt(submitted(2, '2027-01-20T09:00:00+01:00'), validate, '2027-01-31T23:30:00+01:00');
    expect(dueOf(validated, 'first_assessment_overdue')).toBe('2027-05-01 00:00');
    expect(dueOf(validated, 'pathway_end')).toBe('2028-02-01 00:00');
    expect(dueOf(validated, 'end_reminder')).toBe('2028-01-01 00:00');
    // Validated at 00:30 Paris on 1 March (still 28 February in UTC): three months end with 1 June.
    const march = runAt(submitted(2, '2027-02-20T09:00:00+01:00'), validate, '2027-03-01T00:30:00+01:00');
    expect(dueOf(march, 'first_assessment_overdue')).toBe('2027-06-02 00:00');
  });

  it('validated on 29 February: its year ends on 28 February, renewed to the next 28 February', () => {
    const validated = runAt(submitted(2, '2028-02-20T09:00:00+01:00'), validate, '2028-02-29T10:00:00+01:00');
    expect(dueOf(validated, 'pathway_end')).toBe('2029-03-01 00:00');
    const renewed = runAt(
      validated,
      { type: 'decideRenewal', actorId: 'pco', renew: true },
      '2029-01-10T10:00:00+01:00',
    );
    expect(dueOf(renewed, 'pathway_end')).toBe('2030-03-01 00:00');
    expect(renewed.renewed).toBe(true);
  });

  it('starts the synthesis clock at the first assessment or intervention, whichever came first', () => {
    let state = runAt(submitted(2, '2026-11-26T10:00:00+01:00'), validate, '2026-11-27T10:00:00+01:00');
    expect(dueOf(state, 'synthesis_overdue')).toBeUndefined();
    state = runAt(state, care('i1', 'intervention', 5_000, '2027-01-20'), '2027-01-20T18:00:00+01:00');
    expect(dueOf(state, 'synthesis_overdue')).toBe('2027-07-21 00:00');
    // An earlier assessment recorded afterwards moves the clock back to it.
    state = runAt(state, care('a1', 'assessment', 20_000, '2027-01-05'), '2027-01-21T09:00:00+01:00');
    expect(dueOf(state, 'synthesis_overdue')).toBe('2027-07-06 00:00');
  });
});
