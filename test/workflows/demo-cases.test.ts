import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stalledCasesOfTerritory } from '../../api/coordination/stalled-cases.ts';
import { demoCaseId, demoPcoScenarios, demoReferralScenarios, seedDemoCases } from '../../app/demo-cases.ts';
import { facilityTasks, referralEvents, referrals } from '../../db/schema.ts';
import { pcoCases } from '../../db/schema-pco.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { type ScratchPlatform, startScratchPlatform } from '../support/scratch-platform.ts';

/** Its own database (the demo's Rhône cases would show in the other files' lists) and its own series of ids. */
let platform: ScratchPlatform;
let database: ScratchPlatform['database'];
let client: ScratchPlatform['client'];
let taskQueue: string;
// 1 to 3500; the browser test of coordination takes 3501 to 4000, the observatory 4001 to 4095.
const series = 1 + Math.floor(Math.random() * 3500);
const caseOf = (n: number) => demoCaseId(n, series);

beforeAll(async () => {
  platform = await startScratchPlatform('demo_cases');
  ({ database, client, taskQueue } = platform);
}, 60_000);
afterAll(async () => {
  await platform?.stop();
});

const coordinatorOf = (territories: string[]): Actor => ({
  id: randomUUID(),
  role: 'coordinator',
  displayName: 'Coordination',
  facilityIds: [],
  facilityRoles: {},
  pcoRoles: {},
  territories,
});

describe('the demo cases of npm start', () => {
  it('plays every case from its past with the real rules, then hands it to the real workflow; a second start adds nothing', async () => {
    const first = await seedDemoCases({ db: database.db, temporal: client, taskQueue, searchAttributes: true, series });
    expect(first.started).toBe(demoReferralScenarios.length + demoPcoScenarios.length);

    const rows = await database.db
      .select()
      .from(referrals)
      .where(
        inArray(
          referrals.id,
          demoReferralScenarios.map((scenario) => caseOf(scenario.n)),
        ),
      );
    const byN = (n: number) => rows.find((row) => row.id === caseOf(n));
    const reasonsOf = (n: number) => byN(n)?.stalledMarks.map((mark) => mark.reason);
    expect(byN(1)).toMatchObject({ status: 'sent', stalled: false });
    expect(reasonsOf(4)).toEqual(['facility_no_answer']);
    expect(reasonsOf(5)).toEqual(['choice_pending']);
    expect(reasonsOf(6)).toEqual(['admission_overdue']);
    expect(reasonsOf(7)).toEqual(['info_answer_pending']);
    expect(reasonsOf(11)).toEqual(['facility_no_answer']);
    expect(byN(8)?.status).toBe('admitted');
    expect(byN(10)?.status).toBe('archived');
    expect(byN(22)).toMatchObject({ departement: '33', stalled: true });
    const refusedEverywhere = await database.db
      .select({ status: facilityTasks.status, answeredAt: facilityTasks.answeredAt })
      .from(facilityTasks)
      .where(eq(facilityTasks.referralId, caseOf(9)));
    expect(refusedEverywhere.map((task) => task.status)).toEqual(['refused', 'refused', 'refused']);
    expect(
      refusedEverywhere.every((task) => task.answeredAt && task.answeredAt.getTime() < Date.now() - 10 * 86_400_000),
    ).toBe(true);
    // The timeline is the workflow's, from the backdated creation on.
    const events = await database.db
      .select()
      .from(referralEvents)
      .where(eq(referralEvents.referralId, caseOf(4)));
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['referral.created', 'referral.sent', 'task.reminded', 'referral.stalled']),
    );
    const [late] = await database.db
      .select()
      .from(pcoCases)
      .where(eq(pcoCases.id, caseOf(31)));
    expect(late?.stalledMarks.map((mark) => mark.reason)).toEqual(['validation_overdue']);

    const open = await client.workflow.getHandle(referralWorkflowId(caseOf(4))).describe();
    expect(open).toMatchObject({ type: 'referralWorkflow', status: { name: 'RUNNING' } });

    const rhone = await stalledCasesOfTerritory(database.db, coordinatorOf(['69']), undefined);
    expect(new Set(rhone.flatMap((item) => item.reasons.map((reason) => reason.reason)))).toEqual(
      new Set([
        'facility_no_answer',
        'choice_pending',
        'admission_overdue',
        'info_answer_pending',
        'validation_overdue',
      ]),
    );
    expect(rhone.every((item) => item.departement === '69')).toBe(true);
    const gironde = await stalledCasesOfTerritory(database.db, coordinatorOf(['33']), undefined);
    expect(gironde.map((item) => item.id)).toEqual([caseOf(22)]);

    const second = await seedDemoCases({
      db: database.db,
      temporal: client,
      taskQueue,
      searchAttributes: true,
      series,
    });
    expect(second).toEqual({ started: 0, kept: first.started });
  }, 120_000);
});
