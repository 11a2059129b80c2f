import { describe, expect } from 'vitest';
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
      note: 'Relance',
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
    expect(html).not.toContain('method="post"');
    expect(html).not.toContain('Historique');

    // Not late yet: the relance is refused, and the note is checked first.
    const early = await post(`/coordination/demandes/${referral.id}/relance`, coordinator, {
      note: 'Pouvez-vous répondre cette semaine ?',
    });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('coordination.not_stalled');
    const empty = await post(`/coordination/demandes/${referral.id}/relance`, coordinator, { note: ' ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Écrivez quelques mots de relance.');
  });
});
