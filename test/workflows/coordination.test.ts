import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stalledCasesOfTerritory, stalledWorklist, worklistQuery } from '../../api/coordination/stalled-cases.ts';
import { loadActor } from '../../api/identity.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { loadReferralDetail } from '../../api/referrals/read-model.ts';
import { todayInParis } from '../../domain/calendar/days.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { createTimeSkippingHarness, day, storyTimeoutMs } from '../support/time-skipping.ts';
import { waitFor } from '../support/wait-for.ts';

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let coordinator: Actor;
let physician: Actor;
let berthet: Actor;
beforeAll(async () => {
  h = await createTimeSkippingHarness();
  const julie = await loadActor(h.db, demo.coordinatorRhone);
  const claire = await loadActor(h.db, demo.physician);
  const sophie = await loadActor(h.db, demo.berthetMember);
  if (!julie || !claire || !sophie) throw new Error('demo people not seeded');
  coordinator = julie;
  physician = claire;
  berthet = sophie;
});
afterAll(async () => {
  await h?.close();
});

/** The worklist as the coordinator reads it on a given (time-skipped) day. */
async function worklistOn(actor: Actor, now: number, filters: Record<string, string> = {}) {
  return stalledWorklist(h.db, actor, worklistQuery.parse(filters), todayInParis(now), now);
}

