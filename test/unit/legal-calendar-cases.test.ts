import { describe, expect, it } from 'vitest';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { createPcoOrientation, decidePco, pcoPendingDeadlines } from '../../domain/pco/orientation-state.ts';
import type { ReferralCommand } from '../../domain/referral/commands.ts';
import { pendingDeadlines } from '../../domain/referral/deadline-schedule.ts';
import { createReferral, decide } from '../../domain/referral/decide.ts';
import type { Decision, ReferralState } from '../../domain/referral/state.ts';
import { completeDossier } from '../support/dossiers.ts';

/**
 * The cases of issue 11, on the rules a new case starts with (only the domain's public functions,
 * so the same file runs against older code to show what it got wrong). Instants are written with
 * their Paris offset: +01:00 in winter, +02:00 in summer.
 */
const patient = { lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female' } as const;
const paris = (instant: number) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Paris',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(instant));

function sentReferral(kind: FacilityKind, sentAt: string, departement = '69'): ReferralState {
  const withDepartement = { ...patient, departement };
  const created = createReferral(
    {
      caseId: 'case-1',
      kind,
      requesterId: 'physician',
      patient: withDepartement,
      facilities: [{ taskId: 'task-1', facilityId: 'f-1', facilityName: 'Établissement 1' }],
      dossier: completeDossier(kind, withDepartement),
    },
    sentAt,
  ).state;
  return apply(created, { type: 'send', actorId: 'physician' }, sentAt);
}

function apply(state: ReferralState, command: ReferralCommand, now: string): ReferralState {
  const decision: Decision = decide(state, command, now);
  if (!decision.ok) throw new Error(`refused: ${decision.code}`);
  return decision.state;
}

const due = (state: ReferralState, type: string) => {
  const deadline = pendingDeadlines(state).find((candidate) => candidate.type === type);
  return deadline ? paris(deadline.at) : undefined;
};

describe('a deadline of N days keeps its time on Paris clocks across daylight saving', () => {
  it('15 days from 10:00 before the March switch fall at 10:00 after it, not 11:00', () => {
    const state = sentReferral('ehpad', '2027-03-20T10:00:00+01:00');
    expect(due(state, 'answer_reminder')).toBe('2027-04-04 10:00');
    expect(due(state, 'answer_stalled')).toBe('2027-04-19 10:00');
  });

  it('15 days from 10:00 before the October switch fall at 10:00 after it, not 09:00', () => {
    const state = sentReferral('ehpad', '2027-10-20T10:00:00+02:00');
    expect(due(state, 'answer_reminder')).toBe('2027-11-04 10:00');
  });

  it('2 working days from Friday 10:00 across the last Sunday of March (Easter 2027) fall on Wednesday 10:00', () => {
    const state = sentReferral('smr', '2027-03-26T10:00:00+01:00');
    // Sunday 28 March is both the switch and Easter: Monday 29 is Easter Monday, a public holiday.
    expect(due(state, 'answer_reminder')).toBe('2027-03-31 10:00');
    expect(due(state, 'answer_stalled')).toBe('2027-04-02 10:00');
  });

  it('6 months of inactivity from 10:00 in summer time end at 10:00 in winter time', () => {
    const state = sentReferral('ehpad', '2027-08-31T10:00:00+02:00');
    expect(due(state, 'inactivity_alert')).toBe('2028-02-29 10:00');
  });

  it('a place held until a day of summer time is released when that day is over in Paris', () => {
    const sent = sentReferral('ehpad', '2027-06-01T10:00:00+02:00');
    const accepted = apply(
      sent,
      {
        type: 'accept',
        taskId: 'task-1',
        actorId: 'facility',
        proposedEntryDate: '2027-07-01',
        placeHeldUntil: '2027-06-15',
      },
      '2027-06-02T10:00:00+02:00',
    );
    expect(due(accepted, 'place_release')).toBe('2027-06-16 00:00');
  });
});

describe('a paused working-day clock stays a working-day clock', () => {
  it('SMR sent Monday 2026-06-01, information asked at once and answered Thursday: reminds Monday 06-08, stalls Wednesday 06-10', () => {
    let state = sentReferral('smr', '2026-06-01T10:00:00+02:00');
    state = apply(
      state,
      { type: 'requestInfo', taskId: 'task-1', actorId: 'facility', question: 'Dernier bilan biologique ?' },
      '2026-06-01T10:05:00+02:00',
    );
    state = apply(
      state,
      { type: 'answerInfo', taskId: 'task-1', actorId: 'physician', answer: 'Joint.' },
      '2026-06-04T10:05:00+02:00',
    );
    expect(due(state, 'answer_reminder')).toBe('2026-06-08 10:05');
    expect(due(state, 'answer_stalled')).toBe('2026-06-10 10:05');
  });

  it('working days spent before the question still count: one spent, one left after the answer', () => {
    let state = sentReferral('smr', '2026-06-01T10:00:00+02:00');
    state = apply(
      state,
      { type: 'requestInfo', taskId: 'task-1', actorId: 'facility', question: 'Traitement en cours ?' },
      '2026-06-02T11:00:00+02:00',
    );
    state = apply(
      state,
      { type: 'answerInfo', taskId: 'task-1', actorId: 'physician', answer: 'Inchangé.' },
      '2026-06-05T15:00:00+02:00',
    );
    // Monday → Tuesday 10:00 is one working day spent; the second is counted from Friday 15:00.
    expect(due(state, 'answer_reminder')).toBe('2026-06-08 15:00');
  });
});

describe('the PCO synthesis clock starts at the first intervention of a diagnostic professional', () => {
  const orientation = () =>
    createPcoOrientation(
      {
        caseId: 'c',
        requesterId: 'physician',
        platformId: 'pco-69',
        ageRange: '0-6',
        child: { lastName: 'Petit', firstName: 'Léo', birthDate: '2023-05-10', sex: 'male', departement: '69' },
        family: { contactName: 'Anne Petit', relationship: 'Mère', consentGivenAt: '2026-11-26T10:00:00+01:00' },
        screening: {
          gridVersion: '2020-1',
          bracketId: '3y',
          checkedItems: ['3y-la-1'],
          generalSigns: [],
          domainsWithSigns: ['language'],
          regression: false,
          parentalConcern: true,
          atypicalBehaviour: false,
          suggestsOrientation: true,
          reasons: [],
        },
      },
      '2026-11-26T10:00:00+01:00',
    ).state;

  it('a first assessment (bilan) alone sets the six-month synthesis deadline', () => {
    const validated = decidePco(
      orientation(),
      { type: 'validate', actorId: 'doctor', setting: 'contracted', professions: ['psychologue'] },
      '2026-11-27T10:00:00+01:00',
    );
    if (!validated.ok) throw new Error(validated.code);
    const assessed = decidePco(
      validated.state,
      {
        type: 'recordCare',
        actorId: 'pco',
        id: 'a1',
        kind: 'assessment',
        profession: 'psychologue',
        date: '2027-01-05',
        amountCents: 20_000,
        provider: 'contracted',
      },
      '2027-01-05T16:00:00+01:00',
    );
    if (!assessed.ok) throw new Error(assessed.code);
    const synthesis = pcoPendingDeadlines(assessed.state).find((deadline) => deadline.type === 'synthesis_overdue');
    // Six months after 5 January: the delay's last day is 5 July, over at midnight Paris time.
    expect(synthesis && paris(synthesis.at)).toBe('2027-07-06 00:00');
  });
});
