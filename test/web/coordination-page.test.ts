import { describe, expect } from 'vitest';
import { worklistQuery } from '../../api/coordination/stalled-cases.ts';
import { CoordinationPage, worklistHref } from '../../web/pages/coordination.tsx';
import { platformTest } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

const coordinator = '00000000-0000-4000-8000-000000000021';

// The page helpers of this file, as fixtures: a test names the ones it uses.
const it = platformTest
  .extend('as', { scope: 'file' }, ({ sessions }) => async (userId: string) => ({
    cookie: await sessions.cookieOf(userId),
  }))
  .extend('post', { scope: 'file' }, ({ platform, as }) => {
    return async (path: string, userId: string, fields: Record<string, string>) =>
      platform.app.request(path, {
        method: 'POST',
        headers: {
          ...(await as(userId)),
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      });
  })
  /** A request of the Rhône, sent today: in the coordinator's territory, and not late. */
  .extend('sentReferralOfTheRhone', ({ createReferralCase }) => async () => {
    const { created } = await createReferralCase({
      facilities: ['berthet'],
      patient: {
        lastName: 'Coordination',
        firstName: 'Odile',
        birthDate: '1938-02-11',
        sex: 'female',
        departement: '69',
      },
      send: true,
    });
    expect(created.status).toBe(201);
    return created.body;
  });

describe('the coordinators’ worklist page', () => {
  it('shows the coordinator the stalled cases of the territory, or says there are none', async ({ platform, as }) => {
    const response = await platform.app.request('/coordination', { headers: await as(coordinator) });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Dossiers en retard</h1>');
    expect(html).toContain('href="/coordination" aria-current="page"');
    expect(html).toContain('<option value="69"');
    expect(html.includes('Aucun dossier en retard sur votre territoire') || html.includes('Qui doit agir')).toBe(true);
    // A département outside the territory is not a filter: the whole territory is shown.
    const outside = await platform.app.request('/coordination?departement=13', { headers: await as(coordinator) });
    expect(outside.status).toBe(200);
    expect(await outside.text()).not.toContain('<option value="13"');
  });

  it('refuses other people, and sends visitors to the demo profile picker', async ({ platform, as, post }) => {
    const physician = await platform.app.request('/coordination', { headers: await as(demo.physician) });
    expect(physician.status).toBe(403);
    expect(await physician.text()).toContain('Vous n’avez pas les droits nécessaires');
    const visitor = await platform.app.request('/coordination');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/connexion?retour=%2Fcoordination');
    const nudge = await post(`/coordination/demandes/${crypto.randomUUID()}/relance`, demo.physician, {
      message: 'Relance',
    });
    expect(nudge.status).toBe(403);
  });

  it('lets the coordinator read a case of the territory, without its medical part nor any action', async ({
    platform,
    as,
    post,
    sentReferralOfTheRhone,
  }) => {
    const referral = await sentReferralOfTheRhone();
    const asRequester = await (
      await platform.app.request(`/demandes/${referral.id}`, { headers: await as(demo.physician) })
    ).text();
    expect(asRequester).toContain('<strong>GIR ');

    const response = await platform.app.request(`/demandes/${referral.id}`, { headers: await as(coordinator) });
    expect(response.status).toBe(200);
    // The page's own content (the header's logout button is a form of its own).
    const html = (await response.text()).split('<main')[1] ?? '';
    expect(html).toContain('COORDINATION Odile');
    expect(html).toContain('en tant que coordinateur du territoire');
    expect(html).not.toContain('GIR ');
    // None of the parties' actions nor their story: only the coordination's own panel and forms.
    expect(html).not.toContain(`/demandes/${referral.id}/annuler`);
    expect(html).not.toContain('/taches/');
    expect(html).not.toContain('Historique');
    expect(html).toContain('Suivi de la coordination');
    expect(html).toContain(`action="/coordination/demandes/${referral.id}/note"`);
    // Not late: no reminder form, and a reminder posted anyway is refused with its code.
    expect(html).not.toContain(`action="/coordination/demandes/${referral.id}/relance"`);
    const early = await post(`/coordination/demandes/${referral.id}/relance`, coordinator, {
      message: 'Pouvez-vous répondre cette semaine ?',
    });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('coordination.not_stalled');
    const empty = await post(`/coordination/demandes/${referral.id}/note`, coordinator, {
      note: ' ',
      retour: `/demandes/${referral.id}`,
    });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Écrivez quelques mots.');
  });

  it('adds a note from the case page, seen by coordinators only, and suggests a facility the requester adds in one click', async ({
    platform,
    as,
    post,
    sentReferralOfTheRhone,
  }) => {
    const referral = await sentReferralOfTheRhone();
    const added = await post(`/coordination/demandes/${referral.id}/note`, coordinator, {
      note: 'Famille rappelée, en attente du retour de l’EHPAD.',
      retour: `/demandes/${referral.id}`,
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/demandes/${referral.id}?fait=note`);
    const page = await (
      await platform.app.request(`/demandes/${referral.id}?fait=note`, { headers: await as(coordinator) })
    ).text();
    expect(page).toContain('Seuls les coordinateurs du territoire la voient.');
    expect(page).toContain('Famille rappelée, en attente du retour de l’EHPAD.');
    expect(page).toContain('Julie Fabre');
    for (const party of [demo.physician, demo.berthetMember]) {
      const seen = await (await platform.app.request(`/demandes/${referral.id}`, { headers: await as(party) })).text();
      expect(seen, party).not.toContain('Famille rappelée');
      expect(seen, party).not.toContain('Suivi de la coordination');
    }

    // A suggestion: one facility of the kind and département, not addressed yet.
    const choice = /name="facilityIds"[^>]*>[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(page)?.[1];
    expect(choice).toBeDefined();
    const suggested = await post(`/coordination/demandes/${referral.id}/suggestion`, coordinator, {
      facilityIds: choice ?? '',
      retour: `/demandes/${referral.id}`,
    });
    expect(suggested.status).toBe(303);
    const requesterPage = await (
      await platform.app.request(`/demandes/${referral.id}`, { headers: await as(demo.physician) })
    ).text();
    expect(requesterPage).toContain('Établissements suggérés par la coordination du territoire');
    expect(requesterPage).toContain(`name="facilityIds" value="${choice}"`);
    // One click: the existing « ajouter des établissements » command sends it to that facility.
    const add = await post(`/demandes/${referral.id}/etablissements`, demo.physician, {
      facilityIds: choice ?? '',
      wave: '1',
    });
    expect(add.status).toBe(303);
    const after = await (
      await platform.app.request(`/demandes/${referral.id}`, { headers: await as(demo.physician) })
    ).text();
    expect(after).not.toContain('Établissements suggérés par la coordination du territoire');
  });

  it('filters the worklist by reason, kind, facility, age and « pris en charge », sorts and pages it without JavaScript', async ({
    platform,
    as,
  }) => {
    const query =
      '/coordination?reason=facility_no_answer&kind=ehpad&minDays=30&takenInCharge=all&sort=newest&page=999';
    const response = await platform.app.request(query, { headers: await as(coordinator) });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="get" action="/coordination"');
    for (const selected of [
      '<option value="facility_no_answer" selected',
      '<option value="ehpad" selected',
      '<option value="30" selected',
      '<option value="all" selected',
      '<option value="newest" selected',
    ]) {
      expect(html, selected).toContain(selected);
    }
    expect(html).toContain('Effacer les filtres');
    // A value that is not a filter is ignored, not an error.
    const odd = await platform.app.request('/coordination?reason=nope&minDays=3&page=-1', {
      headers: await as(coordinator),
    });
    expect(odd.status).toBe(200);
    // The API refuses it with its reason.
    const api = await platform.api<{ code: string }>('GET', '/api/coordination/stalled?minDays=3', { as: coordinator });
    expect(api.status).toBe(422);
    const page = await platform.api<{ items: unknown[]; page: number; pageSize: number; total: number }>(
      'GET',
      '/api/coordination/stalled?takenInCharge=all&page=1',
      { as: coordinator },
    );
    expect(page).toMatchObject({ status: 200, body: { page: 1, pageSize: 20 } });
    expect(page.body.items.length).toBeLessThanOrEqual(20);
  });

  it('renders the pages as links that keep the filters', () => {
    const worklist = { items: [], total: 45, page: 2, pageCount: 3, pageSize: 20, facilities: [] };
    const query = worklistQuery.parse({ reason: 'choice_pending', page: '2' });
    const html = String(
      CoordinationPage({
        frame: { actor: undefined, path: '/coordination', devMailbox: false, csrf: 'x' },
        territories: ['69'],
        query,
        worklist,
        today: '2027-01-05',
      }),
    );
    expect(html).toContain('href="/coordination?reason=choice_pending"');
    expect(html).toContain('href="/coordination?reason=choice_pending&amp;page=3"');
    expect(html).toContain('Page 2 sur 3');
    expect(worklistHref(query, { page: 1 })).toBe('/coordination?reason=choice_pending');
  });
});