describe('a coordinator’s territory (stalled cases produced by real workflows)', () => {
  it(
    'lists a case whose facility never answers on the day its deadline passes, reminds that facility once a day, keeps notes among coordinators, and drops the case once the facility answers',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([demoFiness.berthet]);
        const referral = await h.startReferral({ tasks });
        const sent = await referral.state();
        const before = await stalledCasesOfTerritory(h.db, coordinator);
        expect(before.map((item) => item.id)).not.toContain(referral.caseId);

        // The facility stays silent: the answer deadline passes, the case is marked stalled on that day.
        await h.sleep(31 * day);
        const stalled = await referral.until('the stalled mark', (state) => state.stalled.length > 0);
        const mark = stalled.stalled[0];
        expect(mark).toMatchObject({ reason: 'facility_no_answer', party: 'facility', taskId: tasks[0]?.taskId });
        const now = Date.parse(mark?.since ?? '');
        expect(now - Date.parse(sent.updatedAt)).toBeLessThanOrEqual(31 * day);
        const listed = await waitFor('the stalled case in the coordinator’s worklist', async () =>
          (await worklistOn(coordinator, now)).items.find((item) => item.id === referral.caseId),
        );
        expect(listed.reasons).toEqual([
          expect.objectContaining({
            reason: 'facility_no_answer',
            party: 'facility',
            partyLabel: 'Établissement',
            who: 'EHPAD SERGENT BERTHET',
          }),
        ]);
        expect(listed.stalledSince).toBe(mark?.since);
        // Filters: by reason, by facility, by kind; a Gironde filter shows nothing of the Rhône.
        const berthetId = tasks[0]?.facilityId ?? '';
        const matching: Record<string, string>[] = [
          { reason: 'facility_no_answer' },
          { facilityId: berthetId },
          { kind: 'ehpad' },
        ];
        for (const filters of matching) {
          const page = await worklistOn(coordinator, now, filters);
          expect(
            page.items.map((item) => item.id),
            JSON.stringify(filters),
          ).toContain(referral.caseId);
        }
        const excluding: Record<string, string>[] = [
          { reason: 'choice_pending' },
          { kind: 'smr' },
          { minDays: '7' },
          { departement: '13' },
        ];
        for (const filters of excluding) {
          const page = await worklistOn(coordinator, now, filters);
          expect(
            page.items.map((item) => item.id),
            JSON.stringify(filters),
          ).not.toContain(referral.caseId);
        }

        // The coordinator reminds the facility now: its outbox gets the reminder once.
        const context = { db: h.db, temporal: h.env.client, taskQueue: h.taskQueue(), searchAttributes: false };
        const remind = () =>
          runCommand(context, coordinator, referral.caseId, {
            type: 'remind',
            message: 'Pouvez-vous répondre cette semaine ?',
          });
        const reminded = await remind();
        expect(reminded.coordination?.remindedOn).toBe(todayInParis(reminded.updatedAt));
        await expect(remind()).rejects.toMatchObject({ code: 'coordination.already_reminded_today', status: 409 });
        const sentMessages = await waitFor('the reminder in the outbox', async () => {
          const rows = await h.messages(referral.caseId, 'coordinator_reminder');
          return rows.length > 0 ? rows : undefined;
        });
        expect(sentMessages.map((message) => message.recipientAddress)).toEqual([
          'admissions+690003777@demo.parcours.local',
        ]);
        expect(sentMessages[0]?.textBody).toContain('Pouvez-vous répondre cette semaine ?');

        // A note: read by the territory's coordinators (here another session of the same role), never by the facility.
        await runCommand(context, coordinator, referral.caseId, {
          type: 'addNote',
          note: 'Appelé l’établissement : réponse promise lundi.',
        });
        // Another coordinator of the Rhône (the demo has one per territory): same role and territory, another person.
        const otherCoordinator: Actor = {
          ...coordinator,
          id: randomUUID(),
          displayName: 'Autre coordinateur du Rhône',
        };
        const seenByCoordinator = await loadReferralDetail(h.db, otherCoordinator, referral.caseId);
        expect(seenByCoordinator.coordination?.journal.map((entry) => entry.type)).toEqual([
          'coordination.reminded',
          'coordination.note_added',
        ]);
        expect(JSON.stringify(seenByCoordinator)).toContain('réponse promise lundi');
        for (const party of [berthet, physician]) {
          const seen = await loadReferralDetail(h.db, party, referral.caseId);
          expect(JSON.stringify(seen), party.displayName).not.toContain('réponse promise lundi');
          expect(seen.timeline.map((event) => event.type)).not.toContain('coordination.note_added');
        }
        // The facility sees the reminder it received; the requester does not see the facility's.
        const facilityView = await loadReferralDetail(h.db, berthet, referral.caseId);
        expect(facilityView.timeline.map((event) => event.type)).toContain('coordination.reminded');
        const requesterView = await loadReferralDetail(h.db, physician, referral.caseId);
        expect(requesterView.timeline.map((event) => event.type)).not.toContain('coordination.reminded');

        // The next Paris day, a reminder may go again.
        await h.sleep(day);
        await remind();
        await waitFor('the second day’s reminder', async () =>
          (await h.messages(referral.caseId, 'coordinator_reminder')).length === 2 ? true : undefined,
        );

        // The facility answers: the stall clears, the case leaves the list.
        await referral.run('refuse', {
          actorId: demo.berthetMember,
          taskId: tasks[0]?.taskId ?? '',
          reasonCode: 'no_place',
        });
        const later = Date.now();
        await waitFor('the case out of the worklist', async () =>
          (await worklistOn(coordinator, later, { takenInCharge: 'all' })).items.some(
            (item) => item.id === referral.caseId,
          )
            ? undefined
            : true,
        );
      });
    },
    storyTimeoutMs,
  );

  it(
    'takes a case out of the list while « pris en charge », and brings it back the day after if still stalled',
    async () => {
      await h.withWorker(async () => {
        const tasks = await h.facilityTasks([demoFiness.elisabeth]);
        const referral = await h.startReferral({ tasks });
        await h.sleep(31 * day);
        const stalled = await referral.until('the stalled mark', (state) => state.stalled.length > 0);
        const now = Date.parse(stalled.updatedAt);
        const context = { db: h.db, temporal: h.env.client, taskQueue: h.taskQueue(), searchAttributes: false };
        const today = todayInParis(now);
        const until = new Date(now + 2 * day).toISOString().slice(0, 10);
        await runCommand(context, coordinator, referral.caseId, { type: 'takeCharge', until });
        const ids = async (at: number, filters: Record<string, string> = {}) =>
          (await worklistOn(coordinator, at, filters)).items.map((item) => item.id);
        expect(today <= until).toBe(true);
        expect(await ids(now)).not.toContain(referral.caseId);
        expect(await ids(now, { takenInCharge: 'yes' })).toContain(referral.caseId);
        expect(await ids(now, { takenInCharge: 'all' })).toContain(referral.caseId);
        // Three days later the date has passed: back in the list to handle, without anything running.
        expect(await ids(now + 3 * day)).toContain(referral.caseId);
      });
    },
    storyTimeoutMs,
  );

  it('is reserved to coordinators, and only for their territory', async () => {
    await expect(stalledCasesOfTerritory(h.db, physician)).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(worklistOn(physician, Date.now())).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
