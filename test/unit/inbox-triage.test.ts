import { describe, expect, it } from 'vitest';
import { answerDeadline, compareByUrgency, isAnswerOverdue, type TriageFacts } from '../../domain/referral/triage.ts';

const facts = (overrides: Partial<TriageFacts>): TriageFacts => ({
  kind: 'ehpad',
  status: 'sent',
  departement: '69',
  sentAt: '2026-03-02T09:00:00.000Z',
  infoAskedAt: null,
  infoAnsweredAt: null,
  clockPausedMs: 0,
  ...overrides,
});

describe('a facility’s answer deadline, for the inbox', () => {
  it('runs 30 Paris days for an EHPAD, at the same Paris time across the switch to summer time', () => {
    // Sent at 10:00 Paris (winter), due at 10:00 Paris on 1 April (summer, 08:00 UTC).
    expect(new Date(answerDeadline(facts({})) ?? 0).toISOString()).toBe('2026-04-01T08:00:00.000Z');
  });

  it('runs 4 working days for follow-up care: a Friday sending skips the weekend', () => {
    const deadline = answerDeadline(facts({ kind: 'smr', sentAt: '2026-03-06T09:00:00.000Z' }));
    expect(new Date(deadline ?? 0).toISOString()).toBe('2026-03-12T09:00:00.000Z');
  });

  it('stands still while information is awaited, and is none once the facility has answered', () => {
    const paused = answerDeadline(
      facts({
        infoAskedAt: '2026-03-02T10:00:00.000Z',
        infoAnsweredAt: '2026-03-12T10:00:00.000Z',
        clockPausedMs: 10 * 24 * 3600_000,
      }),
    );
    // No whole day spent before the question: the 30 days run from the answer.
    expect(new Date(paused ?? 0).toISOString()).toBe('2026-04-11T09:00:00.000Z');
    for (const status of ['info_requested', 'accepted', 'refused', 'waitlisted'] as const) {
      expect(answerDeadline(facts({ status }))).toBeNull();
    }
    expect(answerDeadline(facts({ sentAt: null }))).toBeNull();
  });

  it('is overdue once passed, or as soon as the workflow marked it stalled on the facility', () => {
    expect(isAnswerOverdue(1000, false, 999)).toBe(false);
    expect(isAnswerOverdue(1000, false, 1000)).toBe(true);
    expect(isAnswerOverdue(5000, true, 1000)).toBe(true);
    expect(isAnswerOverdue(null, false, 1000)).toBe(false);
  });
});

describe('the inbox’s order by urgency', () => {
  it('puts overdue first, then the nearest deadline, then requests without one, newest received first', () => {
    const rows = {
      stalledLaterDeadline: { overdue: true, deadline: 9000, receivedAt: 1 },
      near: { overdue: false, deadline: 3000, receivedAt: 2 },
      far: { overdue: false, deadline: 8000, receivedAt: 5 },
      answeredOld: { overdue: false, deadline: null, receivedAt: 3 },
      answeredNew: { overdue: false, deadline: null, receivedAt: 4 },
    };
    const sorted = Object.entries(rows)
      .reverse()
      .sort(([, a], [, b]) => compareByUrgency(a, b))
      .map(([name]) => name);
    expect(sorted).toEqual(['stalledLaterDeadline', 'near', 'far', 'answeredNew', 'answeredOld']);
  });
});
