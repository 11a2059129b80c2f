import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftDay } from '../../domain/calendar/days.ts';
import { addWorkingDays } from '../../domain/calendar/working-days.ts';
import { recordHistory } from '../support/histories.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { createTimeSkippingHarness, day, storyTimeoutMs } from '../support/time-skipping.ts';

const hour = 60 * 60 * 1000;

import { waitFor } from '../support/wait-for.ts';

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
beforeAll(async () => {
  h = await createTimeSkippingHarness();
});
afterAll(async () => {
  await h?.close();
});

const { berthet, elisabeth, sixieme } = demoFiness;

describe('durable deadlines of a referral (time-skipping server)', () => {
  it(
    'reminds a silent EHPAD at 15 days, marks the case stalled at 30, and clears the mark when it answers',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet]);
        const referral = await h.startReferral({ tasks });
        const taskId = tasks[0]?.taskId ?? '';
        await h.sleep(14 * day);
        expect((await referral.state()).tasks[0]?.remindedAt).toBeUndefined();
        await h.sleep(2 * day);
        await referral.until('the reminder', (state) => state.tasks[0]?.remindedAt !== undefined);
        expect(await h.messages(referral.caseId, 'facility_reminder')).toHaveLength(1);
        await h.sleep(15 * day);
        const stalled = await referral.until('the stalled mark', (state) => state.stalled.length > 0);
        expect(stalled.stalled).toEqual([
          expect.objectContaining({ reason: 'facility_no_answer', party: 'facility', taskId }),
        ]);
        expect(await h.messages(referral.caseId, 'facility_case_stalled')).toHaveLength(1);
        const answered = await referral.run('refuse', { taskId, actorId: demo.berthetMember, reasonCode: 'no_place' });
        expect(answered.stalled).toEqual([]);
        await referral.run('cancel', { actorId: demo.physician, reason: 'Fin du scénario' });
        await recordHistory(referral.handle, 'v6-ehpad-reminded-stalled-refused');
      });
    },
    storyTimeoutMs,
  );

  it(
    'reminds the facilities of a request sent to them together at the same instant, each once, in one snapshot',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet, elisabeth, sixieme]);
        const referral = await h.startReferral({ tasks });
        await h.sleep(16 * day);
        const reminded = await referral.until('the three reminders', (state) =>
          state.tasks.every((task) => task.remindedAt !== undefined),
        );
        // One decision at one instant: the same reminder time for all three.
        expect(new Set(reminded.tasks.map((task) => task.remindedAt)).size).toBe(1);
        const messages = await h.messages(referral.caseId, 'facility_reminder');
        expect(messages.map((message) => message.recipientId).sort()).toEqual(
          tasks.map((task) => task.facilityId).sort(),
        );
        // The three reminders took one projection (and its messages), not three.
        const history = await referral.handle.fetchHistory();
        const projectionsWithMessages = (history.events ?? []).filter(
          (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'projectAndEnqueueReferral',
        );
        // The sending's, then the three reminders' (one each before: four in all).
        expect(projectionsWithMessages).toHaveLength(2);
        await referral.run('cancel', { actorId: demo.physician, reason: 'Fin du scénario' });
        await recordHistory(referral.handle, 'v8-ehpad-three-reminded-together');
      });
    },
    storyTimeoutMs,
  );

  it(
    'sends the reminders with their snapshot, each once, with no delivery activity of their own',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet, elisabeth]);
        const referral = await h.startReferral({ tasks });
        await h.sleep(16 * day);
        await referral.until('the two reminders', (state) =>
          state.tasks.every((task) => task.remindedAt !== undefined),
        );
        // In the development mailbox (the harness's channels): kept, each once, none left queued.
        const reminders = await waitFor('the reminders kept', async () => {
          const rows = await h.messages(referral.caseId, 'facility_reminder');
          return rows.length === tasks.length && rows.every((row) => row.status === 'stored') ? rows : undefined;
        });
        expect(reminders.map((message) => message.recipientId).sort()).toEqual(
          tasks.map((task) => task.facilityId).sort(),
        );
        expect(reminders.map((message) => message.attempts)).toEqual([1, 1]);
        // One delivery activity, for the sending's messages; the reminders' went with their snapshot.
        const scheduled = ((await referral.handle.fetchHistory()).events ?? []).flatMap((event) => {
          const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
          return name ? [name] : [];
        });
        expect(scheduled.filter((name) => name === 'projectAndEnqueueReferral')).toHaveLength(2);
        expect(scheduled.filter((name) => name === 'deliverMessages' || name === 'deliverMessage')).toHaveLength(1);
        await referral.run('cancel', { actorId: demo.physician, reason: 'Fin du scénario' });
        await recordHistory(referral.handle, 'v11-ehpad-reminders-sent-with-snapshot');
      });
    },
    storyTimeoutMs,
  );

  it(
    'keeps the reminders on time across answers that leave the next deadline in place, on one timer',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet, elisabeth, sixieme]);
        const [refused, read, silent] = tasks.map((task) => task.taskId);
        const referral = await h.startReferral({ tasks });
        await h.sleep(2 * day);
        await referral.run('refuse', { taskId: refused ?? '', actorId: demo.berthetMember, reasonCode: 'no_place' });
        await h.sleep(day);
        await referral.run('markRead', { taskId: read ?? '', actorId: demo.elisabethMember });
        await h.sleep(13 * day);
        const reminded = await referral.until('the two reminders', (state) =>
          state.tasks.filter((task) => task.taskId !== refused).every((task) => task.remindedAt !== undefined),
        );
        expect(reminded.tasks.find((task) => task.taskId === refused)?.remindedAt).toBeUndefined();
        const messages = await h.messages(referral.caseId, 'facility_reminder');
        expect(messages.map((message) => message.recipientId).sort()).toEqual(
          tasks
            .filter((task) => task.taskId === read || task.taskId === silent)
            .map((task) => task.facilityId)
            .sort(),
        );
        // The refusal and the reading left the reminders' instant where it was: the timer armed at
        // the sending is the one that fired, never cancelled (two cancellations and two timers more before).
        const events = (await referral.handle.fetchHistory()).events ?? [];
        const firstFired = events.findIndex((event) => event.timerFiredEventAttributes);
        const beforeReminder = events.slice(0, firstFired);
        expect(beforeReminder.filter((event) => event.timerStartedEventAttributes)).toHaveLength(1);
        expect(beforeReminder.filter((event) => event.timerCanceledEventAttributes)).toHaveLength(0);
        await referral.run('cancel', { actorId: demo.physician, reason: 'Fin du scénario' });
        await recordHistory(referral.handle, 'v10-ehpad-refused-read-reminded-kept-timer');
      });
    },
    storyTimeoutMs,
  );

  it(
    'pauses the answer clock while the facility waits for information',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet]);
        const taskId = tasks[0]?.taskId ?? '';
        const referral = await h.startReferral({ tasks });
        await h.sleep(2 * day);
        await referral.run('requestInfo', { taskId, actorId: demo.berthetMember, question: 'Dernier compte rendu ?' });
        await h.sleep(10 * day);
        await referral.run('answerInfo', { taskId, actorId: demo.physician, answer: 'Transmis ce jour.' });
        // Without the pause the reminder would fall on day 15; with ten days paused, on day 25 (two
        // days spent before the question, thirteen counted from the answer).
        await h.sleep(5 * day);
        expect((await referral.state()).tasks[0]?.remindedAt).toBeUndefined();
        await h.sleep(10 * day);
        const reminded = await referral.until(
          'the reminder after the pause',
          (state) => state.tasks[0]?.remindedAt !== undefined,
        );
        expect(reminded.tasks[0]?.clockPausedMs).toBeGreaterThanOrEqual(10 * day);
        expect(reminded.tasks[0]?.clockPauses).toHaveLength(1);
      });
    },
    storyTimeoutMs,
  );

  it(
    'resumes a paused SMR clock in working days counted from the answer',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet]);
        const taskId = tasks[0]?.taskId ?? '';
        const referral = await h.startReferral({ kind: 'smr', tasks });
        await referral.run('requestInfo', { taskId, actorId: demo.berthetMember, question: 'Bilan biologique ?' });
        await h.sleep(3 * day);
        const answered = await referral.run('answerInfo', { taskId, actorId: demo.physician, answer: 'Joint.' });
        const answeredAt = answered.tasks[0]?.infoRequest?.answeredAt ?? '';
        // The reminder comes two working days after the answer, whatever weekday the test runs on.
        const expected = addWorkingDays(new Date(answeredAt), 2, '69').getTime();
        await h.sleep(expected - Date.parse(answeredAt) - hour);
        expect((await referral.state()).tasks[0]?.remindedAt).toBeUndefined();
        await h.sleep(2 * hour);
        const reminded = await referral.until(
          'the reminder after the answer',
          (state) => state.tasks[0]?.remindedAt !== undefined,
        );
        expect(Date.parse(reminded.tasks[0]?.remindedAt ?? '')).toBeGreaterThanOrEqual(expected);
        expect(reminded.tasks[0]?.clockPauses).toEqual([{ from: expect.any(String), to: answeredAt }]);
        await referral.run('cancel', { actorId: demo.physician, reason: 'Fin du scénario' });
        await recordHistory(referral.handle, 'v6-smr-info-answered-reminded');
      });
    },
    storyTimeoutMs,
  );

  it(
    'sends the second wave when nobody of the first has accepted after 21 days',
    async () => {
      await h.withWorker(async () => {
        const first = await h.facilityTasks([berthet]);
        const second = await h.facilityTasks([elisabeth, sixieme], 2);
        const referral = await h.startReferral({ tasks: [...first, ...second] });
        expect((await referral.state()).tasks.map((task) => task.status)).toEqual(['sent', 'planned', 'planned']);
        await h.sleep(22 * day);
        const state = await referral.until('the second wave', (current) =>
          current.tasks.every((task) => task.status !== 'planned'),
        );
        expect(state.secondWave?.sentAt).toBeDefined();
        expect(
          (await h.messages(referral.caseId, 'facility_new_request')).map((message) => message.recipientAddress).sort(),
        ).toEqual([
          'admissions+690003777@demo.parcours.local',
          'admissions+690003983@demo.parcours.local',
          'admissions+690006937@demo.parcours.local',
        ]);
        expect(await h.messages(referral.caseId, 'requester_second_wave_sent')).toHaveLength(1);
        await recordHistory(referral.handle, 'v6-ehpad-second-wave-open');
      });
    },
    storyTimeoutMs,
  );

  it(
    'does not send the second wave once a facility has accepted, and withdraws it on the choice',
    async () => {
      await h.withWorker(async () => {
        const first = await h.facilityTasks([berthet]);
        const second = await h.facilityTasks([elisabeth], 2);
        const referral = await h.startReferral({ tasks: [...first, ...second] });
        const taskId = first[0]?.taskId ?? '';
        const today = await h.today();
        await referral.run('accept', {
          taskId,
          actorId: demo.berthetMember,
          proposedEntryDate: shiftDay(today, 90),
          placeHeldUntil: shiftDay(today, 45),
        });
        await h.sleep(8 * day);
        const reminded = await referral.until(
          'the choice reminder',
          (state) => state.tasks[0]?.requesterRemindedAt !== undefined,
        );
        expect(reminded.tasks[1]?.status).toBe('planned');
        expect(await h.messages(referral.caseId, 'requester_choice_reminder')).toHaveLength(1);
        const chosen = await referral.run('choose', { taskId, actorId: demo.physician });
        expect(chosen.tasks.map((task) => [task.status, task.cancellationReason])).toEqual([
          ['chosen', undefined],
          ['cancelled', 'admitted_elsewhere'],
        ]);
        // The planned facility never heard of the case: no withdrawal message for it.
        expect(await h.messages(referral.caseId, 'facility_request_withdrawn')).toEqual([]);
      });
    },
    storyTimeoutMs,
  );

  it(
    'marks a chosen facility stalled a week after the proposed entry date, until it reports the admission impossible',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet, elisabeth]);
        const [a, b] = tasks.map((task) => task.taskId);
        const referral = await h.startReferral({ tasks });
        const entry = shiftDay(await h.today(), 3);
        await referral.run('accept', { taskId: a ?? '', actorId: demo.berthetMember, proposedEntryDate: entry });
        await referral.run('accept', { taskId: b ?? '', actorId: demo.elisabethMember, proposedEntryDate: entry });
        await referral.run('choose', { taskId: a ?? '', actorId: demo.physician });
        await h.sleep(12 * day);
        await referral.until('the overdue admission', (state) =>
          state.stalled.some((mark) => mark.reason === 'admission_overdue'),
        );
        const reopened = await referral.run('reportAdmissionImpossible', {
          taskId: a ?? '',
          actorId: demo.berthetMember,
          reason: 'Place perdue',
        });
        expect(reopened.status).toBe('sent');
        expect(reopened.stalled).toEqual([]);
        expect(reopened.tasks.map((task) => task.status)).toEqual(['admission_impossible', 'accepted']);
      });
    },
    storyTimeoutMs,
  );

  it(
    'alerts after six months without change, archives two months later, and ends the workflow',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet]);
        const referral = await h.startReferral({ tasks });
        await referral.run('waitlist', { taskId: tasks[0]?.taskId ?? '', actorId: demo.berthetMember });
        await h.sleep(185 * day);
        await referral.until('the inactivity alert', (state) => state.inactivityAlertedAt !== undefined);
        expect(await h.messages(referral.caseId, 'requester_inactivity_alert')).toHaveLength(1);
        await h.sleep(65 * day);
        const final = await referral.handle.result();
        expect(final.status).toBe('archived');
        expect(final.tasks[0]).toMatchObject({ status: 'cancelled', cancellationReason: 'archived' });
        expect(await h.messages(referral.caseId, 'requester_archived')).toHaveLength(1);
      });
    },
    storyTimeoutMs,
  );

  it(
    'continues as new when its history grows long, keeping its state and its deadlines',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([berthet, elisabeth]);
        const referral = await h.startReferral({ tasks, extra: { historyLimit: 30 } });
        const firstRun = (await referral.handle.describe()).runId;
        const taskId = tasks[0]?.taskId ?? '';
        await referral.run('markRead', { taskId, actorId: demo.berthetMember });
        await referral.run('startReview', { taskId, actorId: demo.berthetMember });
        await referral.run('requestInfo', { taskId, actorId: demo.berthetMember, question: 'Traitements ?' });
        await referral.run('answerInfo', { taskId, actorId: demo.physician, answer: 'Inchangés.' });
        const renewed = await waitForNewRun(firstRun);
        expect(renewed).not.toBe(firstRun);
        const state = await referral.state();
        expect(state.tasks[0]?.status).toBe('under_review');
        expect(state.lastSeq).toBeGreaterThan(5);
        // The new run still keeps the deadlines: the silent facility is reminded on time.
        await h.sleep(16 * day);
        await referral.until('the reminder in the new run', (current) => current.tasks[1]?.remindedAt !== undefined);
        await referral.run('cancel', { actorId: demo.physician, reason: 'Fin du test' });
        expect((await referral.handle.result()).status).toBe('cancelled');

        function waitForNewRun(previous: string): Promise<string> {
          return waitFor('a new run', async () => {
            const { runId } = await referral.handle.describe();
            return runId !== previous ? runId : undefined;
          });
        }
      });
    },
    storyTimeoutMs,
  );
});
