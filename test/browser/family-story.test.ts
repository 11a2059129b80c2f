import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { communes, facilities, facilityMemberships, users } from '../../db/schema.ts';
import { communeKey, searchText } from '../../domain/directory/search-text.ts';
import { setPassword } from '../../services/identity/passwords.ts';
import { formatCalendarDate } from '../../web/components/dates.ts';
import { freshRpps } from '../support/accounts.ts';
import { inDays } from '../support/days.ts';
import { browserTest as it } from '../support/fixtures.ts';
import { particulierEmail, particulierPassword } from '../support/particuliers.ts';
import { waitFor } from '../support/wait-for.ts';

/** Lyon and its 3rd arrondissement, where the mother lives (the shared database has no communes). */
const lyonCommunes = [
  { insee: '69123', name: 'Lyon', postcodes: ['69001', '69002', '69003'], lat: 45.758, lon: 4.835 },
  { insee: '69383', name: 'Lyon 3e Arrondissement', postcodes: ['69003'], lat: 45.7597, lon: 4.8493 },
].map((commune) => ({
  ...commune,
  departement: '69',
  searchName: communeKey(commune.name),
  isArrondissement: commune.insee !== '69123',
}));

/** What the physician types in the medical part: none of it may reach a page or an answer of the family's. */
const medicalWords = {
  history: 'Fracture du col fémoral gauche, histoire racontée au médecin',
  currentProblems: 'Chutes nocturnes répétées depuis septembre',
  treatments: 'Rivastigmine 4,6 mg par jour',
  careNeeds: 'Surveillance de la marche la nuit',
  cognitiveBehaviouralIssues: 'Désorientation vespérale modérée',
};

/** The GIR 3 grid the physician codes: help for washing, dressing (C), feeding and elimination (B). */
const gridCodes: [group: string, code: 'A' | 'B' | 'C'][] = [
  ['Toilette du haut', 'C'],
  ['Toilette du bas', 'C'],
  ['Habillage du haut', 'C'],
  ['Habillage moyen', 'C'],
  ['Habillage du bas', 'C'],
  ['Se servir', 'B'],
  ['Manger', 'B'],
  ['Élimination urinaire', 'B'],
  ['Élimination fécale', 'B'],
  ['Déplacement à l’extérieur', 'C'],
];

/** The newest development-mailbox message to an address whose text matches, read from its page. */
async function fromMailbox(page: Page, baseUrl: string, email: string, pattern: RegExp): Promise<string> {
  return waitFor(`a message to ${email} in the development mailbox`, async () => {
    await page.goto(`${baseUrl}/dev/boite-mail?a=${encodeURIComponent(email)}`);
    const text = (await page.getByRole('main').textContent()) ?? '';
    return pattern.exec(text)?.[1];
  });
}

/** Login through the pages: identifier, password, then the code read from the development mailbox. */
async function logIn(page: Page, baseUrl: string, identifier: string, email: string, password: string) {
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel('Numéro RPPS ou adresse e-mail').fill(identifier);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(/\/connexion\/code/);
  const codePage = await page.context().newPage();
  const code = await fromMailbox(codePage, baseUrl, email, /Votre code de connexion à Parcours : (\d{6})/);
  await codePage.close();
  await page.getByLabel('Code reçu par e-mail ou par SMS').fill(code);
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion/code'));
  if (new URL(page.url()).pathname === '/connexion/cgu') {
    await page.getByRole('button', { name: 'J’ai lu et j’accepte ces conditions' }).click();
  }
  await page.waitForURL(`${baseUrl}/`);
}

/** Everything a page shows and hides (the HTML, so hidden fields and attributes count too). */
async function expectNoMedicalValue(page: Page, where: string) {
  const html = await page.content();
  for (const word of Object.values(medicalWords)) expect(html, `${where}: ${word}`).not.toContain(word);
}

/**
 * Issue 15's story through the pages only: a daughter creates her account, confirms her e-mail
 * from the development mailbox, creates a request for her mother and designates Dr Martin by name;
 * Dr Martin logs in, completes the medical part and the AGGIR grid (GIR 3) and validates; the
 * daughter sees « Dossier complet », picks three EHPAD with their monthly estimate, sends; one
 * refuses (she reads why), one accepts; she chooses, and the case closes at admission. Every page
 * she sees, and every API answer of hers, is searched for each medical value Dr Martin typed.
 */
