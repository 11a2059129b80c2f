import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { DirectoryItem } from '../../api/facilities/search.ts';
import { facilities, facilityMemberships, users } from '../../db/schema.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import type { MonthlyCostEstimate } from '../../domain/directory/monthly-cost.ts';
import { searchText } from '../../domain/directory/search-text.ts';
import { platformTestWith } from '../support/fixtures.ts';
import type { TestPlatform } from '../support/platform.ts';

/**
 * The monthly cost estimate in the public directory (no login), on a facility's page and in the
 * directory API. The clock is pinned on 10 February 2027 in Paris: the month has 28 days. Every
 * facility here is this file's own, named with a token the searches ask for.
 */
const it = platformTestWith({ clock: () => new Date('2027-02-10T09:00:00Z') });
const token = `cout${randomUUID().slice(0, 8)}`;

/** Intl writes a narrow no-break space in thousands and a no-break space before €: read them as spaces. */
const plain = (html: string) => html.replace(/[\u202f\u00a0]/g, ' ').replaceAll('&#39;', '’');

async function newFacility(
  platform: TestPlatform,
  name: string,
  values: Partial<typeof facilities.$inferInsert> & { kind?: FacilityKind } = {},
) {
  const fullName = `${name} ${token}`;
  const [row] = await platform.db
    .insert(facilities)
    .values({
      name: fullName,
      kind: 'ehpad',
      departement: '69',
      commune: 'Lyon',
      email: `accueil-${randomUUID().slice(0, 8)}@cout.test`,
      searchText: searchText(`${fullName} Lyon`),
      ...values,
    })
    .returning();
  if (!row) throw new Error('facility not created');
  return row;
}

async function anonymousPage(platform: TestPlatform, path: string): Promise<string> {
  const response = await platform.app.request(path);
  expect(response.status).toBe(200);
  return plain(await response.text());
}

