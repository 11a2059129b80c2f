import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { OrientationDetail } from '../../api/pco/service.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

const coordinator = '00000000-0000-4000-8000-000000000021';

describe('what a territory coordinator may see and do', () => {
  it('reads a referral of the Rhône with every facility’s answer, never the medical part, and acts on nothing', async ({
    platform,
    createReferralCase,
  }) => {
    const { created } = await createReferralCase({
      facilities: ['berthet', 'elisabeth'],
      patient: { lastName: 'Territoire', firstName: 'Rose', birthDate: '1937-02-02', sex: 'female', departement: '69' },
    });
    const seen = await platform.api<ReferralDetail>('GET', `/api/referrals/${created.body.id}`, { as: coordinator });
    expect(seen.status).toBe(200);
    expect(seen.body.tasks).toHaveLength(2);
    expect(seen.body.dossier.gir).toBeNull();
    // Of the dossier, only what acting on a stall needs: its version and what is missing, from the detail.
    expect(seen.body.dossier.missingParts).toEqual([]);
    const dossier = await platform.api<{ code: string }>('GET', `/api/referrals/${created.body.id}/dossier`, {
      as: coordinator,
    });
    expect(dossier).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const cancel = await platform.api<{ code: string }>('POST', `/api/referrals/${created.body.id}/cancel`, {
      as: coordinator,
      body: { reason: 'Essai de la coordination' },
    });
    expect(cancel).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  });

  it('gets 404 on a draft of the territory, and never the address nor the family’s phone of a sent case', async ({
    platform,
    sessions,
    createReferralCase,
  }) => {
    const patient = { birthDate: '1935-05-05', sex: 'female', departement: '69' } as const;
    const { created: draft, facilities } = await createReferralCase({
      facilities: ['berthet'],
      send: false,
      patient: { lastName: 'Brouillon', firstName: 'Irène', ...patient },
    });
    const berthet = facilities.berthet.id;
    expect(draft).toMatchObject({ status: 201, body: { status: 'draft' } });
    const draftId = draft.body.id;
    for (const path of [
      `/api/referrals/${draftId}`,
      `/api/referrals/${draftId}/dossier`,
      `/api/referrals/${draftId}/messages`,
    ]) {
      const read = await platform.api<{ code: string }>('GET', path, { as: coordinator });
      expect(read, path).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    }
    for (const [path, body] of [
      ['remind', {}],
      ['notes', { note: 'Où en est ce dossier ?' }],
    ] as const) {
      const action = await platform.api<{ code: string }>('POST', `/api/referrals/${draftId}/coordination/${path}`, {
        as: coordinator,
        body,
      });
      expect(action, path).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    }
    const page = await platform.app.request(`/demandes/${draftId}`, {
      headers: { cookie: await sessions.cookieOf(coordinator) },
    });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Brouillon');

    // Once sent, the coordinator follows it: the summary, none of the dossier's contact details.
    const sent = await platform.api<ReferralDetail>('POST', `/api/referrals/${draftId}/send`, { as: demo.physician });
    expect(sent.status).toBe(200);
    const seen = await platform.api<ReferralDetail>('GET', `/api/referrals/${draftId}`, { as: coordinator });
    expect(seen.status).toBe(200);
    expect(seen.body.patient).toMatchObject({ lastName: 'Brouillon', firstName: 'Irène', birthDate: '1935-05-05' });
    expect(seen.body.tasks.map((task) => task.facility.id)).toEqual([berthet]);
    const dossier = await platform.api('GET', `/api/referrals/${draftId}/dossier`, { as: coordinator });
    const caseUrl = `/demandes/${draftId}`;
    const pages = await Promise.all(
      [caseUrl, `${caseUrl}/dossier`].map(async (url) => {
        const response = await platform.app.request(url, { headers: { cookie: await sessions.cookieOf(coordinator) } });
        return { url, status: response.status, html: await response.text() };
      }),
    );
    expect(pages.map((read) => [read.url, read.status])).toEqual([
      [caseUrl, 200],
      [`${caseUrl}/dossier`, 403],
    ]);
    expect(pages[0]?.html).toContain('BROUILLON Irène');
    expect(pages[0]?.html).not.toContain(`href="${caseUrl}/dossier"`);
    const everything = JSON.stringify([seen.body, dossier.body, ...pages.map((read) => read.html)]);
    for (const detail of ['12 rue des Lilas', 'Paul Durand', '06 12 34 56 78', 'Amlodipine']) {
      expect(everything, detail).not.toContain(detail);
    }
    // The physician still reads it all, and the facility its administrative part.
    const ownDossier = await platform.api('GET', `/api/referrals/${draftId}/dossier`, { as: demo.physician });
    expect(JSON.stringify(ownDossier.body)).toContain('06 12 34 56 78');
    const facilityDossier = await platform.api('GET', `/api/referrals/${draftId}/dossier`, { as: demo.berthetMember });
    expect(JSON.stringify(facilityDossier.body)).toContain('12 rue des Lilas');
  });

  it('keeps a Rhône case, its notes and its coordination actions from a Gironde coordinator and from the parties', async ({
    platform,
    createReferralCase,
  }) => {
    const gironde = '00000000-0000-4000-8000-000000000022';
    const { created } = await createReferralCase({
      facilities: ['berthet'],
      patient: {
        lastName: 'Rhodanienne',
        firstName: 'Lise',
        birthDate: '1936-06-06',
        sex: 'female',
        departement: '69',
      },
    });
    const caseId = created.body.id;
    const secret = 'Note interne : famille injoignable, rappeler jeudi.';
    const note = await platform.api<ReferralDetail>('POST', `/api/referrals/${caseId}/coordination/notes`, {
      as: coordinator,
      body: { note: secret },
    });
    expect(note.status).toBe(200);
    expect(note.body.coordination?.journal.map((entry) => [entry.type, entry.text])).toEqual([
      ['coordination.note_added', secret],
    ]);
    // Not stalled: no reminder, no « pris en charge » (a clear refusal, never a success for nothing).
    const remind = await platform.api<{ code: string }>('POST', `/api/referrals/${caseId}/coordination/remind`, {
      as: coordinator,
      body: {},
    });
    expect(remind).toMatchObject({ status: 409, body: { code: 'coordination.not_stalled' } });

    // The Gironde's coordinator: the case does not exist, nor may they act on it or list it.
    const seen = await platform.api<{ code: string }>('GET', `/api/referrals/${caseId}`, { as: gironde });
    expect(seen).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    for (const [path, body] of [
      ['notes', { note: 'Essai depuis la Gironde' }],
      ['remind', {}],
      ['escalate', { message: 'Essai depuis la Gironde' }],
      ['take-charge', { until: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }],
    ] as const) {
      const action = await platform.api<{ code: string }>('POST', `/api/referrals/${caseId}/coordination/${path}`, {
        as: gironde,
        body,
      });
      expect(action, path).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    }
    for (const query of ['', '?departement=69', '?takenInCharge=all']) {
      const list = await platform.api<{ items: { id: string; departement: string }[] }>(
        'GET',
        `/api/coordination/stalled${query}`,
        { as: gironde },
      );
      expect(list.status, query).toBe(200);
      expect(
        list.body.items.filter((item) => item.departement !== '33'),
        query,
      ).toEqual([]);
    }
    // The parties read the case without the note; a physician or facility may not write one.
    for (const party of [demo.physician, demo.berthetMember]) {
      const read = await platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: party });
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body), party).not.toContain('famille injoignable');
      const write = await platform.api<{ code: string }>('POST', `/api/referrals/${caseId}/coordination/notes`, {
        as: party,
        body: { note: 'Essai' },
      });
      expect(write, party).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    }
    // The audit journal has the note (who, which case), never its words.
    const journal = await platform.db.execute(
      sql`select event, user_id, details from audit_log where event = 'coordination.note_added' and details like ${`%${caseId}%`}`,
    );
    expect(journal).toHaveLength(1);
    expect(JSON.stringify(journal)).not.toContain('injoignable');
  });

  it('does not see a case of another département, nor one without a département', async ({
    platform,
    createReferralCase,
  }) => {
    for (const departement of ['13', undefined]) {
      const { created } = await createReferralCase({
        facilities: ['berthet'],
        patient: {
          lastName: 'Ailleurs',
          firstName: 'Jean',
          birthDate: '1936-03-03',
          sex: 'male',
          ...(departement ? { departement } : {}),
        },
      });
      const seen = await platform.api('GET', `/api/referrals/${created.body.id}`, { as: coordinator });
      expect(seen.status, String(departement)).toBe(404);
    }
  });

  it('reads a PCO orientation of the Rhône but cannot decide on it', async ({ platform }) => {
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
