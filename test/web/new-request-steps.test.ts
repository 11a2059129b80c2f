import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../app/server-app.ts';
import { importCommunes } from '../../db/import/communes-import.ts';
import { sharedDataDir } from '../../db/import/shipped-data.ts';
import { facilities, referralDrafts, referrals } from '../../db/schema.ts';
import { searchText } from '../../domain/directory/search-text.ts';
import { computeDossierGir } from '../../domain/referral/dossier.ts';
import { dossierField, valuesFromDossier } from '../../web/components/dossier-form.ts';
import { stepPaths } from '../../web/routes/request-steps.tsx';
import { completeDossier } from '../support/dossiers.ts';
import { demo } from '../support/platform.ts';
import { type ScratchPlatform, startScratchPlatform } from '../support/scratch-platform.ts';
import { sessionJar } from '../support/sessions.ts';

/**
 * « Nouvelle demande » step by step, through the pages only and without JavaScript: forms posted as
 * a browser posts them, redirects read as a browser follows them. The platform has a database of its
 * own (demo data, the shipped communes, 55 more EHPADs around Lyon) so that counts and pages are exact.
 */
let scratch: ScratchPlatform;
let app: ReturnType<typeof createServerApp>;
let cookieOf: (userId: string) => Promise<string>;
const paginationCount = 55;

beforeAll(async () => {
  scratch = await startScratchPlatform('request_steps');
  const db = scratch.database.db;
  await importCommunes(db, join(sharedDataDir(), 'geo', 'communes.csv'));
  await importCommunes(db, join(sharedDataDir(), 'geo', 'arrondissements_plm.csv'), { arrondissements: true });
  // Around Lyon 3e, 1 to 6 km away; a price each, every third one with an Alzheimer unit (unite_alzheimer).
  await db.insert(facilities).values(
    Array.from({ length: paginationCount }, (_, index) => {
      const name = `EHPAD Pagination ${String(index + 1).padStart(2, '0')}`;
      return {
        name,
        kind: 'ehpad',
        departement: '69',
        commune: 'Lyon',
        email: `pagination-${index}@example.org`,
        lat: 45.76 + (index % 10) * 0.004,
        lon: 4.85 + Math.floor(index / 10) * 0.006,
        pricePerDay: 60 + index,
        capabilities: index % 3 === 0 ? ['unite_alzheimer'] : [],
        searchText: searchText(`${name} Lyon`),
      };
    }),
  );
  app = createServerApp({
    db,
    temporal: scratch.client,
    taskQueue: scratch.taskQueue,
    searchAttributes: true,
    devMailbox: false,
    appUrl: 'http://localhost:3000',
  });
  cookieOf = sessionJar(db);
}, 120_000);
afterAll(async () => {
  await scratch?.stop();
});

