import { describe, expect, it } from 'vitest';
import { todayInParis } from '../../domain/calendar/days.ts';
import { commandDateRefusal } from '../../domain/referral/command-days.ts';
import { referralCommands } from '../../domain/referral/commands.ts';
import { createReferral, decide } from '../../domain/referral/decide.ts';
import {
  acceptanceDatesRefusal,
  admissionRefusal,
  desiredEntryDateRefusal,
  firstConfirmationDay,
} from '../../domain/referral/entry-dates.ts';
import type { ReferralState } from '../../domain/referral/state.ts';

// The clock is pinned: 23:30 UTC on 9 December 2026 is already 10 December in Paris.
const now = Date.parse('2026-12-09T23:30:00.000Z');
const today = todayInParis(now);

describe('entry days, in Paris days', () => {
  it('reads today in Paris, not in UTC', () => {
    expect(today).toBe('2026-12-10');
  });

  it('refuses a wished entry already past, and accepts today', () => {
    expect(desiredEntryDateRefusal({ administrative: { desiredEntryDate: '2026-12-09' } }, today)).toMatchObject({
      code: 'referral.desired_entry_date_past',
      field: 'administrative.desiredEntryDate',
      message: 'La date d’entrée souhaitée est passée : indiquez aujourd’hui ou une date à venir.',
    });
    expect(desiredEntryDateRefusal({ administrative: { desiredEntryDate: '2026-12-10' } }, today)).toBeUndefined();
    expect(desiredEntryDateRefusal({}, today)).toBeUndefined();
  });

  it('refuses a proposed entry past, a place held until a past day or beyond the entry', () => {
    expect(acceptanceDatesRefusal({ proposedEntryDate: '2026-12-09' }, today)?.code).toBe(
      'task.proposed_entry_date_past',
    );
    expect(acceptanceDatesRefusal({ proposedEntryDate: '2026-12-20', placeHeldUntil: '2026-12-09' }, today)?.code).toBe(
      'task.place_held_past',
    );
    expect(acceptanceDatesRefusal({ proposedEntryDate: '2026-12-20', placeHeldUntil: '2026-12-21' }, today)).toEqual({
      code: 'task.place_held_after_entry',
      field: 'placeHeldUntil',
      message: 'La place ne peut pas être réservée au-delà de la date d’entrée proposée (le 20/12/2026).',
    });
    expect(
      acceptanceDatesRefusal({ proposedEntryDate: '2026-12-20', placeHeldUntil: '2026-12-20' }, today),
    ).toBeUndefined();
    expect(acceptanceDatesRefusal({ proposedEntryDate: '2026-12-10' }, today)).toBeUndefined();
  });

  it('confirms an admission at most N days before the entry it records, with a French message naming the days', () => {
    const task = { proposedEntryDate: '2026-12-18', acceptedAt: '2026-12-01T09:00:00.000Z' };
    expect(firstConfirmationDay('2026-12-18', 7)).toBe('2026-12-11');
    expect(admissionRefusal(task, undefined, today, 7)).toEqual({
      code: 'task.admission_too_early',
      field: 'actualEntryDate',
      message:
        'L’admission ne peut pas encore être confirmée : l’entrée prévue est le 18/12/2026. Elle pourra l’être à partir du 11/12/2026 (7 jours avant l’entrée au plus). Si la personne est déjà entrée, indiquez la date de son entrée.',
    });
    expect(admissionRefusal(task, undefined, '2026-12-11', 7)).toBeUndefined();
    // Configurable: with 8 days of notice it may be confirmed today.
    expect(admissionRefusal(task, undefined, today, 8)).toBeUndefined();
    // A person who entered earlier than proposed is admitted on the day given.
    expect(admissionRefusal(task, '2026-12-10', today, 7)).toBeUndefined();
    expect(admissionRefusal(task, '2026-11-30', today, 7)).toMatchObject({
      code: 'task.entry_before_acceptance',
      message: 'La date d’entrée ne peut pas précéder l’accord de l’établissement (le 01/12/2026).',
    });
  });
});

describe('the rules as the workflow validator applies them', () => {
  const patient = { lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female' } as const;
  const at = new Date(now).toISOString();
  function chosenCase(proposedEntryDate: string): ReferralState {
    let state = createReferral(
      {
        caseId: 'case-1',
        kind: 'ehpad',
        requesterId: 'physician',
        patient,
        facilities: [{ taskId: 'task-1', facilityId: 'f-1', facilityName: 'EHPAD 1' }],
      },
      at,
      3,
    ).state;
    // Sending needs a complete dossier; these rules do not look at it.
    state = { ...state, status: 'sent', tasks: state.tasks.map((task) => ({ ...task, status: 'sent' as const })) };
    for (const command of [
      { type: 'accept', taskId: 'task-1', actorId: 'facility', proposedEntryDate },
      { type: 'choose', taskId: 'task-1', actorId: 'physician' },
    ] as const) {
      const decision = decide(state, command, at);
      if (!decision.ok) throw new Error(decision.code);
      state = decision.state;
    }
    return state;
  }

  it('refuses the confirmation weeks ahead, and records the actual entry day in the events', () => {
    const state = chosenCase('2027-01-15');
    const admit = { type: 'confirmAdmission', taskId: 'task-1', actorId: 'facility' } as const;
    expect(commandDateRefusal(state, admit, today)?.code).toBe('task.admission_too_early');
    expect(commandDateRefusal(state, { ...admit, admissionNoticeDays: 60 }, today)).toBeUndefined();
    const decision = decide(state, { ...admit, actualEntryDate: '2026-12-10' }, at);
    expect(decision.ok && decision.events.map((event) => [event.type, event.data?.actualEntryDate])).toEqual([
      ['task.admitted', '2026-12-10'],
      ['referral.admitted', '2026-12-10'],
    ]);
  });

  it('refuses a past proposed entry and a past wished entry in a new dossier version', () => {
    const state = chosenCase('2027-01-15');
    expect(
      commandDateRefusal(
        state,
        { type: 'accept', taskId: 'task-1', actorId: 'facility', proposedEntryDate: '2026-12-09' },
        today,
      )?.code,
    ).toBe('task.proposed_entry_date_past');
    expect(
      commandDateRefusal(
        state,
        {
          type: 'updateDossier',
          actorId: 'physician',
          dossier: { schemaVersion: 1, administrative: { desiredEntryDate: '2026-12-01' } },
        },
        today,
      )?.code,
    ).toBe('referral.desired_entry_date_past');
  });

  it('has a confirmation text for every irreversible command', () => {
    const asking = Object.entries(referralCommands)
      .filter(([, spec]) => 'confirmation' in spec)
      .map(([name]) => name);
    expect(asking.sort()).toEqual([
      'cancel',
      'choose',
      'confirmAdmission',
      'declineAsPhysician',
      'reportAdmissionImpossible',
      'withdraw',
    ]);
  });
});
