import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrientationDetail } from '../../api/pco/service.ts';
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

const coordinator = '00000000-0000-4000-8000-000000000021';

describe('what a territory coordinator may see and do', () => {
  it('reads a referral of the Rhône with every facility’s answer, never the medical part, and acts on nothing', async () => {
    const [berthet, elisabeth] = await Promise.all([
      platform.facilityId(demoFiness.berthet),
      platform.facilityId(demoFiness.elisabeth),
    ]);
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: {
          lastName: 'Territoire',
          firstName: 'Rose',
          birthDate: '1937-02-02',
          sex: 'female',
          departement: '69',
        },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet, elisabeth],
      },
    });
    const seen = await platform.api<ReferralDetail>('GET', `/api/referrals/${created.body.id}`, { as: coordinator });
    expect(seen.status).toBe(200);
    expect(seen.body.tasks).toHaveLength(2);
    expect(seen.body.dossier.gir).toBeNull();
    const dossier = await platform.api<{ medicalPartVisible: boolean; content: Record<string, unknown> }>(
      'GET',
      `/api/referrals/${created.body.id}/dossier`,
      { as: coordinator },
    );
    expect(dossier.body.medicalPartVisible).toBe(false);
    expect(dossier.body.content).not.toHaveProperty('medical');
    const cancel = await platform.api<{ code: string }>('POST', `/api/referrals/${created.body.id}/cancel`, {
      as: coordinator,
      body: { reason: 'Essai de la coordination' },
    });
    expect(cancel).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  });

  it('does not see a case of another département, nor one without a département', async () => {
    const berthet = await platform.facilityId(demoFiness.berthet);
    for (const departement of ['13', undefined]) {
      const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
        as: demo.physician,
        body: {
          kind: 'ehpad',
          patient: {
            lastName: 'Ailleurs',
            firstName: 'Jean',
            birthDate: '1936-03-03',
            sex: 'male',
            ...(departement ? { departement } : {}),
          },
          dossier: completeDossier('ehpad'),
          confirmNotDuplicate: true,
          facilityIds: [berthet],
        },
      });
      const seen = await platform.api('GET', `/api/referrals/${created.body.id}`, { as: coordinator });
      expect(seen.status, String(departement)).toBe(404);
    }
  });

  it('reads a PCO orientation of the Rhône but cannot decide on it', async () => {
    const birth = new Date();
    birth.setUTCFullYear(birth.getUTCFullYear() - 3);
    const created = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: {
        child: {
          lastName: 'Petit',
          firstName: 'Noé',
          birthDate: birth.toISOString().slice(0, 10),
          sex: 'male',
          departement: '69',
        },
        screening: { checkedItems: ['3y-la-1', '3y-so-1'], generalSigns: [] },
        unusualDevelopmentConfirmed: true,
        hasMdphRights: false,
        hasEsmsSupport: false,
        family: { contactName: 'Léa Petit', relationship: 'Mère', consent: true },
      },
    });
    const seen = await platform.api<OrientationDetail>('GET', `/api/pco/orientations/${created.body.id}`, {
      as: coordinator,
    });
    expect(seen.status).toBe(200);
    const validate = await platform.api<{ code: string }>('POST', `/api/pco/orientations/${created.body.id}/validate`, {
      as: coordinator,
      body: { setting: 'platform', professions: ['psychologue'] },
    });
    expect(validate.status).toBe(403);
  });
});
