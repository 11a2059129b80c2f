import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { type AggirCode, type AggirGrid, computeGirFromGrid } from '../../domain/referral/aggir.ts';
import { inDays } from '../support/days.ts';
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

/** Someone mostly independent who needs help to wash, dress and move about. */
const grid: AggirGrid = {
  discriminant: {
    coherence: { communication: 'A', behaviour: 'A' },
    orientation: { time: 'B', space: 'A' },
    washing: { upper: 'B', lower: 'C' },
    dressing: { upper: 'B', middle: 'B', lower: 'C' },
    feeding: { serving: 'B', eating: 'A' },
    elimination: { urinary: 'A', faecal: 'A' },
    transfers: 'B',
    indoorMobility: 'B',
    outdoorMobility: 'C',
    remoteCommunication: 'A',
  },
};

/** The line of the grid for each coded (sub-)variable, by its legend on the page. */
const gridLegends: Record<string, AggirCode> = {
  'Dans le temps': grid.discriminant.orientation.time,
  'Toilette du haut': grid.discriminant.washing.upper,
  'Toilette du bas': grid.discriminant.washing.lower,
  'Habillage du haut': grid.discriminant.dressing.upper,
  'Habillage moyen': grid.discriminant.dressing.middle,
  'Habillage du bas': grid.discriminant.dressing.lower,
  'Se servir': grid.discriminant.feeding.serving,
  Transferts: grid.discriminant.transfers,
  'Déplacement à l’intérieur': grid.discriminant.indoorMobility,
  'Déplacement à l’extérieur': grid.discriminant.outdoorMobility,
};

/** Codes the whole grid as a physician would: "A" everywhere, then the lines that differ. */
async function codeAggirGrid(page: Page) {
  const section = page.getByRole('region', { name: /Grille AGGIR/ });
  // DSFR draws its own controls: people click the labels. Optional illustrative variables stay folded.
  for (const label of await section.locator('label', { hasText: /^A$/ }).all()) {
    if (await label.isVisible()) await label.click();
  }
  for (const [legend, code] of Object.entries(gridLegends)) {
    if (code === 'A') continue;
    await section.getByRole('group', { name: legend, exact: true }).locator('label', { hasText: code }).click();
  }
}

