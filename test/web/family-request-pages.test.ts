import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { users } from '../../db/schema.ts';
import { dossierField, valuesFromDossier } from '../../web/components/dossier-form.ts';
import { departementOfPostcode } from '../../web/routes/family-requests.tsx';
import { stepPaths } from '../../web/routes/request-steps.tsx';
import { freshRpps } from '../support/accounts.ts';
import { completeDossier } from '../support/dossiers.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { particulierEmail, personBrowser, signedInBrowser } from '../support/particuliers.ts';
import { demo } from '../support/platform.ts';
import { signIn } from '../support/sessions.ts';
import { waitFor } from '../support/wait-for.ts';

const tag = randomUUID().slice(0, 6);

const csrfOf = (html: string) => /name="csrf" value="([a-z2-7]+)"/.exec(html)?.[1] ?? '';

describe('the family request pages (espace particulier)', () => {
  it('creates a request from the form of « Mon espace », then shows it with its dossier number', async ({
    platform,
  }) => {
    const [row] = await platform.db
      .insert(users)
      .values({
        role: 'particulier',
        displayName: 'Anne Lefèvre',
        email: particulierEmail(),
        emailVerifiedAt: new Date(),
      })
      .returning({ id: users.id });
    const { cookie } = await signIn(platform.db, row?.id ?? '');
    const b = personBrowser(platform);
    const [name, value] = cookie.split('=');
    b.jar.set(name ?? '', value ?? '');

    const form = await b.request('GET', '/particulier/demandes/nouvelle');
    expect(form.status).toBe(200);
    expect(form.html).toContain('<h1>Nouvelle demande</h1>');
    expect(form.html).toContain('Accueil de nuit');
    const fields = {
      csrf: csrfOf(form.html),
      lastName: 'Lefèvre',
      firstName: 'Jeanne',
      birthDate: '1938-04-12',
      sex: 'female',
      postcode: '69003',
      familySituation: 'widowed',
      stayType: 'temporary',
      desiredEntryDate: '2030-01-15',
      legalProtection: 'none',
      contactName: 'Anne Lefèvre',
      contactRelationship: 'Fille',
      contactPhone: '06 12 34 56 78',
      apa: 'requested',
      accommodationSocialAid: '',
      housingAid: '',
    };
    const invalid = await b.request('POST', '/particulier/demandes/nouvelle', { form: { ...fields, birthDate: '' } });
    expect(invalid.status, invalid.html.slice(-1500)).toBe(422);
    expect(invalid.html).toContain('fr-alert--error');
    const created = await b.request('POST', '/particulier/demandes/nouvelle', { form: fields });
    expect(created.status, created.html).toBe(303);
    const location = created.location ?? '';
    expect(location).toMatch(/^\/particulier\/demandes\/[0-9a-f-]{36}\?creee=1$/);
    const page = await b.request('GET', location);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Demande pour Jeanne Lefèvre');
    expect(page.html).toMatch(/Dossier n° P-\d{4}-\d{6}/);
    expect(page.html).toContain('La demande est créée');
    const home = await b.request('GET', '/');
    expect(home.html).toContain('Jeanne Lefèvre — dossier n° P-');
    expect(home.html).toContain(`href="${location.replace('?creee=1', '')}"`);

    // She designates the médecin traitant by name; he finds it in « Dossiers à compléter ».
    const [doctor] = await platform.db
      .insert(users)
      .values({
        role: 'physician',
        displayName: `Dr Aubin Pagetest${tag}`,
        email: `aubin-${tag}@medecin.test`,
        rpps: freshRpps(),
      })
      .returning({ id: users.id });
    const requestPath = location.replace('?creee=1', '');
    expect(page.html).toContain('Aucun médecin traitant désigné');
    const search = await b.request('GET', `${requestPath}?medecin=${encodeURIComponent(`pagetest${tag}`)}`);
    expect(search.html).toContain(`Dr Aubin Pagetest${tag}`);
    // By RPPS too; a wrong check digit is said on the page.
    const rpps = freshRpps();
    const wrong = `${rpps.slice(0, 10)}${(Number(rpps[10]) + 1) % 10}`;
    const refused = await b.request('GET', `${requestPath}?medecin=${wrong}`);
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('Ce numéro RPPS n’est pas valide');
    const designated = await b.request('POST', `${requestPath}/medecin`, {
      form: { csrf: b.csrf(), physicianId: doctor?.id ?? '' },
    });
    expect(designated.status, designated.html.slice(0, 300)).toBe(303);
    const after = await b.request('GET', designated.location ?? '');
    expect(after.html).toContain('Le médecin est désigné');
    const list = await waitFor('his list', async () => {
      const answer = await platform.app.request('http://localhost/medecin/dossiers-a-completer', {
        headers: { cookie: await platform.cookieOf(doctor?.id ?? '') },
      });
      const html = await answer.text();
      return html.includes('Jeanne Lefèvre — dossier n° P-') ? html : undefined;
    });
    expect(list).toContain(`href="/medecin/dossiers/${requestPath.split('/').at(-1)}"`);

    // Nobody else's: a physician gets no form, another family no page.
    const physician = await platform.app.request('http://localhost/particulier/demandes/nouvelle', {
      headers: { cookie: await platform.cookieOf(demo.physician) },
    });
    expect(physician.status).toBe(403);
    const [other] = await platform.db
      .insert(users)
      .values({ role: 'particulier', displayName: 'Marc', email: particulierEmail() })
      .returning({ id: users.id });
    const stranger = await platform.app.request(`http://localhost${location}`, {
      headers: { cookie: await platform.cookieOf(other?.id ?? '') },
    });
    expect(stranger.status).toBe(404);
  });

  it('lets the référent complete her administrative part later, and only that part, back to her page', async ({
    platform,
  }) => {
    const [row] = await platform.db
      .insert(users)
      .values({
        role: 'particulier',
        displayName: 'Anne Plus Tard',
        email: particulierEmail(),
        emailVerifiedAt: new Date(),
      })
      .returning({ id: users.id });
    const created = await platform.api<{ id: string; dossier: { missingParts: { path: string }[] } }>(
      'POST',
      '/api/family/requests',
      {
        as: row?.id ?? '',
        body: {
          patient: {
            lastName: 'Tardive',
            firstName: 'Jeanne',
            birthDate: '1938-04-12',
            sex: 'female',
            departement: '69',
          },
        },
      },
    );
    const caseId = created.body.id;
    const b = await signedInBrowser(platform, row?.id ?? '');
    const page = await b.request('GET', `/particulier/demandes/${caseId}`);
    expect(page.html).toContain('À compléter par vous');
    expect(page.html).toContain(`href="/demandes/${caseId}/brouillon/administratif"`);
    const step = await b.request('GET', `/demandes/${caseId}/brouillon/administratif`);
    expect(step.status).toBe(200);
    // The physician's steps are not hers.
    for (const other of ['autonomie', 'medical', 'etablissements']) {
      const answer = await b.request('GET', `/demandes/${caseId}/brouillon/${other}`);
      expect(answer, other).toMatchObject({ status: 303, location: `/particulier/demandes/${caseId}` });
    }
    const values = valuesFromDossier(completeDossier('ehpad'), 'ehpad');
    const form: Record<string, string> = {};
    for (const path of stepPaths('ehpad', 'administratif')) form[dossierField(path)] = values[path] ?? '';
    const saved = await b.request('POST', `/demandes/${caseId}/brouillon/administratif`, { form });
    expect(saved).toMatchObject({ status: 303, location: `/particulier/demandes/${caseId}?fait=dossier` });
    const after = await waitFor('her part complete on her page', async () => {
      const answer = await b.request('GET', saved.location ?? '');
      return answer.html.includes('À compléter par vous') ? undefined : answer.html;
    });
    expect(after).toContain('Le médecin traitant complète la partie médicale');
  });

  it('reads the département of a postcode', () => {
    expect(departementOfPostcode('69003')).toBe('69');
    expect(departementOfPostcode('20000')).toBe('2A');
    expect(departementOfPostcode('20200')).toBe('2B');
    expect(departementOfPostcode('97400')).toBe('974');
    expect(departementOfPostcode('6900')).toBeUndefined();
  });
});
