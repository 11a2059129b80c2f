import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgeStalledReferral, stalledCasesOfTerritory } from '../../api/coordination/stalled-cases.ts';
import { loadActor } from '../../api/identity.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { createTimeSkippingHarness, day } from '../support/time-skipping.ts';
import { waitFor } from '../support/wait-for.ts';

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let coordinator: Actor;
beforeAll(async () => {
  h = await createTimeSkippingHarness();
  const julie = await loadActor(h.db, '00000000-0000-4000-8000-000000000021');
  if (!julie) throw new Error('demo coordinator not seeded');
  coordinator = julie;
});
afterAll(async () => {
  await h?.close();
});

describe('a coordinator’s territory (stalled cases produced by real workflows)', () => {
  it('lists a referral of the Rhône once a facility has been silent 30 days, and relances that facility once', async () => {
    await h.withWorker(async () => {
      const tasks = await h.facilityTasks([demoFiness.berthet]);
      const referral = await h.startReferral({ tasks });
      const before = await stalledCasesOfTerritory(h.db, coordinator);
      expect(before.map((item) => item.id)).not.toContain(referral.caseId);

      await h.sleep(31 * day);
      await referral.until('the stalled mark', (state) => state.stalled.length > 0);
      const worklist = await waitForListed(referral.caseId);
      expect(worklist.reasons).toEqual([
        expect.objectContaining({
          reason: 'facility_no_answer',
          partyLabel: 'Établissement',
          who: 'EHPAD SERGENT BERTHET',
        }),
      ]);
      expect(await stalledCasesOfTerritory(h.db, coordinator, '13')).toEqual([]);

      const context = { db: h.db, temporal: h.env.client, taskQueue: h.taskQueue(), appUrl: 'http://localhost:3000' };
      const nudge = () =>
        nudgeStalledReferral(
          context,
          coordinator,
          referral.caseId,
          'Pouvez-vous répondre cette semaine ?',
          '2027-01-05',
        );
      expect(await nudge()).toEqual({ sentTo: ['facility'] });
      await nudge();
      const sent = await h.messages(referral.caseId, 'coordinator_nudge');
      expect(sent.map((message) => message.recipientAddress)).toEqual(['admissions+690003777@demo.parcours.local']);
      expect(sent[0]?.textBody).toContain('Pouvez-vous répondre cette semaine ?');
    });
  });

  it('is reserved to coordinators, and only for their territory', async () => {
    const physician = await loadActor(h.db, demo.physician);
    if (!physician) throw new Error('demo physician not seeded');
    await expect(stalledCasesOfTerritory(h.db, physician)).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});

function waitForListed(caseId: string) {
  return waitFor('the stalled case in the coordinator’s worklist', async () =>
    (await stalledCasesOfTerritory(h.db, coordinator)).find((item) => item.id === caseId),
  );
}
