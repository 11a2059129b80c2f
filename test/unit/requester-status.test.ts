import { describe, expect, it } from 'vitest';
import { addParisDays } from '../../domain/calendar/days.ts';
import { deadlinePolicies } from '../../domain/referral/deadlines.ts';
import { requesterStatus } from '../../domain/referral/requester-status.ts';
import { answerDeadline, latestOverdueSending } from '../../domain/referral/triage.ts';

describe('where a case stands for its requester', () => {
  it('says an acceptance waits for the physician’s choice, not « En attente de réponses »', () => {
    const status = requesterStatus({ status: 'sent', tasks: [{ status: 'accepted' }, { status: 'sent' }] });
    expect(status).toEqual({ code: 'choice_pending', label: 'Accord reçu — à vous de choisir', toAct: true });
  });

  it('puts the choice before a question, and a question before waiting', () => {
    expect(
      requesterStatus({ status: 'sent', tasks: [{ status: 'info_requested' }, { status: 'accepted' }] }).code,
    ).toBe('choice_pending');
    expect(requesterStatus({ status: 'sent', tasks: [{ status: 'info_requested' }, { status: 'read' }] })).toEqual({
      code: 'info_requested',
      label: 'Informations demandées',
      toAct: true,
    });
    expect(
      requesterStatus({
        status: 'sent',
        tasks: [{ status: 'under_review' }, { status: 'refused' }, { status: 'planned' }],
      }),
    ).toEqual({ code: 'awaiting_answers', label: 'En attente de réponses', toAct: false });
  });

  it('says when every facility refused', () => {
    expect(requesterStatus({ status: 'sent', tasks: [{ status: 'refused' }, { status: 'refused' }] }).code).toBe(
      'no_acceptance',
    );
  });

  it('gives the chosen facility’s entry date as a French day', () => {
    const planned = requesterStatus({
      status: 'facility_chosen',
      tasks: [{ status: 'cancelled' }, { status: 'chosen', proposedEntryDate: '2027-03-12' }],
    });
    expect(planned.label).toBe('Admission prévue le 12/03/2027');
    expect(requesterStatus({ status: 'facility_chosen', tasks: [{ status: 'chosen' }] }).label).toBe(
      'Établissement choisi',
    );
  });

  it('reads drafts and closed cases as such', () => {
    expect(requesterStatus({ status: 'draft', tasks: [{ status: 'planned' }] }).label).toBe('Brouillon');
    for (const status of ['admitted', 'cancelled', 'archived'] as const) {
      const closed = requesterStatus({ status, tasks: [{ status: 'accepted' }] });
      expect(closed.code).toBe('closed');
      expect(closed.label.startsWith('Clos')).toBe(true);
      expect(closed.toAct).toBe(false);
    }
  });
});

describe('the bound of overdue sendings the home page counts with', () => {
  const now = Date.parse('2026-03-31T12:00:00.000Z');
  for (const [pathway, departement] of [
    ['grand_age', '69'],
    ['suites_de_soins', '69'],
    ['suites_de_soins', '57'],
  ] as const) {
    it(`is the latest sending whose deadline has passed (${pathway}, ${departement})`, () => {
      const delay = deadlinePolicies[pathway].answerStalled;
      const kind = pathway === 'grand_age' ? 'ehpad' : 'smr';
      const bound = latestOverdueSending(now, delay, departement);
      const deadlineOf = (sentAt: number) =>
        answerDeadline({
          kind,
          status: 'sent',
          departement,
          sentAt: new Date(sentAt).toISOString(),
          infoAskedAt: null,
          infoAnsweredAt: null,
          clockPausedMs: 0,
        }) ?? Number.POSITIVE_INFINITY;
      expect(deadlineOf(bound)).toBeLessThanOrEqual(now);
      // A minute later, or on any of the following days at any hour, it is not overdue yet.
      expect(deadlineOf(bound + 60_000)).toBeGreaterThan(now);
      for (let hours = 1; hours < 24 * 10; hours += 5) {
        const later = bound + hours * 3_600_000;
        if (later < now) expect(deadlineOf(later)).toBeGreaterThan(now);
      }
      expect(deadlineOf(addParisDays(bound, -1))).toBeLessThanOrEqual(now);
    });
  }
});
