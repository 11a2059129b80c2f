import { randomUUID } from 'node:crypto';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let browser: Browser;

beforeAll(async () => {
  [platform, browser] = await Promise.all([
    startTestPlatform(),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Takes a demo profile on the picker page, as a person would. */
async function signInAs(page: Page, name: RegExp, home: string) {
  await page.goto(`${platform.baseUrl}/connexion-demo`);
  await page.getByRole('button', { name }).click();
  await page.waitForURL(`${platform.baseUrl}${home}`);
}

describe('the French web pages', () => {
  it('let a physician send a request to two EHPADs and the chosen facility find it in its inbox', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const lastName = `Navigateur-${randomUUID().slice(0, 8)}`;

    await page.goto(`${platform.baseUrl}/`);
    const title = page.getByRole('heading', { level: 1 });
    await title.waitFor();
    expect(await title.textContent()).toBe('Parcours');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');

    await signInAs(page, /Dr Claire Martin/, '/demandes');
    await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click();
    await page.getByLabel('Type d’établissement recherché').selectOption('ehpad');
    await page.getByRole('button', { name: 'Afficher les établissements' }).click();
    await page.waitForURL(/\/demandes\/nouvelle\?type=ehpad$/);

    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Prénom').fill('Jeanne');
    await page.getByLabel(/Date de naissance/).fill('1938-04-12');
    // DSFR draws its own radios and checkboxes: people click the label.
    await page.locator('label', { hasText: 'Femme' }).click();
    await page.locator('label', { hasText: 'EHPAD SERGENT BERTHET' }).click();
    await page.locator('label', { hasText: 'EHPAD LE 6EME' }).click();
    expect(await page.getByRole('checkbox', { name: /EHPAD SERGENT BERTHET/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /EHPAD LE 6EME/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();

    await page.waitForURL(/\/demandes\/[0-9a-f-]{36}\?fait=envoyee$/);
    const caseId = new URL(page.url()).pathname.split('/').at(-1);
    await page.getByText('La demande a été envoyée aux établissements choisis.').waitFor();

    await page.goto(`${platform.baseUrl}/demandes`);
    const sentRow = page.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    await sentRow.getByText('En attente de réponses').waitFor();
    expect(await sentRow.getByRole('link').getAttribute('href')).toBe(`/demandes/${caseId}`);

    await signInAs(page, /Sophie Girard/, '/boite-de-reception');
    const receivedRow = page.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    await receivedRow.getByText('Envoyée').waitFor();
    expect(await receivedRow.getByRole('link').getAttribute('href')).toBe(`/demandes/${caseId}`);
    expect(await receivedRow.textContent()).toContain('EHPAD SERGENT BERTHET');

    await context.close();
  });
});
