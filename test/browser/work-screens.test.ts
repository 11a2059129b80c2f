import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { communes, facilityMemberships, users } from '../../db/schema.ts';
import { formatFrenchDay } from '../../domain/calendar/days.ts';
import { communeKey } from '../../domain/directory/search-text.ts';
import { pastDayMessage } from '../../domain/vocabulary.ts';
import {
  desktopViewport,
  expectAccessibleOnBothScreens,
  expectNoSeriousViolation,
  phoneViewport,
} from '../support/axe.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { browserTest } from '../support/fixtures.ts';
import { isPdf, pdfText } from '../support/pdf-text.ts';
import { demoFiness } from '../support/platform.ts';

const it = browserTest;

/** Screenshots of each step, for people to look at (git-ignored). */
const artifacts = fileURLToPath(new URL('../../artifacts/work-screens/', import.meta.url));

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/**
 * Lyon and three of its arrondissements, and Albigny-sur-Saône whose INSEE code is 69003: the
 * shared database has no communes (the national list goes only into scratch databases). Names,
 * codes and postcodes as in the shipped `geo/communes.csv` and the COG; centres rounded.
 */
const lyonCommunes = [
  {
    insee: '69123',
    name: 'Lyon',
    postcodes: ['69001', '69002', '69003'],
    lat: 45.758,
    lon: 4.835,
    isArrondissement: false,
  },
  {
    insee: '69381',
    name: 'Lyon 1er Arrondissement',
    postcodes: ['69001'],
    lat: 45.7699,
    lon: 4.8292,
    isArrondissement: true,
  },
  {
    insee: '69382',
    name: 'Lyon 2e Arrondissement',
    postcodes: ['69002'],
    lat: 45.7485,
    lon: 4.8265,
    isArrondissement: true,
  },
  {
    insee: '69383',
    name: 'Lyon 3e Arrondissement',
    postcodes: ['69003'],
    lat: 45.7597,
    lon: 4.8493,
    isArrondissement: true,
  },
  {
    insee: '69003',
    name: 'Albigny-sur-Saône',
    postcodes: ['69250'],
    lat: 45.86659,
    lon: 4.82836,
    isArrondissement: false,
  },
].map((commune) => ({ ...commune, departement: '69', searchName: communeKey(commune.name) }));

/**
 * Issue 14's day at work, through the pages, axe on each one on a desktop and on a phone: the
 * commune by postcode, an admissions officer (staff, no doctor) triaging and answering, the
 * physician's home and choice with its confirmation, the PDF of each. The physician and the officer
 * are this file's own accounts, so their counts are exact whatever other files do. (Building the
 * request step by step, keyboard only, is `facility-step.test.ts`.)
 */
