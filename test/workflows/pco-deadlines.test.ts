import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisDay } from '../../domain/calendar/days.ts';
import type { PcoCommandArgs } from '../../workflows/pco-contract.ts';
import { recordHistory } from '../support/histories.ts';
import { createTimeSkippingHarness, day, storyTimeoutMs } from '../support/time-skipping.ts';

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
beforeAll(async () => {
  h = await createTimeSkippingHarness();
});
afterAll(async () => {
  await h?.close();
});

const doctor = '00000000-0000-4000-8000-000000000031';
const coordinator = '00000000-0000-4000-8000-000000000032';
const validate: PcoCommandArgs<'validate'> = {
  actorId: doctor,
  setting: 'contracted',
  professions: ['psychomotricien', 'psychologue'],
};
/** Today in Paris on the test server's clock, which the story moves forward. */
const today = async () => parisDay(await h.env.currentTimeMs());

describe('the legal deadlines of a PCO pathway (time-skipping server)', () => {
  it(
    'validated within 15 days: a reminder at day 10, no stalled mark',
    async () => {
      await h.withWorker(async () => {
        const orientation = await h.startOrientation();
        await h.sleep(11 * day);
        await orientation.until('the validation reminder', (state) => state.validationRemindedAt !== undefined);
        expect(await h.messages(orientation.caseId, 'pco_validation_reminder')).toHaveLength(1);
        const validated = await orientation.run('validate', validate);
        expect(validated).toMatchObject({ status: 'validated', stalled: [] });
      });
    },
    storyTimeoutMs,
  );

  it(
    'not validated after 15 days: stalled for the platform, cleared by the validation',
    async () => {
      await h.withWorker(async () => {
        const orientation = await h.startOrientation();
        await h.sleep(16 * day);
        const stalled = await orientation.until('the stalled mark', (state) => state.stalled.length > 0);
        expect(stalled.stalled.map((mark) => mark.reason)).toEqual(['validation_overdue']);
        expect(await h.messages(orientation.caseId, 'pco_case_stalled')).toHaveLength(1);
        expect((await orientation.run('validate', validate)).stalled).toEqual([]);
      });
    },
    storyTimeoutMs,
  );

  it(
    'refused with each reason: closed, the physician told why',
    async () => {
      await h.withWorker(async () => {
        for (const reason of ['cdaph_equivalent', 'no_significant_gap'] as const) {
          const orientation = await h.startOrientation();
          await orientation.run('refuse', { actorId: doctor, reason });
          const final = await orientation.handle.result();
          expect(final).toMatchObject({ status: 'refused', refusal: { reason } });
          expect(await h.messages(orientation.caseId, 'pco_decision')).toHaveLength(1);
        }
      });
    },
    storyTimeoutMs,
  );

  it(
    'first assessment overdue at 3 months, synthesis overdue 6 months after the first intervention',
    async () => {
      await h.withWorker(async () => {
        const orientation = await h.startOrientation();
        await orientation.run('validate', validate);
        await h.sleep(93 * day);
        await orientation.until('the first-assessment mark', (state) =>
          state.stalled.some((m) => m.reason === 'first_assessment_overdue'),
        );
        const assessed = await orientation.run('recordCare', {
          actorId: coordinator,
          id: 'a1',
          kind: 'assessment',
          profession: 'psychologue',
          date: await today(),
          amountCents: 20_000,
          provider: 'contracted',
        });
        expect(assessed.stalled).toEqual([]);
        await orientation.run('recordCare', {
          actorId: coordinator,
          id: 'i1',
          kind: 'intervention',
          profession: 'psychomotricien',
          date: await today(),
          amountCents: 5_000,
          provider: 'contracted',
        });
        await h.sleep(185 * day);
        await orientation.until('the synthesis mark', (state) =>
          state.stalled.some((m) => m.reason === 'synthesis_overdue'),
        );
        const met = await orientation.run('recordSynthesis', { actorId: coordinator, date: await today() });
        expect(met.stalled).toEqual([]);
        expect((await h.messages(orientation.caseId)).map((m) => m.recipientAddress)).toContain(
          'anne.petit@example.fr',
        );
      });
    },
    storyTimeoutMs,
  );

  it(
    'at 12 months: reminded a month ahead; renewed once; then the closure is due at 24 months',
    async () => {
      await h.withWorker(async () => {
        const orientation = await h.startOrientation();
        await orientation.run('validate', validate);
        await orientation.run('recordCare', {
          actorId: coordinator,
          id: 'a1',
          kind: 'assessment',
          profession: 'psychologue',
          date: await today(),
          amountCents: 0,
          provider: 'platform',
        });
        await orientation.run('recordSynthesis', { actorId: coordinator, date: await today() });
        await h.sleep(340 * day);
        await orientation.until('the end-of-year reminder', (state) => state.endRemindedAt !== undefined);
        await h.sleep(30 * day);
        await orientation.until('the renewal mark', (state) =>
          state.stalled.some((m) => m.reason === 'renewal_decision_overdue'),
        );
        const renewed = await orientation.run('decideRenewal', { actorId: doctor, renew: true });
        expect(renewed).toMatchObject({ renewed: true, stalled: [] });
        await h.sleep(370 * day);
        await orientation.until('the closure mark', (state) =>
          state.stalled.some((m) => m.reason === 'closure_overdue'),
        );
        await orientation.run('close', { actorId: doctor, outcome: 'mdph_orientation' });
        expect(await orientation.handle.result()).toMatchObject({
          status: 'closed',
          outcome: 'mdph_orientation',
          stalled: [],
        });
        await recordHistory(orientation.handle, 'pco-v2-renewed-then-closed');
      });
    },
    storyTimeoutMs,
  );

  it(
    'not renewed at 12 months: the closure is due at the end of the year, with any outcome',
    async () => {
      await h.withWorker(async () => {
        const orientation = await h.startOrientation();
        await orientation.run('validate', validate);
        await orientation.run('decideRenewal', { actorId: doctor, renew: false });
        await h.sleep(370 * day);
        const due = await orientation.until('the closure mark', (state) => state.stalled.length > 0);
        expect(due.stalled.map((m) => m.reason)).toEqual(['first_assessment_overdue', 'closure_overdue']);
        await orientation.run('close', { actorId: doctor, outcome: 'no_disorder' });
        expect((await orientation.handle.result()).outcome).toBe('no_disorder');
      });
    },
    storyTimeoutMs,
  );

  it(
    'closes at any time on the family’s withdrawal',
    async () => {
      await h.withWorker(async () => {
        const orientation = await h.startOrientation();
        await orientation.run('close', { actorId: doctor, outcome: 'family_withdrawal' });
        expect(await orientation.handle.result()).toMatchObject({ status: 'closed', outcome: 'family_withdrawal' });
      });
    },
    storyTimeoutMs,
  );
});
