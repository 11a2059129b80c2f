import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../db/client.ts';
import { communes } from '../../db/schema.ts';
import { communeKey } from '../../domain/directory/search-text.ts';
import { computeGirFromGrid } from '../../domain/referral/aggir.ts';
import { expectAccessibleOnBothScreens } from '../support/axe.ts';
import { inDays } from '../support/days.ts';
import { dayFieldOrder, focusedName, tabTo, tabToElement, tabToField, typeDay } from '../support/keyboard.ts';
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

/** The grid both stories code: A everywhere but transfers (B) and moves outside (C). */
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

describe('a new request, step by step, in a browser', () => {
  it('builds a basket of 3 over two searches, keeps the identity, leaves at the dossier, resumes and sends', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const lastName = `Etapes-${randomUUID().slice(0, 8)}`;
    await platform.signIn(page, demo.physician, '/demandes');
    await expectAccessibleOnBothScreens(page);

    // ── Kind and person, with the keyboard only ──
    await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click();
    await page.locator('.fr-stepper').getByText('Étape 1 sur 7').waitFor();
    await shoot(page, '1-type');
    await expectAccessibleOnBothScreens(page);
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
    await expectAccessibleOnBothScreens(page);
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
    await expectAccessibleOnBothScreens(page);
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
    await expectAccessibleOnBothScreens(page);

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
    await expectAccessibleOnBothScreens(page);
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/autonomie$/);
    await page.getByRole('link', { name: /Reprendre plus tard/ }).click();
    await page.waitForURL(/\/demandes$/);
    await expectAccessibleOnBothScreens(page);

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
    await page.locator('#gir-calcule').getByText(`GIR ${coded}`, { exact: true }).waitFor();
    await shoot(page, '3b-autonomie');
    await expectAccessibleOnBothScreens(page);
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/medical$/);
    await page.getByLabel('Antécédents médicaux et chirurgicaux').fill('Hypertension artérielle.');
    await page.getByLabel('Problèmes de santé actuels').fill('Chutes répétées.');
    await page.getByLabel('Traitements en cours').fill('Amlodipine.');
    await page.getByLabel('Soins et besoins de prise en charge').fill('Aide à la marche.');
    await page.getByLabel('Troubles cognitifs ou du comportement').fill('Aucun.');
    await shoot(page, '3c-medical');
    await expectAccessibleOnBothScreens(page);
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    // The facility step comes back with the basket as it was.
    await page.waitForURL(/\/brouillon\/etablissements$/);
    await page.getByText('Sélection : 3 établissements').waitFor();
    await page.getByRole('link', { name: 'Continuer vers le récapitulatif' }).click();

    // ── Review and send ──
    await page.getByRole('heading', { name: 'Établissements sollicités (3)' }).waitFor();
    await page.getByText(`Version 4 enregistrée · GIR ${coded} · complet`).waitFor();
    await shoot(page, '6-recapitulatif');
    await expectAccessibleOnBothScreens(page);
    await tabTo(page, /^\s*Envoyer la demande\s*$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/demandes/${caseId}\\?fait=envoyee$`));
    await page.getByText('La demande a été envoyée aux établissements choisis.').waitFor();
    const tasks = page.getByRole('region', { name: 'Établissements sollicités' });
    for (const name of ['EHPAD SERGENT BERTHET', 'EHPAD LE 6EME', 'RESIDENCE SAINTE ELISABETH']) {
      await tasks.getByText(name).first().waitFor();
    }
    await shoot(page, '7-envoyee');
    await expectAccessibleOnBothScreens(page);
  }, 300_000);

  it('is completed with the keyboard only, from the kind to the sending', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const lastName = `Clavier-${randomUUID().slice(0, 8)}`;
    const order = await dayFieldOrder(browser);
    await platform.signIn(page, demo.physician, '/demandes/nouvelle');
    await page.locator('.fr-stepper').getByText('Étape 1 sur 7').waitFor();
    const typeText = async (label: RegExp, text: string) => {
      await tabToField(page, label);
      await page.keyboard.type(text);
    };
    const press = async (control: RegExp, key: 'Enter' | 'Space' = 'Enter') => {
      await tabTo(page, control);
      await page.keyboard.press(key);
    };

    // Kind, then the person.
    await press(/^\s*EHPAD/, 'Space');
    await press(/^\s*Continuer\s*$/);
    await page.waitForURL(/\/demandes\/nouvelle\/personne\?type=ehpad$/);
    await typeText(/^\s*Nom\s*$/, lastName);
    await typeText(/^\s*Prénom\s*$/, 'Jeanne');
    await tabToField(page, /Date de naissance/);
    expect(await typeDay(page, '1937-09-21', order)).toBe('1937-09-21');
    await typeText(/^\s*Département de résidence/, '69');
    await press(/^\s*Femme\s*$/, 'Space');
    await press(/^\s*Enregistrer et continuer\s*$/);
    await page.waitForURL(/\/brouillon\/administratif$/);
    await expectAccessibleOnBothScreens(page);

    // The administrative part: the first choice of a radio group is reached by Tab, checked by Space.
    await typeText(/^\s*Adresse\s*Numéro et voie/, '12 rue de la République');
    await typeText(/^\s*Code postal/, '69100');
    await typeText(/^\s*Commune\s*$/, 'Villeurbanne');
    await typeText(/^\s*Nom et prénom/, 'Paul Durand');
    await typeText(/Lien avec la personne/, 'Fils');
    await typeText(/^\s*Téléphone/, '06 12 34 56 78');
    await press(/^\s*Aucune\s*$/, 'Space');
    await tabToField(page, /Date d’entrée souhaitée/);
    expect(await typeDay(page, inDays(60), order)).toBe(inDays(60));
    for (const aid of ['apa', 'accommodationSocialAid', 'housingAid']) {
      await tabToElement(page, `input[name$="financialAids.${aid}"][value="not_requested"]`);
      await page.keyboard.press('Space');
    }
    await press(/^\s*Enregistrer et continuer\s*$/);
    await page.waitForURL(/\/brouillon\/autonomie$/);
    await expectAccessibleOnBothScreens(page);

    // The AGGIR grid: every discriminant line coded A with Space, but transfers B and outdoor moves
    // C with the arrow keys; Tab goes from one line to the next.
    await tabToElement(page, 'input[type="radio"][name*="aggir.discriminant."]');
    for (let line = 0; line < 17; line++) {
      const name = await focusedName(page);
      expect(name).toMatch(/aggir\.discriminant\./);
      await page.keyboard.press('Space');
      if (name.endsWith('.transfers')) await page.keyboard.press('ArrowRight');
      if (name.endsWith('.outdoorMobility')) {
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
      }
      await page.keyboard.press('Tab');
    }
    await page.locator('#gir-calcule').getByText(`GIR ${coded}`, { exact: true }).waitFor();
    await press(/^\s*Enregistrer et continuer\s*$/);
    await page.waitForURL(/\/brouillon\/medical$/);
    await expectAccessibleOnBothScreens(page);

    // The medical part.
    await typeText(/Antécédents médicaux et chirurgicaux/, 'Fracture du col du fémur en 2024.');
    await typeText(/Problèmes de santé actuels/, 'Troubles de la marche.');
    await typeText(/Traitements en cours/, 'Paracétamol.');
    await typeText(/Soins et besoins de prise en charge/, 'Aide à la toilette.');
    await typeText(/Troubles cognitifs ou du comportement/, 'Aucun.');
    await press(/^\s*Enregistrer et continuer\s*$/);
    await page.waitForURL(/\/brouillon\/etablissements$/);
    await expectAccessibleOnBothScreens(page);

    // The facilities: a search from the person's commune, one facility added with Enter.
    await typeText(/^\s*Commune de la personne/, 'Villeurbanne');
    await press(/^\s*Rechercher\s*$/);
    await page.getByRole('heading', { name: /établissements? à moins de \d+ km de Villeurbanne/ }).waitFor();
    await press(/Ajouter à la sélection : EHPAD SERGENT BERTHET/);
    await page.getByText('Sélection : 1 établissement').waitFor();
    await expectAccessibleOnBothScreens(page);
    await press(/^\s*Continuer vers le récapitulatif\s*$/);

    // Review and send.
    await page.getByRole('heading', { name: 'Établissements sollicités (1)' }).waitFor();
    await page.getByText(`GIR ${coded} · complet`, { exact: false }).waitFor();
    await expectAccessibleOnBothScreens(page);
    await press(/^\s*Envoyer la demande\s*$/);
    await page.waitForURL(/\/demandes\/[0-9a-f-]{36}\?fait=envoyee$/);
    await page.getByText('La demande a été envoyée aux établissements choisis.').waitFor();
    expect(await page.getByRole('main').textContent()).toContain(`${lastName.toUpperCase()} Jeanne`);
    await expectAccessibleOnBothScreens(page);
    await context.close();
  }, 300_000);
});
