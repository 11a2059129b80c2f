import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { communes } from '../../db/schema.ts';
import { parisDaysBetween, shiftDayByMonths, todayInParis } from '../../domain/calendar/days.ts';
import { communeKey } from '../../domain/directory/search-text.ts';
import { browserTest } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

const it = browserTest.extend(
  'signInAs',
  { scope: 'file' },
  /** Opens a session of a demo person (the login itself has its own browser test). */
  ({ site }) =>
    (page: Page, userId: string, home: string) =>
      site.signIn(page, userId, home),
);

/** A birth date `years` and `months` before today (Paris), so the child's age does not drift with the run date. */
function bornAgo(years: number, months = 0): string {
  return shiftDayByMonths(todayInParis(), -(years * 12 + months));
}

/**
 * What the inbox's badge says for an orientation sent between `sent` instants and read between
 * `read` instants: 15 days minus the Paris days in between (a run across midnight accepts either).
 */
function daysLeftLabels(sent: number[], read: number[]): RegExp {
  const labels = new Set<string>();
  for (const from of sent) {
    for (const to of read) {
      const days = 15 - parisDaysBetween(from, to);
      labels.add(days === 0 ? 'Dernier jour' : `${days} jour${days > 1 ? 's' : ''}`);
    }
  }
  return new RegExp(`^(${[...labels].join('|')})$`);
}

describe('the PCO TND pages', () => {
  it('let a physician screen and orient a 3-year-old, and the Rhône platform’s doctor validate it', async ({
    site,
    page,
    signInAs,
  }) => {
    const lastName = `Repérage-${randomUUID().slice(0, 8)}`;
    // The shared database has no communes (the national list goes only into scratch databases):
    // two that share the postcode 69250, as in the shipped geo/communes.csv.
    await site.db
      .insert(communes)
      .values(
        [
          { insee: '69003', name: 'Albigny-sur-Saône', lat: 45.86659, lon: 4.82836 },
          { insee: '69143', name: 'Neuville-sur-Saône', lat: 45.88213, lon: 4.84044 },
        ].map((commune) => ({
          ...commune,
          postcodes: ['69250'],
          departement: '69',
          isArrondissement: false,
          searchName: communeKey(commune.name),
        })),
      )
      .onConflictDoNothing();

    await signInAs(page, demo.physician, '/demandes');
    await page.getByRole('link', { name: 'Orientations PCO' }).first().click();
    await page.waitForURL(`${site.baseUrl}/pco`);
    await page.getByRole('main').getByRole('link', { name: 'Nouvelle orientation' }).click();

    // First step: the birth date chooses the grid of the child's age.
    await page.getByLabel('Date de naissance de l’enfant').fill(bornAgo(3, 2));
    await page.getByRole('button', { name: 'Afficher la grille de repérage' }).click();
    await page.waitForURL(/\/pco\/nouvelle\?naissance=\d{4}-\d{2}-\d{2}$/);
    await page.getByRole('heading', { name: '3. Repérage — 3 ans' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('3 ans 2 mois');

    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Prénom').fill('Léo');
    // DSFR draws its own radios and checkboxes: people click the label.
    await page.locator('label', { hasText: 'Garçon' }).click();
    // A postcode two communes share: the form asks which, and keeps the answer.
    await page.getByLabel(/Commune de résidence/).fill('69250');
    await page.locator('label', { hasText: 'Ne fait pas de phrases de trois mots' }).click();
    await page.locator('label', { hasText: 'Ne joue pas avec d’autres enfants' }).click();
    await page.getByRole('button', { name: 'Voir la suggestion' }).click();

    const suggestion = page.locator('#suggestion');
    await suggestion.getByText('La grille suggère une orientation vers la PCO').waitFor();
    expect(await suggestion.textContent()).toContain('Signes d’alerte dans 2 domaines');
    // What was typed before asking for the suggestion is still there.
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe(lastName);
    expect(await page.getByRole('checkbox', { name: 'Ne joue pas avec d’autres enfants' }).isChecked()).toBe(true);
    const which = page.getByRole('radiogroup', { name: /Plusieurs communes ont le code postal 69250/ });
    await which.locator('label', { hasText: 'Neuville-sur-Saône (69143)' }).click();

    await page.locator('label', { hasText: 'J’ai constaté un écart inhabituel de développement' }).click();
    await page.locator('#hasMdphRights label', { hasText: 'Non' }).click();
    await page.locator('#hasEsmsSupport label', { hasText: 'Non' }).click();
    await page.getByLabel('Nom du parent ou représentant légal').fill('Anne Petit');
    await page.getByLabel(/Lien avec l’enfant/).fill('Mère');
    await page.locator('label', { hasText: 'Les parents (ou le représentant légal) ont donné leur accord' }).click();
    const sentFrom = Date.now();
    await page.getByRole('button', { name: 'Orienter vers la PCO' }).click();

    await page.waitForURL(/\/pco\/[0-9a-f-]{36}\?fait=orientee$/);
    // Neuville-sur-Saône is in the Rhône: its platform receives the orientation.
    const sentUntil = Date.now();
    const caseId = new URL(page.url()).pathname.split('/').at(-1);
    await page.getByText('L’orientation est adressée à la plateforme du département.').waitFor();
    expect(await page.getByRole('main').textContent()).toContain('PCO TND Rhône 0–6 ans (démo)');

    const readFrom = Date.now();
    await signInAs(page, demo.pcoDoctorRhone, '/pco/boite-de-reception');
    const row = page.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    // 15 days on the day it was sent, counted from the instants it was sent and read.
    await row.getByText(daysLeftLabels([sentFrom, sentUntil], [readFrom, Date.now() + 60_000])).waitFor();
    expect(await row.textContent()).toContain('3 ans 2 mois');
    expect(await row.getByRole('link').getAttribute('href')).toBe(`/pco/${caseId}`);
    await row.getByRole('link').click();

    await page.waitForURL(`${site.baseUrl}/pco/${caseId}`);
    await page.locator('label', { hasText: 'Avec des professionnels libéraux conventionnés' }).click();
    await page.locator('#professions label', { hasText: 'Psychomotricien' }).click();
    await page.locator('#professions label', { hasText: 'Psychologue' }).click();
    await page.getByRole('button', { name: 'Valider la prescription' }).click();
    await page.waitForURL(`${site.baseUrl}/pco/${caseId}?fait=validee`);
    await page.getByText('La prescription est validée.').waitFor();

    await signInAs(page, demo.physician, '/demandes');
    await page.goto(`${site.baseUrl}/pco/${caseId}`);
    await page.getByRole('main').getByText('Validée', { exact: false }).first().waitFor();
    expect(await page.locator('h1 + p .fr-badge').textContent()).toContain('Validée');
    // The physician sees no platform action.
    expect(await page.getByRole('button', { name: 'Valider la prescription' }).count()).toBe(0);
  });
});