describe('a family request, from the daughter’s account to the admission', () => {
  it('goes through the family’s and the physician’s pages, and never shows her a medical value', async ({
    site,
    browser,
  }) => {
    const { baseUrl } = site;
    await site.db.insert(communes).values(lyonCommunes).onConflictDoNothing();
    const tag = randomUUID().slice(0, 6);
    const doctorPassword = 'un mot de passe de médecin';
    const rpps = freshRpps();
    const doctorEmail = `odile.martin-${tag}@medecin.test`;
    const [doctor] = await site.db
      .insert(users)
      .values({
        role: 'physician',
        displayName: `Dr Odile Martin${tag}`,
        email: doctorEmail,
        rpps,
        emailVerifiedAt: new Date(),
        practiceCommuneInsee: '69123',
      })
      .returning({ id: users.id });
    if (!doctor) throw new Error('physician not created');
    await setPassword(site.db, doctor.id, doctorPassword);
    // Three EHPAD of Lyon with the prices their profile declares, and their admissions officers.
    const chosen = ['EHPAD Les Glycines', 'EHPAD Le Verger', 'EHPAD La Roseraie'].map((name) => `${name} ${tag}`);
    const ehpad = await site.db
      .insert(facilities)
      .values(
        chosen.map((name, index) => ({
          name,
          kind: 'ehpad' as const,
          departement: '69',
          commune: 'Lyon',
          lat: 45.76 + index / 500,
          lon: 4.85,
          email: `accueil-${index}-${tag}@ehpad.test`,
          searchText: searchText(`${name} Lyon`),
          pricePerDay: 72.4 + index * 5,
          dependenceGir56PerDay: 6.1,
          tariffsDeclaredAt: new Date(),
        })),
      )
      .returning({ id: facilities.id });
    const officers = await site.db
      .insert(users)
      .values(
        ['Refus', 'Accord'].map((role) => ({
          role: 'facility_member' as const,
          displayName: `Admissions ${role}`,
          email: `admissions-${role.toLowerCase()}-${tag}@ehpad.test`,
        })),
      )
      .returning({ id: users.id });
    const [refusing, accepting] = officers.map((officer) => officer.id);
    await site.db.insert(facilityMemberships).values([
      { userId: refusing ?? '', facilityId: ehpad[0]?.id ?? '', role: 'manager' },
      { userId: accepting ?? '', facilityId: ehpad[2]?.id ?? '', role: 'manager' },
    ]);

    // ── The daughter, on her phone: her account, its e-mail confirmed, her login ──
    const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const daughter = await phone.newPage();
    const email = particulierEmail();
    await daughter.goto(baseUrl);
    await daughter.getByRole('link', { name: 'Créer mon compte (particulier)' }).click();
    await daughter.getByLabel('Votre adresse e-mail').fill(email);
    await daughter.getByLabel('Votre prénom et votre nom').fill('Hélène Vasseur');
    await daughter.getByLabel('Choisissez un mot de passe').fill(particulierPassword);
    await daughter.locator('label[for="cgu"]').click();
    await daughter.getByRole('button', { name: 'Créer mon compte' }).click();
    await daughter.getByRole('heading', { name: 'Vérifiez vos e-mails' }).waitFor();
    const link = await fromMailbox(
      daughter,
      baseUrl,
      email,
      /(http:\/\/localhost:\d+\/connexion\/verifier-email\?jeton=[a-z2-7]+)/,
    );
    await daughter.goto(link);
    await daughter.getByText('Merci : votre adresse e-mail est confirmée.').waitFor();
    await logIn(daughter, baseUrl, email, email, particulierPassword);
    await daughter.getByRole('heading', { name: 'Mon espace', level: 1 }).waitFor();

    // ── Her mother's request: identity, address, the administrative part ──
    await daughter.getByRole('link', { name: 'Créer une demande' }).click();
    await daughter.getByLabel('Nom', { exact: true }).fill(`Vasseur${tag}`);
    await daughter.getByLabel('Prénom', { exact: true }).fill('Madeleine');
    await daughter.getByLabel('Date de naissance').fill('1937-06-21');
    await daughter.getByLabel('Sexe').selectOption('female');
    await daughter.getByLabel('Adresse (numéro et rue)').fill('14 rue Paul Bert');
    await daughter.getByLabel(/^Code postal/).fill('69003');
    await daughter.getByLabel('Commune', { exact: true }).fill('Lyon');
    await daughter.getByLabel('Situation familiale').selectOption('widowed');
    await daughter.getByLabel('Type de séjour souhaité').selectOption('permanent');
    await daughter.getByLabel('Date d’entrée souhaitée').fill(inDays(20));
    await daughter.getByLabel('Mesure de protection juridique').selectOption('none');
    await daughter.getByLabel('Nom et prénom').fill('Hélène Vasseur');
    await daughter.getByLabel(/Lien avec la personne/).fill('Fille');
    await daughter.getByLabel('Téléphone').fill('06 11 22 33 44');
    await daughter.getByLabel(/Allocation personnalisée/).selectOption('requested');
    await daughter.getByLabel('Aide sociale à l’hébergement').selectOption('not_requested');
    await daughter.getByLabel(/Aide au logement/).selectOption('requested');
    await daughter.getByRole('button', { name: 'Créer la demande' }).click();
    await daughter.waitForURL(/\/particulier\/demandes\/[0-9a-f-]{36}\?creee=1$/);
    const caseId = /demandes\/([0-9a-f-]{36})/.exec(daughter.url())?.[1] ?? '';
    const requestPage = `${baseUrl}/particulier/demandes/${caseId}`;
    const dossierNumber = /Dossier n° (P-\d{4}-\d{6})/.exec((await daughter.textContent('main')) ?? '')?.[1] ?? '';
    expect(dossierNumber).toMatch(/^P-\d{4}-\d{6}$/);

    // She designates Dr Martin, found by his name.
    await daughter.getByLabel(/^Nom du médecin/).fill(`Odile Martin${tag}`);
    await daughter.getByRole('button', { name: 'Rechercher' }).click();
    await daughter
      .getByRole('listitem')
      .filter({ hasText: `Dr Odile Martin${tag}` })
      .getByRole('button', { name: 'Désigner ce médecin' })
      .click();
    await daughter.getByText('Le médecin est désigné : il est prévenu.').waitFor();
    expect(
      await daughter.getByText('Dossier complet', { exact: true }).count(),
      (await daughter.textContent('main')) ?? '',
    ).toBe(0);

    // ── Dr Martin: login, « Dossiers à compléter », the medical part and the grid, validated ──
    const office = await browser.newContext();
    const doctorPage = await office.newPage();
    await logIn(doctorPage, baseUrl, rpps, doctorEmail, doctorPassword);
    await doctorPage.goto(`${baseUrl}/medecin/dossiers-a-completer`);
    await doctorPage
      .getByRole('link', { name: new RegExp(`Madeleine Vasseur${tag} — dossier n° ${dossierNumber}`) })
      .click();
    await doctorPage.waitForURL(new RegExp(`/medecin/dossiers/${caseId}$`));
    await doctorPage.getByLabel('Antécédents médicaux et chirurgicaux').fill(medicalWords.history);
    await doctorPage.getByLabel('Problèmes de santé actuels').fill(medicalWords.currentProblems);
    await doctorPage.getByLabel('Traitements en cours').fill(medicalWords.treatments);
    await doctorPage.getByLabel('Soins et besoins de prise en charge').fill(medicalWords.careNeeds);
    await doctorPage.getByLabel('Troubles cognitifs ou du comportement').fill(medicalWords.cognitiveBehaviouralIssues);
    const grid = doctorPage.getByRole('region', { name: /Grille AGGIR/ });
    for (const label of await grid.locator('label', { hasText: /^A$/ }).all()) {
      if (await label.isVisible()) await label.click();
    }
    for (const [group, code] of gridCodes) {
      await grid.getByRole('group', { name: group, exact: true }).locator('label', { hasText: code }).click();
    }
    await doctorPage.locator('#gir-calcule').getByText('GIR 3', { exact: true }).waitFor();
    await doctorPage.locator('label', { hasText: 'Partager le GIR avec la famille' }).click();
    await doctorPage.getByRole('button', { name: 'Valider le dossier' }).click();
    await doctorPage.waitForURL(/\/medecin\/dossiers-a-completer/);
    await doctorPage.getByText('Le dossier est complété et validé.', { exact: false }).waitFor();

    // ── The daughter: « Dossier complet », the GIR shared, three EHPAD with their monthly estimate ──
    await daughter.goto(requestPage);
    await daughter.getByText('Dossier complet', { exact: true }).waitFor();
    expect(await daughter.textContent('main')).toContain(dossierNumber);
    expect(await daughter.textContent('main')).toContain('GIR 3');
    await expectNoMedicalValue(daughter, 'her request once complete');
    await daughter.getByRole('link', { name: 'Choisir les établissements' }).click();
    await daughter.waitForURL(new RegExp(`/particulier/demandes/${caseId}/etablissements`));
    for (const name of chosen) {
      await daughter.getByLabel('Nom ou commune de l’établissement (facultatif)').fill(name);
      await daughter.getByRole('button', { name: /^Rechercher/ }).click();
      const card = daughter.getByRole('listitem').filter({ has: daughter.getByRole('heading', { name, exact: true }) });
      const cardText = (await card.textContent()) ?? '';
      expect(cardText, cardText).toMatch(/Coût mensuel estimé : (environ|au moins) \d[\d\s\u202f\u00a0]*(,\d+)?\s?€/);
      await card.getByRole('button', { name: /Ajouter à la sélection/ }).click();
      const count = chosen.indexOf(name) + 1;
      await daughter
        .locator('#panier')
        .getByText(`Sélection : ${count} établissement${count > 1 ? 's' : ''}`)
        .waitFor();
    }
    await expectNoMedicalValue(daughter, 'the facility choice');
    await daughter.getByRole('button', { name: 'Envoyer la demande' }).click();
    await daughter.waitForURL(new RegExp(`/particulier/demandes/${caseId}\\?fait=envoyee`));

    // ── One facility refuses, one accepts (their own pages) ──
    const berthet = await (await browser.newContext()).newPage();
    await site.signIn(berthet, refusing ?? '', `/demandes/${caseId}`);
    await berthet.getByLabel('Motif du refus').selectOption({ index: 1 });
    const reason = ((await berthet.getByLabel('Motif du refus').locator('option:checked').textContent()) ?? '').trim();
    await berthet.getByRole('button', { name: 'Refuser la demande' }).click();
    await berthet.getByText(/refus est enregistré/i).waitFor();
    const sixieme = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await site.signIn(sixieme, accepting ?? '', `/demandes/${caseId}`);
    const entry = inDays(3);
    const accept = sixieme.locator('form', { has: sixieme.getByRole('button', { name: 'Donner mon accord' }) });
    await accept.getByLabel('Date d’entrée proposée').fill(entry);
    await accept.getByRole('button', { name: 'Donner mon accord' }).click();
    await sixieme.getByText('Votre accord est enregistré. Le demandeur est prévenu.').waitFor();

    // ── The daughter reads both answers, then chooses (after a confirmation) ──
    const answers = await waitFor('both answers on her page', async () => {
      await daughter.goto(requestPage);
      const text = (await daughter.textContent('main')) ?? '';
      return text.includes(reason) && text.includes('Entrée proposée le') ? text : undefined;
    });
    expect(answers).toContain(`Entrée proposée le ${formatCalendarDate(entry)}`);
    await expectNoMedicalValue(daughter, 'her request with its answers');
    await daughter.getByRole('button', { name: /Choisir cet établissement/ }).click();
    await daughter.getByRole('heading', { name: 'Choisir cet établissement ?' }).waitFor();
    await daughter.getByRole('button', { name: 'Confirmer le choix' }).click();
    await daughter.waitForURL(new RegExp(`/particulier/demandes/${caseId}\\?fait=choix`));
    expect(await daughter.textContent('main')).toContain(chosen[2]);

    // ── The facility confirms the admission; the case closes ──
    await sixieme.goto(`${baseUrl}/demandes/${caseId}`);
    await sixieme.getByLabel('Date d’entrée effective').fill(entry);
    await sixieme.getByRole('button', { name: 'Confirmer l’admission' }).click();
    await sixieme.getByRole('button', { name: 'Confirmer l’admission' }).click();
    await waitFor('the case closed on her page', async () => {
      await daughter.goto(requestPage);
      return /Admission réalisée/.test((await daughter.textContent('main')) ?? '') ? true : undefined;
    });
    await expectNoMedicalValue(daughter, 'her request once closed');

    // Her API answers (the same session as her pages) hold no medical value either.
    for (const path of [`/api/referrals/${caseId}`, `/api/referrals/${caseId}/dossier`, '/api/family/requests']) {
      const answer = await daughter.request.get(`${baseUrl}${path}`);
      expect(answer.status(), path).toBe(200);
      const body = await answer.text();
      for (const word of Object.values(medicalWords)) expect(body, `${path}: ${word}`).not.toContain(word);
    }
    // While Dr Martin reads them on his.
    const dossier = await doctorPage.request.get(`${baseUrl}/api/referrals/${caseId}/dossier`);
    expect(await dossier.text()).toContain(medicalWords.treatments);
  }, 300_000);
});