describe('the French web pages', () => {
  it('carry an EHPAD request from the physician’s dossier to the confirmed admission', async ({
    site,
    page,
    signInAs,
  }) => {
    const lastName = `Navigateur-${randomUUID().slice(0, 8)}`;
    const history = 'Fracture du col du fémur en 2024, hypertension artérielle.';
    const expectedGir = computeGirFromGrid(grid).gir;

    await page.goto(`${site.baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Parcours');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');

    // ── The physician fills the request and its dossier ──
    await signInAs(page, demo.physician, '/demandes');
    await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click();
    // Step by step: the kind, the person (the draft is saved from here), the dossier part by part.
    await page
      .getByRole('radiogroup', { name: /Type de prise en charge/ })
      .locator('label', { hasText: /^EHPAD/ })
      .click();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Prénom', { exact: true }).fill('Jeanne');
    await page.getByLabel(/Date de naissance/).fill('1938-04-12');
    await page.locator('label', { hasText: 'Femme' }).click();
    await page.getByLabel(/^Département de résidence/).fill('69');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/administratif$/);

    const address = page.getByRole('group', { name: 'Adresse de la personne' });
    await address.getByLabel(/^Adresse/).fill('12 rue des Lilas');
    await address.getByLabel('Code postal').fill('69003');
    await address.getByLabel('Commune').fill('Lyon');
    expect(await address.getByLabel(/^Département/).inputValue()).toBe('69');
    await page.getByLabel('Nom et prénom').fill('Paul Durand');
    await page.getByLabel(/Lien avec la personne/).fill('Fils');
    await page.getByLabel(/^Téléphone/).fill('06 12 34 56 78');
    await page
      .getByRole('radiogroup', { name: /Mesure de protection/ })
      .locator('label', { hasText: 'Aucune' })
      .click();
    await page.getByLabel(/Date d’entrée souhaitée/).fill(inDays(45));
    for (const [aid, status] of [
      ['Allocation personnalisée', 'Accordée'],
      ['Aide sociale', 'Non demandée'],
      ['Aide au logement', 'Demandée'],
    ] as const) {
      await page
        .getByRole('radiogroup', { name: new RegExp(aid) })
        .locator('label', { hasText: new RegExp(`^${status}$`) })
        .click();
    }
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    // The grid is left for later: straight on to the medical part.
    await page.waitForURL(/\/brouillon\/autonomie$/);
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/medical$/);
    await page.getByLabel('Antécédents médicaux et chirurgicaux').fill(history);
    await page.getByLabel('Problèmes de santé actuels').fill('Perte d’autonomie après une chute.');
    await page.getByLabel('Traitements en cours').fill('Amlodipine 5 mg par jour.');
    await page.getByLabel('Soins et besoins de prise en charge').fill('Aide à la toilette et à l’habillage.');
    await page.getByLabel('Troubles cognitifs ou du comportement').fill('Aucun.');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    // The facilities, by name, in two searches: both stay in the selection.
    await page.waitForURL(/\/brouillon\/etablissements$/);
    for (const name of ['EHPAD SERGENT BERTHET', 'EHPAD LE 6EME']) {
      await page.getByLabel(/^Nom ou commune de l’établissement/).fill(name);
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('button', { name: `Ajouter à la sélection : ${name}` }).click();
      await page
        .getByRole('region', { name: /^Sélection/ })
        .getByText(name, { exact: true })
        .waitFor();
    }
    await page.getByRole('link', { name: 'Continuer vers le récapitulatif' }).click();

    // Sent before the grid is coded: refused, the missing part named with a link to its step.
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('alert').filter({ hasText: 'Le dossier est incomplet' }).waitFor();
    await page.getByRole('link', { name: 'Grille AGGIR (volet autonomie)' }).click();
    expect(await page.getByLabel('Antécédents médicaux et chirurgicaux').count()).toBe(0);

    await codeAggirGrid(page);
    await page.getByText(`GIR ${expectedGir}`, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/brouillon\/medical$/);
    expect(await page.getByLabel('Antécédents médicaux et chirurgicaux').inputValue()).toBe(history);
    await page
      .getByRole('navigation', { name: 'Étapes de la demande' })
      .getByRole('link', { name: /Récapitulatif/ })
      .click();
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/demandes\/[0-9a-f-]{36}\?fait=envoyee$/);
    const caseUrl = page.url().replace(/\?.*$/, '');
    const caseId = new URL(caseUrl).pathname.split('/').at(-1);
    await page.getByText('La demande a été envoyée aux établissements choisis.').waitFor();
    await page.getByText(`GIR ${expectedGir}`, { exact: true }).waitFor();

    await page.goto(`${site.baseUrl}/demandes`);
    const sentRow = page.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    await sentRow.getByText('En attente de réponses').waitFor();
    expect(await sentRow.getByRole('link').getAttribute('href')).toBe(`/demandes/${caseId}`);

    // ── The EHPAD reads it (the medical part is not for its manager) and asks a question ──
    await signInAs(page, demo.berthetMember, '/boite-de-reception');
    const receivedRow = page.getByRole('row').filter({ hasText: lastName.toUpperCase() });
    await receivedRow.getByText('Envoyée').waitFor();
    expect(await receivedRow.textContent()).toContain('EHPAD SERGENT BERTHET');
    await receivedRow.getByRole('link').click();
    await page.waitForURL(caseUrl);
    const facilityStatus = page.getByRole('region', { name: /Demande adressée à EHPAD SERGENT BERTHET/ });
    await facilityStatus.getByText('Lue', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Voir le dossier' }).click();
    await page.getByRole('heading', { name: 'Volet médical réservé aux médecins' }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain(history);
    expect(await page.getByRole('main').textContent()).toContain('12 rue des Lilas');
    await page.getByRole('link', { name: 'Retour à la demande' }).click();

    await page.getByText('Demander des informations complémentaires').click();
    await page.getByLabel('Informations attendues').fill('La personne a-t-elle besoin d’un lit médicalisé ?');
    await page.getByRole('button', { name: 'Envoyer la question' }).click();
    await page.getByText('Votre demande d’informations est transmise au demandeur.').waitFor();
    await facilityStatus.getByText('Informations complémentaires demandées').waitFor();

    // ── The physician answers ──
    await signInAs(page, demo.physician, '/demandes');
    await page.goto(caseUrl);
    await page.getByLabel('Votre réponse').fill('Oui, un lit médicalisé avec barrières.');
    await page.getByRole('button', { name: /^Envoyer la réponse/ }).click();
    await page.getByText('Votre réponse est transmise à l’établissement.').waitFor();

    // ── The EHPAD agrees ──
    await signInAs(page, demo.berthetMember, '/boite-de-reception');
    await page.goto(caseUrl);
    await page.getByText('Réponse du demandeur').waitFor();
    // Five days ahead: the admission may be confirmed up to seven days before the entry.
    await page.getByLabel(/Date d’entrée proposée/).fill(inDays(5));
    await page.getByLabel(/Place réservée jusqu’au/).fill(inDays(3));
    await page.getByRole('button', { name: 'Donner mon accord' }).click();
    await page.getByText('Votre accord est enregistré. Le demandeur est prévenu.').waitFor();

    // ── The physician chooses it ──
    await signInAs(page, demo.physician, '/demandes');
    await page.goto(caseUrl);
    await page.getByRole('button', { name: /Choisir cet établissement/ }).click();
    // Choosing withdraws the other requests: the page's modal asks first.
    const choice = page.getByRole('dialog', { name: 'Choisir cet établissement ?' });
    await choice.getByText(/Toutes les autres demandes en cours/).waitFor();
    await choice.getByRole('button', { name: 'Confirmer le choix' }).click();
    await page.getByText('Votre choix est enregistré.', { exact: false }).waitFor();
    await page.getByText('Établissement choisi').first().waitFor();

    // ── The EHPAD confirms the admission ──
    await signInAs(page, demo.berthetMember, '/boite-de-reception');
    await page.goto(caseUrl);
    await page.getByRole('button', { name: 'Confirmer l’admission' }).click();
    await page
      .getByRole('dialog', { name: 'Confirmer l’admission ?' })
      .getByRole('button', { name: 'Confirmer l’admission' })
      .click();
    await page.getByText('L’admission est confirmée : la demande est close.').waitFor();
    await page.getByRole('main').getByText('Admission réalisée').first().waitFor();

    // ── The médecin coordonnateur reads the medical part ──
    await signInAs(page, demo.berthetDoctor, '/boite-de-reception');
    await page.goto(`${caseUrl}/dossier`);
    await page.getByText(history).waitFor();
    await page.getByText(`GIR ${expectedGir}`, { exact: true }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('réservé aux médecins');
  });
});
