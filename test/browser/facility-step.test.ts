import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../db/client.ts';
import { communes } from '../../db/schema.ts';
import { communeKey } from '../../domain/directory/search-text.ts';
import { computeGirFromGrid } from '../../domain/referral/aggir.ts';
import { inDays } from '../support/days.ts';
import { demo, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let browser: Browser;

/** Screenshots of each step, for people to look at (git-ignored). */
const artifacts = fileURLToPath(new URL('../../artifacts/request-steps/', import.meta.url));

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

beforeAll(async () => {
  const seeding = connectDatabase(inject('databaseUrl'), { max: 1 });
  await seeding.db
    .insert(communes)
    .values(testCommunes.map((commune) => ({ ...commune, searchName: communeKey(commune.name) })))
    .onConflictDoNothing();
  await seeding.close();
  await mkdir(artifacts, { recursive: true });
  [platform, browser] = await Promise.all([
    startTestPlatform(),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** Presses Tab until the focus is on the control whose accessible text matches, as a keyboard user does. */
async function tabTo(page: Page, text: RegExp) {
  for (let presses = 0; presses < 250; presses++) {
    await page.keyboard.press('Tab');
    // The focused control's name: its own text, its aria-label, the text of its labels.
    const focused = String(
      await page.evaluate(`(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return '';
        const labels = Array.from(element.labels ?? []).map((label) => label.textContent);
        return [element.getAttribute('aria-label') ?? '', element.textContent ?? '', ...labels].join(' ');
      })()`),
    ).replace(/\s+/g, ' ');
    if (text.test(focused)) return;
  }
  throw new Error(`no control ${text} reached with Tab`);
}

describe('a new request, step by step, in a browser', () => {
  it('builds a basket of 3 over two searches, keeps the identity, leaves at the dossier, resumes and sends', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const lastName = `Etapes-${randomUUID().slice(0, 8)}`;
    await platform.signIn(page, demo.physician, '/demandes');

    // ── Kind and person, with the keyboard only ──
    await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click();
    await page.locator('.fr-stepper').getByText('Étape 1 sur 7').waitFor();
    await shoot(page, '1-type');
    await tabTo(page, /^\s*EHPAD/);
    await page.keyboard.press('Space');
    await tabTo(page, /^\s*Continuer\s*$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/demandes\/nouvelle\/personne\?type=ehpad$/);
    await tabTo(page, /^\s*Nom\s*$/);
    await page.keyboard.type(lastName);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Louise');
    await page.getByLabel(/Date de naissance/).fill('1936-02-03');
    await page.getByLabel(/^Département de résidence/).fill('69');
    await tabTo(page, /^\s*Femme\s*$/);
    await page.keyboard.press('Space');
    await shoot(page, '2-personne');
    await tabTo(page, /^\s*Enregistrer et continuer\s*$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/brouillon\/administratif$/);
    const caseId = /\/demandes\/([0-9a-f-]{36})\//.exec(page.url())?.[1];
    expect(caseId).toBeDefined();

    // ── The facilities first: two searches, three facilities, the identity always there ──
    await page
      .getByRole('navigation', { name: 'Étapes de la demande' })
      .getByRole('link', { name: /Établissements/ })
      .click();
    await page.waitForURL(/\/brouillon\/etablissements$/);
    await page.getByLabel(/^Commune de la personne/).fill('Villeurbanne');
    await page.getByLabel('Rayon', { exact: true }).selectOption('20');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('heading', { name: /établissements? à moins de 20 km de Villeurbanne/ }).waitFor();
    // Price (or its absence) and distance beside each one.
    const results = page.getByRole('region', { name: /à moins de 20 km de Villeurbanne/ });
    expect(await results.getByText(/— à \d+(,\d)? km —/).count()).toBeGreaterThan(0);
    expect(await results.getByText(/€ \/ jour|prix non renseigné/).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Ajouter à la sélection : EHPAD SERGENT BERTHET' }).click();
    await page.getByRole('button', { name: /Retirer EHPAD SERGENT BERTHET/ }).waitFor();
    await tabTo(page, /Ajouter à la sélection : EHPAD LE 6EME/);
    await page.keyboard.press('Enter');
    const basket = page.getByRole('region', { name: /^Sélection/ });
    await basket.getByText('Sélection : 2 établissements').waitFor();

    await page.getByLabel(/^Nom ou commune de l’établissement/).fill('Elisabeth');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/q=Elisabeth/);
    await page.getByRole('button', { name: 'Ajouter à la sélection : RESIDENCE SAINTE ELISABETH' }).click();
    await basket.getByText('Sélection : 3 établissements').waitFor();
    expect(await basket.locator('strong').allTextContents()).toEqual([
      'EHPAD SERGENT BERTHET',
      'EHPAD LE 6EME',
      'RESIDENCE SAINTE ELISABETH',
    ]);
    expect(await page.getByRole('main').textContent()).toContain(`${lastName.toUpperCase()} Louise`);
    await shoot(page, '5-etablissements');

    // ── The dossier: the administrative part, then leave at the autonomy part ──
    await page
      .getByRole('navigation', { name: 'Étapes de la demande' })
      .getByRole('link', { name: /volet administratif/ })
      .click();
    const address = page.getByRole('group', { name: 'Adresse de la personne' });
    await address.getByLabel(/^Adresse/).fill('3 rue Francis de Pressensé');
    await address.getByLabel('Code postal').fill('69100');
    await address.getByLabel('Commune').fill('Villeurbanne');
    await page.getByLabel('Nom et prénom').fill('Marc Petit');
    await page.getByLabel(/Lien avec la personne/).fill('Neveu');
    await page.getByLabel(/^Téléphone/).fill('06 98 76 54 32');
    await page
      .getByRole('radiogroup', { name: /Mesure de protection/ })
      .locator('label', { hasText: 'Aucune' })
      .click();
    await page.getByLabel(/Date d’entrée souhaitée/).fill(inDays(40));
    for (const aid of ['Allocation personnalisée', 'Aide sociale', 'Aide au logement']) {
      await page
        .getByRole('radiogroup', { name: new RegExp(aid) })
        .locator('label', { hasText: /^Non demandée$/ })
        .click();
    }
    await shoot(page, '3a-administratif');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/autonomie$/);
    await page.getByRole('link', { name: /Reprendre plus tard/ }).click();
    await page.waitForURL(/\/demandes$/);

    // ── « Mes demandes » reopens the step left ──
    const row = page.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    await row.getByRole('link', { name: /Reprendre/ }).click();
    await page.waitForURL(new RegExp(`/demandes/${caseId}/brouillon/autonomie$`));

    // The GIR follows the grid as it is coded (the page's script): A everywhere but two lines.
    const grid = page.getByRole('region', { name: /Grille AGGIR/ });
    for (const label of await grid.locator('label', { hasText: /^A$/ }).all()) {
      if (await label.isVisible()) await label.click();
    }
    await page.getByText('GIR 6', { exact: true }).waitFor();
    await grid.getByRole('group', { name: 'Transferts', exact: true }).locator('label', { hasText: 'B' }).click();
    await grid
      .getByRole('group', { name: 'Déplacement à l’extérieur', exact: true })
      .locator('label', { hasText: 'C' })
      .click();
    const coded = computeGirFromGrid({
      discriminant: {
        coherence: { communication: 'A', behaviour: 'A' },
        orientation: { time: 'A', space: 'A' },
        washing: { upper: 'A', lower: 'A' },
        dressing: { upper: 'A', middle: 'A', lower: 'A' },
        feeding: { serving: 'A', eating: 'A' },
        elimination: { urinary: 'A', faecal: 'A' },
        transfers: 'B',
        indoorMobility: 'A',
        outdoorMobility: 'C',
        remoteCommunication: 'A',
      },
    }).gir;
    await page.locator('#gir-calcule').getByText(`GIR ${coded}`, { exact: true }).waitFor();
    await shoot(page, '3b-autonomie');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/medical$/);
    await page.getByLabel('Antécédents médicaux et chirurgicaux').fill('Hypertension artérielle.');
    await page.getByLabel('Problèmes de santé actuels').fill('Chutes répétées.');
    await page.getByLabel('Traitements en cours').fill('Amlodipine.');
    await page.getByLabel('Soins et besoins de prise en charge').fill('Aide à la marche.');
    await page.getByLabel('Troubles cognitifs ou du comportement').fill('Aucun.');
    await shoot(page, '3c-medical');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    // The facility step comes back with the basket as it was.
    await page.waitForURL(/\/brouillon\/etablissements$/);
    await page.getByText('Sélection : 3 établissements').waitFor();
    await page.getByRole('link', { name: 'Continuer vers le récapitulatif' }).click();

    // ── Review and send ──
    await page.getByRole('heading', { name: 'Établissements sollicités (3)' }).waitFor();
    await page.getByText(`Version 4 enregistrée · GIR ${coded} · complet`).waitFor();
    await shoot(page, '6-recapitulatif');
    await tabTo(page, /^\s*Envoyer la demande\s*$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/demandes/${caseId}\\?fait=envoyee$`));
    await page.getByText('La demande a été envoyée aux établissements choisis.').waitFor();
    const tasks = page.getByRole('region', { name: 'Établissements sollicités' });
    for (const name of ['EHPAD SERGENT BERTHET', 'EHPAD LE 6EME', 'RESIDENCE SAINTE ELISABETH']) {
      await tasks.getByText(name).first().waitFor();
    }
    await shoot(page, '7-envoyee');
  });
});
