import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';

let platform: TestPlatform;
let worker: RunningWorker;
beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

it('creation race', async () => {
  const berthet = await platform.facilityId(demoFiness.berthet);
  const results: string[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = Date.now();
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'X', firstName: 'Y', birthDate: '1930-01-01', sex: 'male' },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet],
      },
    });
    const took = Date.now() - t0;
    const seqs = created.body.timeline.map((e) => e.seq).join(',');
    let ms = 0;
    const s = Date.now();
    for (;;) {
      const r = await platform.api<ReferralDetail>('GET', `/api/referrals/${created.body.id}`, { as: demo.physician });
      if (r.body.timeline[0]?.seq === 1) break;
      await new Promise((r) => setTimeout(r, 20));
      ms = Date.now() - s;
      if (ms > 5000) break;
    }
    results.push(`create ${took}ms seqs=[${seqs}] event1 after ${ms}ms`);
  }
  console.log(results.join('\n'));
  expect(true).toBe(true);
}, 120_000);
