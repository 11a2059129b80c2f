import { randomUUID } from 'node:crypto';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessionCookie } from '../../api/auth/cookies.ts';
import { connectDatabase } from '../../db/client.ts';
import { communes } from '../../db/schema.ts';
import { communeKey } from '../../domain/directory/search-text.ts';
import { demo, startTestPlatform } from '../support/platform.ts';
import { signIn } from '../support/sessions.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let browser: Browser;

/**
 * The shared database holds the seeded facilities (the three real Lyon EHPADs with their FINESS
 * positions) but no communes: the national list is imported only into scratch databases. These
 * rows are copied from the shipped `geo/communes.csv`.
 */
const testCommunes = [
  { insee: '69266', name: 'Villeurbanne', postcodes: ['69100'], departement: '69', lat: 45.77188, lon: 4.88983 },
  {
    insee: '69264',
    name: 'Villefranche-sur-Saône',
    postcodes: ['69400'],
    departement: '69',
    lat: 45.9837,
    lon: 4.72596,
  },
];
const seededEhpads = ['EHPAD SERGENT BERTHET', 'RESIDENCE SAINTE ELISABETH', 'EHPAD LE 6EME'];

beforeAll(async () => {
  const seeding = connectDatabase(inject('databaseUrl'), { max: 1 });
  await seeding.db
    .insert(communes)
    .values(testCommunes.map((commune) => ({ ...commune, searchName: communeKey(commune.name) })))
    .onConflictDoNothing();
  await seeding.close();
  [platform, browser] = await Promise.all([
    startTestPlatform(),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

function signInAsPhysician(page: Page) {
  return platform.signIn(page, demo.physician, '/demandes');
}

interface ShownFacility {
  name: string;
  hint: string;
  km: number;
}

/** The facilities of a checkbox list, in order, with the distance their hint gives. */
async function shownFacilities(list: Locator): Promise<ShownFacility[]> {
  const labels = await list.locator('label').evaluateAll((nodes) =>
    nodes.map((node) => ({
      name: node.firstChild?.textContent?.trim() ?? '',
      hint: node.querySelector('.fr-hint-text')?.textContent ?? '',
    })),
  );
  return labels.map(({ name, hint }) => {
    // French: "à 4,2 km" under 10 km, whole kilometres above.
    const distance = hint.match(/ — à (\d+(?:,\d)?) km — /);
    if (!distance?.[1]) throw new Error(`no distance in « ${hint} »`);
    return { name, hint, km: Number(distance[1].replace(',', '.')) };
  });
}

/** The ranking the directory API documents, for the same search. */
async function apiRanking(radiusKm: number): Promise<string[]> {
  const response = await fetch(
    `${platform.baseUrl}/api/facilities?kind=ehpad&commune=69266&radiusKm=${radiusKm}&sort=pertinence&limit=50`,
    { headers: { cookie: `${sessionCookie}=${(await signIn(platform.db, demo.physician)).token}` } },
  );
  const body = (await response.json()) as { items: { name: string }[] };
  return body.items.map((item) => item.name);
}

describe('the facility step of a new request', () => {
  it('lists the EHPADs near the person’s commune, ranked, and keeps the search through a refused draft', async () => {
    const page = await (await browser.newContext()).newPage();
    const lastName = `Proximite-${randomUUID().slice(0, 8)}`;
    await signInAsPhysician(page);
    await page.getByRole('link', { name: 'Annuaire des établissements' }).waitFor();

    await page.goto(`${platform.baseUrl}/demandes/nouvelle?type=ehpad`);
    await page.getByLabel(/^Commune de la personne/).fill('Villeurbanne');
    await page.getByLabel('Rayon autour de la commune').selectOption('20');
    await page.getByRole('button', { name: 'Afficher les établissements' }).click();
    await page.waitForURL(/commune=Villeurbanne&rayon=20/);

    const step = page.getByRole('region', { name: /Établissements sollicités/ });
    await step.getByText(/à moins de 20 km de Villeurbanne, classés? par pertinence/).waitFor();
    const list = page.getByRole('group', { name: /auxquels envoyer la demande/ });
    const shown = await shownFacilities(list);
    expect(shown.map((facility) => facility.name)).toEqual(expect.arrayContaining(seededEhpads));
    for (const facility of shown) {
      expect(facility.km).toBeLessThanOrEqual(20);
      // The declared places and the reason for the rank are said beside the distance.
      expect(facility.hint).toMatch(/Places disponibles non déclarées|places? disponibles?|Aucune place disponible/);
      expect(facility.hint).toMatch(/réactivité comptée comme moyenne|répond en|a répondu à/);
    }
    expect(shown.map((facility) => facility.name)).toEqual(await apiRanking(20));

    // A draft refused (no first name) comes back with the same search, list and ticks.
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel(/Date de naissance/).fill('1936-02-03');
    await page.locator('label', { hasText: 'Femme' }).click();
    await list.locator('label', { hasText: 'EHPAD LE 6EME' }).click();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Indiquez le prénom de la personne.').waitFor();
    expect(await page.getByLabel(/^Commune de la personne/).inputValue()).toBe('Villeurbanne');
    expect(await page.getByLabel('Rayon autour de la commune').inputValue()).toBe('20');
    expect((await shownFacilities(list)).map((facility) => facility.name)).toEqual(shown.map((f) => f.name));
    expect(await list.getByRole('checkbox', { name: /EHPAD LE 6EME/ }).isChecked()).toBe(true);

    await page.getByLabel('Prénom', { exact: true }).fill('Louise');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.waitForURL(/\/demandes\/[0-9a-f-]{36}\?fait=brouillon$/);
    const tasks = page.getByRole('region', { name: 'Établissements sollicités' });
    await tasks.getByText('EHPAD LE 6EME').waitFor();

    // The case page adds facilities with the same search, without those already asked.
    await page.getByText('Ajouter des établissements à la demande').click();
    const adding = page.getByRole('region', { name: 'Ajouter des établissements' });
    await adding.getByLabel(/^Commune de la personne/).fill('69100');
    await adding.getByLabel('Rayon autour de la commune').selectOption('20');
    await adding.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/commune=69100&rayon=20#ajout$/);
    const addable = await shownFacilities(page.getByRole('group', { name: /Établissements à ajouter/ }));
    expect(addable.map((facility) => facility.name)).not.toContain('EHPAD LE 6EME');
    expect(addable.map((facility) => facility.name)).toEqual(
      (await apiRanking(20)).filter((name) => name !== 'EHPAD LE 6EME'),
    );
  });

  it('asks which commune when several match, and says when none does', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInAsPhysician(page);
    await page.goto(`${platform.baseUrl}/demandes/nouvelle?type=ehpad&commune=Ville&rayon=10`);
    const which = page.getByLabel('Plusieurs communes correspondent : laquelle ?');
    expect(await which.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['Villeurbanne — 69100 (69)', 'Villefranche-sur-Saône — 69400 (69)']),
    );
    await which.selectOption({ label: 'Villeurbanne — 69100 (69)' });
    await page.getByRole('button', { name: 'Afficher les établissements' }).click();
    await page.waitForURL(/commune-insee=69266/);
    await page.getByText(/à moins de 10 km de Villeurbanne/).waitFor();
    expect(await page.getByLabel('Plusieurs communes correspondent : laquelle ?').inputValue()).toBe('69266');
    for (const facility of await shownFacilities(page.getByRole('group', { name: /auxquels envoyer la demande/ }))) {
      expect(facility.km).toBeLessThanOrEqual(10);
    }

    await page.getByLabel(/^Commune de la personne/).fill('Nullepart-sur-Rien');
    await page.getByRole('button', { name: 'Afficher les établissements' }).click();
    await page.getByText('Aucune commune ne correspond à « Nullepart-sur-Rien »', { exact: false }).waitFor();
    expect(await page.getByLabel(/^Commune de la personne/).getAttribute('aria-invalid')).toBe('true');
  });
});