describe('work screens in a browser', () => {
  it('a physician, an admissions officer and their pages: triage, answers, home, choice, PDF', async ({
    site,
    browser,
  }) => {
    await mkdir(artifacts, { recursive: true });
    await site.db.insert(communes).values(lyonCommunes).onConflictDoNothing();
    const berthet = await site.facilityId(demoFiness.berthet);
    const sixieme = await site.facilityId(demoFiness.sixieme);
    const suffix = randomUUID().slice(0, 8);
    const [physician, officer] = await site.db
      .insert(users)
      .values([
        { role: 'physician', displayName: 'Dr Claire Ravel', email: `ravel-${suffix}@medecin.example` },
        { role: 'facility_member', displayName: 'Inès Morel', email: `morel-${suffix}@etablissement.example` },
      ])
      .returning({ id: users.id });
    if (!physician || !officer) throw new Error('accounts not created');
    await site.db.insert(facilityMemberships).values({ userId: officer.id, facilityId: berthet, role: 'staff' });

    // ── The physician: « 69003 » is Lyon 3e (a postcode), never Albigny-sur-Saône (that INSEE code) ──
    const doctorPage = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await site.signIn(doctorPage, physician.id, '/etablissements?commune=69003');
    await doctorPage.getByRole('heading', { level: 1 }).waitFor();
    const directory = (await doctorPage.getByRole('main').textContent()) ?? '';
    expect(directory).toContain('Lyon 3e Arrondissement');
    expect(directory).not.toContain('Albigny');
    await expectAccessibleOnBothScreens(doctorPage);
    await shoot(doctorPage, '1-commune-par-code-postal');

    // The request, as the steps send it (their own browser test builds one by the keyboard).
    const dossier = completeDossier('ehpad');
    const desired = inDays(45);
    const lastName = `Travail-${suffix}`;
    const medicalWords = ['Donépézil 10 mg le soir, histoire', 'Chute dans l’escalier en mars, histoire'];
    const created = await site.api<ReferralDetail>('POST', '/api/referrals', {
      as: physician.id,
      body: {
        kind: 'ehpad',
        patient: { lastName, firstName: 'Simone', birthDate: '1938-05-17', sex: 'female', departement: '69' },
        dossier: {
          ...dossier,
          administrative: { ...dossier.administrative, desiredEntryDate: desired },
          medical: { ...dossier.medical, treatments: medicalWords[0], history: medicalWords[1] },
        },
        facilityIds: [berthet, sixieme],
        send: true,
      },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const gir = created.body.dossier.gir;
    expect(gir).toBeTypeOf('number');

    // ── The admissions officer triages: age, GIR, desired date, time left; new requests counted ──
    const officerPage = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await site.signIn(officerPage, officer.id, '/boite-de-reception');
    const row = officerPage.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toMatch(/\d{2} ans/);
    expect(rowText).toContain(`GIR ${gir}`);
    expect(rowText).toContain(formatFrenchDay(desired));
    expect(rowText).toMatch(/\d+ jours/);
    expect(rowText).toContain('Nouvelle');
    await shoot(officerPage, '2-boite-de-reception');
    await expectAccessibleOnBothScreens(officerPage);

    // The case: the autonomy part with its GIR, the medical part closed to staff.
    await row.getByRole('link', { name: new RegExp(lastName.toUpperCase()) }).click();
    await officerPage.waitForURL(new RegExp(`/demandes/${caseId}$`));
    await officerPage.getByRole('link', { name: 'Voir le dossier' }).click();
    await officerPage.waitForURL(new RegExp(`/demandes/${caseId}/dossier$`));
    await officerPage.getByRole('heading', { name: 'Volet médical réservé aux médecins' }).waitFor();
    const officerDossier = (await officerPage.getByRole('main').textContent()) ?? '';
    expect(officerDossier).toContain(`GIR ${gir}`);
    expect(officerDossier).toContain('Volet autonomie');
    for (const word of medicalWords) expect(officerDossier).not.toContain(word);
    await shoot(officerPage, '3-dossier-vu-par-l-admission');
    await expectAccessibleOnBothScreens(officerPage);
    await officerPage.goto(`${site.baseUrl}/demandes/${caseId}`);

    // An entry date already past is refused, in French, on the field itself.
    const accept = officerPage.locator('form', { has: officerPage.getByRole('button', { name: 'Donner mon accord' }) });
    await accept.getByLabel('Date d’entrée proposée').fill(inDays(-3));
    await accept.getByRole('button', { name: 'Donner mon accord' }).click();
    await officerPage.getByText(pastDayMessage).first().waitFor();
    await officerPage.getByText('Le formulaire contient des erreurs').waitFor();
    await shoot(officerPage, '4-date-passee-refusee');
    await expectAccessibleOnBothScreens(officerPage);
    // Then an accord for a date to come.
    const entry = inDays(30);
    const again = officerPage.locator('form', { has: officerPage.getByRole('button', { name: 'Donner mon accord' }) });
    await again.getByLabel('Date d’entrée proposée').fill(entry);
    await again.getByRole('button', { name: 'Donner mon accord' }).click();
    await officerPage.getByText('Votre accord est enregistré. Le demandeur est prévenu.').waitFor();

    // The staff member's PDF: the person and the GIR, no medical section.
    const staffBytes = await printedDossier(officerPage);
    expect(isPdf(staffBytes)).toBe(true);
    const staffText = pdfText(staffBytes);
    expect(staffText).toContain(lastName.toUpperCase());
    expect(staffText).toContain(`GIR ${gir}`);
    expect(staffText).not.toContain('Volet médical');
    for (const word of medicalWords) expect(staffText).not.toContain(word);

    // ── The physician's home: one accord waiting for their choice ──
    await doctorPage.goto(`${site.baseUrl}/`);
    await doctorPage.getByText('1 accord en attente de votre choix').waitFor();
    await shoot(doctorPage, '5-accueil-du-medecin');
    await expectAccessibleOnBothScreens(doctorPage);

    // Choosing asks first (DSFR dialog); « Revenir » changes nothing, « Confirmer le choix » chooses.
    await doctorPage.goto(`${site.baseUrl}/demandes/${caseId}`);
    await doctorPage.getByRole('button', { name: /Choisir cet établissement/ }).click();
    const dialog = doctorPage.getByRole('dialog', { name: 'Choisir cet établissement ?' });
    await dialog.waitFor();
    await shoot(doctorPage, '6-confirmation-du-choix');
    await expectNoSeriousViolationInDialog(doctorPage);
    await dialog.getByRole('button', { name: 'Revenir sans rien changer' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await doctorPage.getByRole('button', { name: /Choisir cet établissement/ }).count()).toBe(1);
    await doctorPage.getByRole('button', { name: /Choisir cet établissement/ }).click();
    await dialog.getByRole('button', { name: 'Confirmer le choix' }).click();
    await doctorPage
      .getByText(/Établissement choisi/)
      .first()
      .waitFor();
    await shoot(doctorPage, '7-etablissement-choisi');
    await expectAccessibleOnBothScreens(doctorPage);

    // The physician's PDF: the medical part too.
    const bytes = await printedDossier(doctorPage);
    expect(isPdf(bytes)).toBe(true);
    const text = pdfText(bytes);
    expect(text).toContain(lastName.toUpperCase());
    expect(text).toContain(`GIR ${gir}`);
    expect(text).toContain('Volet médical');
    expect(text).toContain(medicalWords[0]);
  }, 300_000);
});

/** « Imprimer le dossier » opens the PDF in a new window: the file that link gives, with the page's session. */
async function printedDossier(page: Page): Promise<Buffer> {
  const href = await page.getByRole('link', { name: /Imprimer le dossier/ }).getAttribute('href');
  if (!href) throw new Error('no « Imprimer le dossier » link');
  const response = await page.request.get(new URL(href, page.url()).toString());
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  return response.body();
}

/** The confirmation dialog on both screens, left open. */
async function expectNoSeriousViolationInDialog(page: Page) {
  await expectNoSeriousViolation(page);
  await page.setViewportSize(phoneViewport);
  await expectNoSeriousViolation(page);
  await page.setViewportSize(desktopViewport);
}