describe('the monthly cost estimate of the public directory', () => {
  it('shows each EHPAD’s estimate in the results, its terms on its page, and the same in the API', async ({
    platform,
  }) => {
    const declared = await newFacility(platform, 'EHPAD Les Tilleuls', {
      pricePerDay: 136.5,
      dependenceGir56PerDay: 6.12,
      tariffsDeclaredAt: new Date('2027-01-05T10:00:00Z'),
    });
    const shipped = await newFacility(platform, 'EHPAD Le Parc', {
      pricePerDay: 80.34,
      source: 'finess',
      sourceFile: 'finess_fr_ehpad.csv',
      finess: `69${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    });
    const unpriced = await newFacility(platform, 'EHPAD Sans Prix');
    await newFacility(platform, 'SMR Les Cèdres', { kind: 'smr', pricePerDay: 200 });

    const html = await anonymousPage(platform, `/etablissements?q=${token}`);
    expect(html).toContain('4 établissements');
    // 136,50 € × 28 = 3 822,00 € ; 6,12 € × 28 = 171,36 € ; total 3 993,36 €.
    expect(html).toContain('<strong>Coût mensuel estimé :</strong> environ 3 993,36 € en février 2027');
    // 80,34 € × 28 = 2 249,52 €, the GIR 5-6 tariff unknown; a shipped price may be old.
    expect(html).toContain(
      'au moins 2 249,52 € en février 2027 (hors tarif dépendance, non connu) — prix peut-être anciens',
    );
    expect(html).toContain('non estimé (prix d’hébergement inconnu)');
    expect(html).toContain(`href="/etablissements/${declared.id}#cout-mensuel"`);
    // An SMR is paid by the Assurance maladie: no estimate line for it.
    expect(html.match(/<strong>Coût mensuel estimé :<\/strong>/g)).toHaveLength(3);
    expect(html).toContain('Aucune aide n’est déduite');

    const page = await anonymousPage(platform, `/etablissements/${declared.id}`);
    expect(page).toContain('id="cout-mensuel"');
    expect(page).toContain('Coût mensuel estimé pour la personne');
    expect(page).toContain(
      'Environ 3 993,36 € pour 28 jours de février 2027 : hébergement et tarif dépendance GIR 5-6.',
    );
    expect(page).toContain('136,50 € par jour × 28 jours = 3 822,00 €.');
    expect(page).toContain('6,12 € par jour × 28 jours = 171,36 €.');
    expect(page).toContain('ticket modérateur');
    expect(page).toContain('Prix déclarés par l’établissement le 05/01/2027.');
    expect(page).toContain('<strong>Tarif dépendance GIR 5-6 :</strong> 6,12 € par jour');
    for (const aid of [
      'Aide sociale à l’hébergement (ASH)',
      'Aide au logement (APL ou ALS)',
      'Réduction d’impôt pour frais d’hébergement et de dépendance',
    ]) {
      expect(page).toContain(aid);
    }
    expect(page).not.toContain('fr-alert--warning');

    const shippedPage = await anonymousPage(platform, `/etablissements/${shipped.id}`);
    expect(shippedPage).toContain('Estimation incomplète');
    expect(shippedPage).toContain('Au moins 2 249,52 € pour 28 jours de février 2027');
    expect(shippedPage).toContain('Tarif dépendance GIR 5-6 non connu');
    expect(shippedPage).toContain('Ces prix peuvent être anciens.');
    expect(shippedPage).toContain('déclarés entre 2022 et janvier 2026');

    const unpricedPage = await anonymousPage(platform, `/etablissements/${unpriced.id}`);
    expect(unpricedPage).toContain('Pas d’estimation pour février 2027 : le prix d’hébergement n’est pas connu.');
    expect(unpricedPage).toContain('Prix d’hébergement non connu');

    const api = await platform.api<{ items: DirectoryItem[] }>('GET', `/api/facilities?q=${token}&sort=nom`);
    expect(api.status).toBe(200);
    const byName = new Map(api.body.items.map((item) => [item.name, item.monthlyCost]));
    expect(byName.get(declared.name)).toMatchObject({
      month: '2027-02',
      days: 28,
      status: 'complete',
      totalCents: 399_336,
      terms: [{ amountCents: 382_200 }, { amountCents: 17_136 }],
      dating: { on: '2027-01-05', old: false },
    });
    expect(byName.get(shipped.name)).toMatchObject({ status: 'partial', totalCents: 224_952, dating: { old: true } });
    expect(byName.get(unpriced.name)).toMatchObject({ status: 'unavailable', totalCents: null });
    expect(byName.get(`SMR Les Cèdres ${token}`)).toBeNull();
    const profile = await platform.api<{ monthlyCost: MonthlyCostEstimate }>('GET', `/api/facilities/${declared.id}`);
    expect(profile.body.monthlyCost.totalCents).toBe(399_336);

    const document = await platform.api<{ components: { schemas: Record<string, unknown> } }>(
      'GET',
      '/api/openapi.json',
    );
    expect(document.body.components.schemas).toHaveProperty('MonthlyCostEstimate');
  });

  it('takes the GIR 5-6 tariff from the facility’s form and dates its prices today', async ({ platform }) => {
    const facility = await newFacility(platform, 'EHPAD Les Glycines', {
      pricePerDay: 80.34,
      source: 'finess',
      sourceFile: 'finess_fr_ehpad.csv',
    });
    const [manager] = await platform.db
      .insert(users)
      .values({
        role: 'facility_member',
        displayName: 'Responsable Glycines',
        email: `responsable-${randomUUID()}@cout.test`,
        emailVerifiedAt: new Date(),
      })
      .returning();
    if (!manager) throw new Error('user not created');
    await platform.db
      .insert(facilityMemberships)
      .values({ userId: manager.id, facilityId: facility.id, role: 'manager' });
    const cookie = await platform.cookieOf(manager.id);
    const form = await (await platform.app.request(`/etablissements/${facility.id}`, { headers: { cookie } })).text();
    expect(form).toContain('name="tarif-gir56"');

    const posted = await platform.app.request(`/etablissements/${facility.id}/profil`, {
      method: 'POST',
      headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: facility.email, prix: '95,40', 'tarif-gir56': '5,90' }).toString(),
    });
    expect(posted.status).toBe(303);
    const page = await anonymousPage(platform, `/etablissements/${facility.id}`);
    // 95,40 € × 28 = 2 671,20 € ; 5,90 € × 28 = 165,20 € ; total 2 836,40 €.
    expect(page).toContain('Environ 2 836,40 € pour 28 jours de février 2027');
    expect(page).toContain('Prix déclarés par l’établissement le 10/02/2027.');
    expect(page).not.toContain('Ces prix peuvent être anciens.');

    const refused = await platform.app.request(`/etablissements/${facility.id}/profil`, {
      method: 'POST',
      headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: facility.email, prix: '95,40', 'tarif-gir56': '-3' }).toString(),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Tarif dépendance GIR 5-6 : un montant positif est attendu.');
  });
});
