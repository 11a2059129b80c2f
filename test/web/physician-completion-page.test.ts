import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { users } from '../../db/schema.ts';
import { dossierField, valuesFromDossier } from '../../web/components/dossier-form.ts';
import { stepPaths } from '../../web/routes/request-steps.tsx';
import { freshRpps } from '../support/accounts.ts';
import { completeDossier } from '../support/dossiers.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { particulierEmail, signedInBrowser } from '../support/particuliers.ts';
import type { TestPlatform } from '../support/platform.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

const tag = randomUUID().slice(0, 6);

async function account(platform: TestPlatform, role: 'particulier' | 'physician', displayName: string) {
  const [row] = await platform.db
    .insert(users)
    .values({
      role,
      displayName,
      email: role === 'particulier' ? particulierEmail() : `${randomUUID()}@medecin.test`,
      emailVerifiedAt: new Date(),
      ...(role === 'physician' ? { rpps: freshRpps() } : {}),
    })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  return row.id;
}

/** A family request with its administrative part filled, this physician designated and seeing it. */
async function waitingRequest(platform: TestPlatform, physician: string, lastName: string) {
  const referent = await account(platform, 'particulier', 'Anne Complète');
  const { identity: _identity, ...administrative } = completeDossier('ehpad').administrative ?? {};
  const created = await platform.api<{ id: string }>('POST', '/api/family/requests', {
    as: referent,
    body: {
      patient: { lastName, firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female', departement: '69' },
      administrative,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const caseId = created.body.id;
  const designated = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
    as: referent,
    body: { physicianId: physician },
  });
  expect(designated.status, JSON.stringify(designated.body)).toBe(200);
  await waitFor('designated in the read model', async () =>
    (await platform.api('GET', `/api/referrals/${caseId}`, { as: physician })).status === 200 ? true : undefined,
  );
  return { caseId, referent };
}

/** The physician's fields of a complete dossier (medical part and grid), as the page names them. */
function physicianForm(): Record<string, string> {
  const values = valuesFromDossier(completeDossier('ehpad'), 'ehpad');
  const form: Record<string, string> = {};
  for (const path of [...stepPaths('ehpad', 'medical'), ...stepPaths('ehpad', 'autonomie')]) {
    form[dossierField(path)] = values[path] ?? '';
  }
  return form;
}

describe('the médecin traitant’s completion page', () => {
  it('opens from « Dossiers à compléter », says what is missing, validates; the family sees « Dossier complet »', async ({
    platform,
  }) => {
    const physician = await account(platform, 'physician', `Dr Paul Complet${tag}`);
    const lastName = `Complete${tag}`;
    const { caseId, referent } = await waitingRequest(platform, physician, lastName);
    const office = await signedInBrowser(platform, physician);
    const list = await office.request('GET', '/medecin/dossiers-a-completer');
    expect(list.html).toContain(`href="/medecin/dossiers/${caseId}"`);
    const page = await office.request('GET', `/medecin/dossiers/${caseId}`);
    expect(page.status).toBe(200);
    for (const label of [
      'Volet médical',
      'Grille AGGIR (volet autonomie)',
      'Antécédents médicaux et chirurgicaux',
      'Partager le GIR avec la famille',
      'Valider le dossier',
      'Je ne suis pas le médecin de cette personne',
    ]) {
      expect(page.html).toContain(label);
    }
    // The live GIR answers for the grid as posted.
    const gir = await office.request<{ gir: number | null }>('POST', `/medecin/dossiers/${caseId}/gir`, {
      form: physicianForm(),
    });
    expect(gir.body).toMatchObject({ gir: 2 });

    // Only the history typed: refused, each missing field said, what was typed kept.
    const full = physicianForm();
    const partial = Object.fromEntries(
      Object.entries(full).map(([name, value]) => [name, name.endsWith('.history') ? value : '']),
    );
    const refused = await office.request('POST', `/medecin/dossiers/${caseId}/valider`, {
      form: { ...partial, csrf: office.csrf() },
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Le volet médical et la grille AGGIR doivent être complets');
    expect(refused.html).toContain('Cotation obligatoire');
    expect(refused.html).toContain(full[dossierField('medical.history')] ?? 'missing');

    const validated = await office.request('POST', `/medecin/dossiers/${caseId}/valider`, {
      form: { ...full, shareGir: '1', csrf: office.csrf() },
    });
    expect(validated).toMatchObject({ status: 303, location: '/medecin/dossiers-a-completer?fait=valide' });
    const after = await office.request('GET', validated.location ?? '');
    expect(after.html).toContain('Le dossier est complété et validé');
    const family = await signedInBrowser(platform, referent);
    const familyPage = await waitFor('« Dossier complet » on the family’s page', async () => {
      const answer = await family.request('GET', `/particulier/demandes/${caseId}`);
      return answer.html.includes('Dossier complet') ? answer.html : undefined;
    });
    expect(familyPage).not.toContain(full[dossierField('medical.treatments')] ?? 'missing');
    await waitFor('gone from his list', async () =>
      (await office.request('GET', '/medecin/dossiers-a-completer')).html.includes(caseId) ? undefined : true,
    );
    // Done: the page leads to the case.
    expect((await office.request('GET', `/medecin/dossiers/${caseId}`)).location).toBe(`/demandes/${caseId}`);
  });

  it('is nobody else’s; declining asks first; a professional request for the same person is said, then passed', async ({
    platform,
  }) => {
    const physician = await account(platform, 'physician', `Dr Lise Decline${tag}`);
    const { caseId } = await waitingRequest(platform, physician, `Decline${tag}`);
    const other = await signedInBrowser(platform, await account(platform, 'physician', `Dr Autre${tag}`));
    expect((await other.request('GET', `/medecin/dossiers/${caseId}`)).status).toBe(404);
    const family = await signedInBrowser(platform, await account(platform, 'particulier', 'Marc Autre'));
    expect((await family.request('GET', `/medecin/dossiers/${caseId}`)).status).toBe(404);

    const office = await signedInBrowser(platform, physician);
    expect((await office.request('GET', `/medecin/dossiers/${caseId}`)).status).toBe(200);
    const asked = await office.request('POST', `/medecin/dossiers/${caseId}/decliner`, {
      form: { csrf: office.csrf() },
    });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Vous n’êtes pas le médecin de cette personne ?');
    const declined = await office.request('POST', `/medecin/dossiers/${caseId}/decliner`, {
      form: { csrf: office.csrf(), confirme: 'oui' },
    });
    expect(declined).toMatchObject({ status: 303, location: '/medecin/dossiers-a-completer?fait=decline' });
    await waitFor('no longer his', async () =>
      (await office.request('GET', `/medecin/dossiers/${caseId}`)).status === 404 ? true : undefined,
    );

    // A request the demo physician made for the same person: said to the médecin traitant, who passes it.
    const lastName = `Doublon${tag}`;
    const twin = await waitingRequest(platform, physician, lastName);
    const professional = await platform.api('POST', '/api/referrals', {
      as: demo.otherPhysician,
      body: {
        kind: 'ehpad',
        patient: { lastName, firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female', departement: '69' },
        dossier: completeDossier('ehpad'),
        facilityIds: [await platform.facilityId(demoFiness.berthet)],
        send: true,
      },
    });
    expect(professional.status, JSON.stringify(professional.body)).toBe(201);
    const form = { ...physicianForm(), csrf: office.csrf() };
    const warned = await waitFor('the duplicate said', async () => {
      const answer = await office.request('POST', `/medecin/dossiers/${twin.caseId}/valider`, { form });
      return answer.status === 409 ? answer.html : undefined;
    });
    expect(warned).toContain('Une demande faite par un professionnel est en cours pour cette personne');
    expect(warned).toContain('Dr Karim Benali');
    expect(warned).toContain('Valider quand même');
    const passed = await office.request('POST', `/medecin/dossiers/${twin.caseId}/valider`, {
      form: { ...form, confirmNotDuplicate: '1' },
    });
    expect(passed).toMatchObject({ status: 303, location: '/medecin/dossiers-a-completer?fait=valide' });
  });
});