async function get(path: string): Promise<{ status: number; html: string; location: string | null }> {
  const response = await app.request(path, { headers: { cookie: await cookieOf(demo.physician) } });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

async function post(path: string, fields: [string, string][]) {
  const response = await app.request(path, {
    method: 'POST',
    headers: {
      cookie: await cookieOf(demo.physician),
      origin: 'http://localhost',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** Posts a step and follows its redirect, as the browser does. */
async function submit(path: string, fields: [string, string][]) {
  const posted = await post(path, fields);
  expect(posted.status, posted.html.slice(0, 2000)).toBe(303);
  const location = posted.location ?? '';
  return { location, page: await get(location) };
}

/** The fields of a step filled from the complete dossier of the test fixtures. */
function stepFields(step: 'administratif' | 'autonomie' | 'medical', skip: string[] = []): [string, string][] {
  const values = valuesFromDossier(completeDossier('ehpad'), 'ehpad');
  return stepPaths('ehpad', step)
    .filter((path) => !skip.includes(path) && values[path])
    .map((path) => [dossierField(path), values[path] ?? '']);
}

async function draftRow(caseId: string) {
  const [row] = await scratch.database.db.select().from(referralDrafts).where(eq(referralDrafts.referralId, caseId));
  return row;
}

async function caseRow(caseId: string) {
  const [row] = await scratch.database.db.select().from(referrals).where(eq(referrals.id, caseId));
  return row;
}

/** Kind, then person: the draft case exists from there on, at its administrative step. */
async function startDraft(lastName: string): Promise<string> {
  const kind = await get('/demandes/nouvelle');
  expect(kind.html).toContain('class="fr-stepper"');
  expect(kind.html).toContain('Étape 1 sur 7');
  const person = await get('/demandes/nouvelle/personne?type=ehpad');
  expect(person.status).toBe(200);
  expect(person.html).toContain('Étape 2 sur 7');
  const { location } = await submit('/demandes/nouvelle/personne', [
    ['kind', 'ehpad'],
    ['lastName', lastName],
    ['firstName', 'Jeanne'],
    ['birthDate', '1938-04-12'],
    ['sex', 'female'],
    ['dossier.administrative.address.departement', '69'],
    ['action', 'continuer'],
  ]);
  const caseId = /\/demandes\/([0-9a-f-]{36})\/brouillon\/administratif$/.exec(location)?.[1];
  if (!caseId) throw new Error(`unexpected redirect ${location}`);
  return caseId;
}

/** The facility names of a result page, in order. */
function resultNames(html: string): string[] {
  const results = html.split('id="resultats"')[1] ?? '';
  return [...results.matchAll(/<h3 class="fr-card__title fr-h6">([^<]+)<\/h3>/g)].map((match) => match[1] ?? '');
}

function basketNames(html: string): string[] {
  const basket = html.split('id="panier"')[1]?.split('</section>')[0] ?? '';
  return [...basket.matchAll(/<strong>([^<]+)<\/strong>/g)].map((match) => match[1] ?? '');
}

async function facilityIdOf(name: string): Promise<string> {
  const [row] = await scratch.database.db
    .select({ id: facilities.id })
    .from(facilities)
    .where(eq(facilities.name, name));
  if (!row) throw new Error(`no facility ${name}`);
  return row.id;
}

describe('a new request, step by step, without JavaScript', () => {
  it('saves a draft at each step and resumes from « Mes demandes » at the step left', async () => {
    const lastName = `Etapes-${randomUUID().slice(0, 8)}`;
    const caseId = await startDraft(lastName);
    expect(await caseRow(caseId)).toMatchObject({ status: 'draft', departement: '69', dossierVersion: 1 });
    expect(await draftRow(caseId)).toMatchObject({ step: 'administratif', facilityIds: [] });

    // The administrative part, refused field by field, then saved as a new version of the dossier.
    const refused = await post(`/demandes/${caseId}/brouillon/administratif`, [
      ...stepFields('administratif', ['administrative.address.postcode']),
      ['dossier.administrative.address.postcode', '6900'],
      ['action', 'continuer'],
    ]);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Code postal attendu : 5 chiffres.');
    expect(refused.html).toContain('value="12 rue des Lilas"');
    const administrative = await submit(`/demandes/${caseId}/brouillon/administratif`, [
      ...stepFields('administratif'),
      ['action', 'continuer'],
    ]);
    expect(administrative.location).toBe(`/demandes/${caseId}/brouillon/autonomie`);
    expect(administrative.page.html).toContain('Étape 4 sur 7');
    expect(await caseRow(caseId)).toMatchObject({ dossierVersion: 2 });
    expect(await draftRow(caseId)).toMatchObject({ step: 'autonomie' });

    // « Mes demandes » reopens the draft at its autonomy step.
    const list = await get('/demandes');
    const resume = new RegExp(`href="/demandes/${caseId}/brouillon/autonomie">\\s*Reprendre`);
    expect(list.html).toMatch(resume);
    expect(list.html).toContain('à l’étape « Dossier : volet autonomie (grille AGGIR) »');
    const resumed = await get(`/demandes/${caseId}/brouillon/autonomie`);
    expect(resumed.status).toBe(200);
    expect(resumed.html).toContain(lastName.toUpperCase());
    // The parts already typed are kept when coming back to them.
    expect((await get(`/demandes/${caseId}/brouillon/administratif`)).html).toContain('value="Paul Durand"');

    // The medical part: saved, then the facilities step is where « Reprendre » leads.
    const autonomy = await submit(`/demandes/${caseId}/brouillon/autonomie`, [
      ...stepFields('autonomie'),
      ['action', 'continuer'],
    ]);
    expect(autonomy.location).toBe(`/demandes/${caseId}/brouillon/medical`);
    const medical = await submit(`/demandes/${caseId}/brouillon/medical`, [
      ...stepFields('medical'),
      ['action', 'continuer'],
    ]);
    expect(medical.location).toBe(`/demandes/${caseId}/brouillon/etablissements`);
    expect(await caseRow(caseId)).toMatchObject({ dossierVersion: 4, missingParts: [] });
    expect((await get('/demandes')).html).toMatch(
      new RegExp(`href="/demandes/${caseId}/brouillon/etablissements">\\s*Reprendre`),
    );
    // Saving a part unchanged makes no new version (the facilities would be told of one once sent).
    await submit(`/demandes/${caseId}/brouillon/medical`, [...stepFields('medical'), ['action', 'continuer']]);
    expect(await caseRow(caseId)).toMatchObject({ dossierVersion: 4 });
  });

  it('computes the GIR when the grid is submitted, without JavaScript, with domain/referral/aggir.ts', async () => {
    const caseId = await startDraft(`Gir-${randomUUID().slice(0, 8)}`);
    const grid = stepFields('autonomie');
    const expected = computeDossierGir(completeDossier('ehpad'))?.gir;
    expect(expected).toBeDefined();

    // Half the grid: no GIR yet, and the page says how much is coded.
    const partial = await submit(`/demandes/${caseId}/brouillon/autonomie`, [
      ...grid.slice(0, 4),
      ['action', 'calculer'],
    ]);
    expect(partial.location).toBe(`/demandes/${caseId}/brouillon/autonomie?fait=gir#gir-calcule`);
    expect(partial.page.html).toMatch(/GIR non calculé : 4 variables discriminantes cotées sur \d+/);

    const computed = await submit(`/demandes/${caseId}/brouillon/autonomie`, [...grid, ['action', 'calculer']]);
    expect(computed.page.html).toContain(`<strong>GIR ${expected}</strong>`);
    expect(await caseRow(caseId)).toMatchObject({ gir: expected });
    // The script's endpoint answers the same from the grid as typed (posted, never in the address).
    const live = await post(`/demandes/${caseId}/brouillon/gir`, grid);
    expect(JSON.parse(live.html)).toMatchObject({ gir: expected });
    expect(computed.page.html).toContain('src="/static/parcours/gir-live.js"');
  });

  it('keeps a basket across searches with the directory’s filters, pages beyond 50 results, then sends', async () => {
    const lastName = `Panier-${randomUUID().slice(0, 8)}`;
    const caseId = await startDraft(lastName);
    for (const step of ['administratif', 'autonomie', 'medical'] as const) {
      await submit(`/demandes/${caseId}/brouillon/${step}`, [...stepFields(step), ['action', 'continuer']]);
    }
    const base = `/demandes/${caseId}/brouillon/etablissements`;

    // First visit: distances from the person's postcode in the dossier (69003, Lyon 3e), price shown.
    const first = await get(base);
    expect(first.html).toContain('à moins de 30 km de Lyon 3e Arrondissement');
    expect(first.html).toContain('value="Lyon 3e Arrondissement (69383)"');
    expect(first.html).toMatch(/— à \d+,\d km —/);
    expect(first.html).toContain('€ / jour');
    const total = Number(/(\d+) établissements à moins de 30 km/.exec(first.html)?.[1]);
    expect(total).toBeGreaterThan(50);
    expect(resultNames(first.html)).toHaveLength(20);

    // Every result is reachable, page after page, beyond the first 50.
    const pages = Math.ceil(total / 20);
    const seen = new Set<string>();
    for (let page = 1; page <= pages; page++) {
      const shown = await get(`${base}?commune=69003&page=${page}`);
      for (const name of resultNames(shown.html)) seen.add(name);
    }
    expect(seen.size).toBe(total);
    const last = await get(`${base}?commune=69003&page=${pages}`);
    expect(last.html).toContain(`${(pages - 1) * 20 + 1} à ${total}, page ${pages} sur ${pages}`);

    // First search, by price and capability: two facilities into the basket.
    const cheapAlzheimer = await get(`${base}?commune=69003&rayon=20&prix=70&capacite=unite_alzheimer&tri=nom`);
    const firstNames = resultNames(cheapAlzheimer.html);
    expect(firstNames).toEqual([
      'EHPAD Pagination 01',
      'EHPAD Pagination 04',
      'EHPAD Pagination 07',
      'EHPAD Pagination 10',
    ]);
    const search1 = 'commune=69003&rayon=20&tri=nom&prix=70&capacite=unite_alzheimer';
    for (const name of ['EHPAD Pagination 01', 'EHPAD Pagination 07']) {
      const id = await facilityIdOf(name);
      const added = await post(base, [
        ['recherche', search1],
        ['ajouter', id],
      ]);
      expect(added.status).toBe(303);
      expect(added.location).toBe(`${base}?${search1}#etablissement-${id}`);
    }

    // A second search, by name: the basket and the person are still there; a third facility.
    const second = await get(`${base}?commune=69003&q=berthet`);
    expect(basketNames(second.html)).toEqual(['EHPAD Pagination 01', 'EHPAD Pagination 07']);
    expect(second.html).toContain(lastName.toUpperCase());
    expect(resultNames(second.html)).toEqual(['EHPAD SERGENT BERTHET']);
    await post(base, [
      ['recherche', 'commune=69003&q=berthet'],
      ['ajouter', await facilityIdOf('EHPAD SERGENT BERTHET')],
    ]);
    // Page 3 of a third search: one more, then taken off again.
    const page3 = await get(`${base}?commune=69003&page=3`);
    const extra = resultNames(page3.html)[0] ?? '';
    await post(base, [
      ['recherche', 'commune=69003&page=3'],
      ['ajouter', await facilityIdOf(extra)],
    ]);
    const removed = await post(base, [
      ['recherche', 'commune=69003&page=3'],
      ['retirer', await facilityIdOf(extra)],
    ]);
    expect(removed.location).toBe(`${base}?commune=69003&page=3#panier`);
    expect(await draftRow(caseId)).toMatchObject({
      step: 'etablissements',
      facilityIds: [
        await facilityIdOf('EHPAD Pagination 01'),
        await facilityIdOf('EHPAD Pagination 07'),
        await facilityIdOf('EHPAD SERGENT BERTHET'),
      ],
    });
    expect((await get('/demandes')).html).toMatch(new RegExp(`href="${base}">\\s*Reprendre`));

    // The review lists the basket; sending addresses exactly those three.
    const review = await get(`/demandes/${caseId}/brouillon/recapitulatif`);
    expect(review.html).toContain('Établissements sollicités (3)');
    const sentCase = await submit(`/demandes/${caseId}/brouillon/recapitulatif`, [['action', 'envoyer']]);
    expect(sentCase.location).toBe(`/demandes/${caseId}?fait=envoyee`);
    expect(sentCase.page.html).toContain('La demande a été envoyée aux établissements choisis.');
    expect(await caseRow(caseId)).toMatchObject({ status: 'sent' });
    expect(await draftRow(caseId)).toBeUndefined();
    // Its steps are closed now: they lead to the case's page.
    expect((await get(base)).location).toBe(`/demandes/${caseId}`);
  });

  it('refuses to send an incomplete dossier or an empty basket, naming the steps to go back to', async () => {
    const caseId = await startDraft(`Incomplet-${randomUUID().slice(0, 8)}`);
    const refused = await post(`/demandes/${caseId}/brouillon/recapitulatif`, [['action', 'envoyer']]);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Le dossier est incomplet');
    expect(refused.html).toContain(`href="/demandes/${caseId}/brouillon/autonomie#partie-autonomy-aggir"`);
    expect(await caseRow(caseId)).toMatchObject({ status: 'draft' });

    for (const step of ['administratif', 'autonomie', 'medical'] as const) {
      await submit(`/demandes/${caseId}/brouillon/${step}`, [...stepFields(step), ['action', 'continuer']]);
    }
    const empty = await post(`/demandes/${caseId}/brouillon/recapitulatif`, [['action', 'envoyer']]);
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('Choisissez au moins un établissement avant l’envoi.');
    expect(await caseRow(caseId)).toMatchObject({ status: 'draft', missingParts: [] });
  });

  it('shows in the basket the facilities a draft already has, and withdraws one taken off', async () => {
    const berthet = await facilityIdOf('EHPAD SERGENT BERTHET');
    const created = await app.request('/api/referrals', {
      method: 'POST',
      headers: { cookie: await cookieOf(demo.physician), 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'ehpad',
        send: false,
        patient: {
          lastName: `Api-${randomUUID().slice(0, 8)}`,
          firstName: 'Rose',
          birthDate: '1937-05-06',
          sex: 'female',
        },
        facilityIds: [berthet],
      }),
    });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { id: string }).id;
    // Without a step saved, « Reprendre » opens its first dossier step.
    expect((await get('/demandes')).html).toMatch(
      new RegExp(`href="/demandes/${caseId}/brouillon/administratif">\\s*Reprendre`),
    );
    const base = `/demandes/${caseId}/brouillon/etablissements`;
    expect(basketNames((await get(base)).html)).toEqual(['EHPAD SERGENT BERTHET']);
    const removed = await post(base, [
      ['recherche', ''],
      ['retirer', berthet],
    ]);
    expect(removed.status).toBe(303);
    expect(basketNames((await get(base)).html)).toEqual([]);
    const detail = (await (
      await app.request(`/api/referrals/${caseId}`, { headers: { cookie: await cookieOf(demo.physician) } })
    ).json()) as { tasks: { status: string }[] };
    expect(detail.tasks.map((task) => task.status)).toEqual(['cancelled']);
  });

  it('asks which commune when a postcode is shared, as a list of links that work without JavaScript', async () => {
    const caseId = await startDraft(`Commune-${randomUUID().slice(0, 8)}`);
    const base = `/demandes/${caseId}/brouillon/etablissements`;
    const asked = await get(`${base}?commune=69250&rayon=20`);
    expect(asked.html).toContain('Plusieurs communes ont le code postal 69250 : laquelle ?');
    expect(asked.html).not.toContain('à moins de 20 km');
    const picked = await get(`${base}?commune=69250&rayon=20&commune-insee=69143`);
    expect(picked.html).toContain('à moins de 20 km de Neuville-sur-Saône');
  });
});
