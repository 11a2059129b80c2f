import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAnswerStats } from '../../api/facilities/answer-stats.ts';
import type { DirectoryItem } from '../../api/facilities/search.ts';
import { importShippedData } from '../../db/import/shipped-data.ts';
import { facilities, facilityTasks, referralEvents, referrals } from '../../db/schema.ts';
import { seedDemoData } from '../../db/seed.ts';
import { addParisDays } from '../../domain/calendar/days.ts';
import { createDirectoryPlatform } from '../support/directory-platform.ts';
import { demo, demoFiness } from '../support/platform.ts';

type Platform = Awaited<ReturnType<typeof createDirectoryPlatform>>;
interface SearchBody {
  items: DirectoryItem[];
  total: number;
  origin: { insee: string; name: string; lat: number; lon: number } | null;
  radiusKm: number | null;
  sort: string;
}

let platform: Platform;
const coordinator = '00000000-0000-4000-8000-000000000021';
const villeurbanne = '69266';

/** Great-circle distance by the spherical law of cosines: not the code under test's haversine. */
function independentKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const cosine =
    Math.sin(a.lat * rad) * Math.sin(b.lat * rad) +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lon - a.lon) * rad);
  return 6371.0088 * Math.acos(Math.min(1, Math.max(-1, cosine)));
}

async function facilityId(finess: string): Promise<string> {
  const [row] = await platform.db.select({ id: facilities.id }).from(facilities).where(eq(facilities.finess, finess));
  if (!row) throw new Error(`no facility ${finess}`);
  return row.id;
}

/** A past case of the read model with one request to `facilityId`, answered (or not) as told. */
async function pastRequest(
  facilityId: string,
  sentDaysAgo: number,
  answer?: { type: 'task.accepted' | 'task.refused'; afterHours: number },
) {
  const caseId = randomUUID();
  const taskId = randomUUID();
  const sentAt = new Date(Date.now() - sentDaysAgo * 86_400_000);
  await platform.db.insert(referrals).values({
    id: caseId,
    workflowId: `referral/${caseId}`,
    kind: 'ehpad',
    status: 'sent',
    requesterId: demo.physician,
    patientLastName: 'Historique',
    patientFirstName: 'Test',
    patientBirthDate: '1940-01-01',
    patientSex: 'female',
    departement: '69',
    version: 3,
    createdAt: sentAt,
    updatedAt: sentAt,
  });
  await platform.db
    .insert(facilityTasks)
    .values({ id: taskId, referralId: caseId, facilityId, status: 'sent', version: 3, updatedAt: sentAt });
  const events = [
    { referralId: caseId, seq: 1, type: 'referral.created', occurredAt: sentAt },
    { referralId: caseId, seq: 2, type: 'task.sent', taskId, occurredAt: sentAt },
  ];
  if (answer) {
    events.push({
      referralId: caseId,
      seq: 3,
      type: answer.type,
      taskId,
      occurredAt: new Date(sentAt.getTime() + answer.afterHours * 3_600_000),
    });
  }
  await platform.db.insert(referralEvents).values(events);
}

beforeAll(async () => {
  platform = await createDirectoryPlatform('directory_test');
  await importShippedData(platform.db);
  await seedDemoData(platform.db);
  const [berthet, sixieme] = await Promise.all([facilityId(demoFiness.berthet), facilityId(demoFiness.sixieme)]);
  // Berthet answers within a day and accepts two requests of three; Le 6ème never answered three.
  await pastRequest(berthet, 20, { type: 'task.accepted', afterHours: 20 });
  await pastRequest(berthet, 15, { type: 'task.accepted', afterHours: 30 });
  await pastRequest(berthet, 10, { type: 'task.refused', afterHours: 10 });
  for (const daysAgo of [60, 50, 40]) await pastRequest(sixieme, daysAgo);
  await refreshAnswerStats(platform.db, { windowDays: 365 });
});
afterAll(async () => {
  await platform?.close();
});

describe('the facility directory on the national FINESS data', () => {
  it('finds only EHPAD within 20 km of Villeurbanne, each at its distance, ordered by the documented score', async () => {
    const { status, body } = await platform.api<SearchBody>(
      'GET',
      `/api/facilities?kind=ehpad&commune=${villeurbanne}&radiusKm=20&limit=500`,
    );
    expect(status).toBe(200);
    expect(body.origin).toMatchObject({ insee: villeurbanne, name: 'Villeurbanne' });
    expect(body.sort).toBe('pertinence');
    const origin = { lat: body.origin?.lat ?? 0, lon: body.origin?.lon ?? 0 };
    expect(body.items.length).toBeGreaterThan(50);
    expect(body.total).toBe(body.items.length);

    // Every EHPAD with a position within 20 km, and nothing else, as an independent computation says.
    const all = await platform.db
      .select({ id: facilities.id, lat: facilities.lat, lon: facilities.lon })
      .from(facilities)
      .where(eq(facilities.kind, 'ehpad'));
    const expected = all
      .filter((row) => row.lat !== null && row.lon !== null)
      .filter((row) => independentKm(origin, { lat: row.lat as number, lon: row.lon as number }) <= 20)
      .map((row) => row.id)
      .sort();
    expect(body.items.map((item) => item.id).sort()).toEqual(expected);

    for (const item of body.items) {
      expect(item.kind).toBe('ehpad');
      expect(item.kindLabel).toBe('EHPAD');
      expect(item.position).not.toBeNull();
      const distance = independentKm(origin, item.position as { lat: number; lon: number });
      expect(item.distanceKm).toBeCloseTo(distance, 6);
      expect(item.distanceKm).toBeLessThanOrEqual(20);

      // score = 0.40 × proximité + 0.25 × disponibilité + 0.35 × réactivité (README, domain/directory/facility-ranking.ts)
      const stats = item.answerStats;
      const answerRate = (stats.answered + 1) / (stats.due + 2);
      const acceptance = (stats.accepted + 1) / (stats.answered + 2);
      const speed = stats.medianAnswerHours === null ? 0.5 : 168 / (168 + stats.medianAnswerHours);
      const availability =
        item.capacity.availablePlaces === null || item.capacity.stale ? 0.5 : item.capacity.availablePlaces > 0 ? 1 : 0;
      const score =
        0.4 * (1 - distance / 20) + 0.25 * availability + 0.35 * (0.5 * answerRate + 0.25 * speed + 0.25 * acceptance);
      expect(item.ranking.score).toBeCloseTo(score, 9);
    }
    for (let index = 1; index < body.items.length; index++) {
      const previous = body.items[index - 1] as DirectoryItem;
      const current = body.items[index] as DirectoryItem;
      expect(previous.ranking.score).toBeGreaterThanOrEqual(current.ranking.score - 1e-9);
      if (Math.abs(previous.ranking.score - current.ranking.score) < 1e-12) {
        expect(previous.distanceKm).toBeLessThanOrEqual(current.distanceKm as number);
      }
    }

    const berthet = body.items.find((item) => item.finess === demoFiness.berthet);
    const sixieme = body.items.find((item) => item.finess === demoFiness.sixieme);
    expect(berthet?.answerStats).toEqual({ due: 3, answered: 3, accepted: 2, medianAnswerHours: 20 });
    expect(berthet?.explanation).toContain('répond en 20 heures en général (médiane)');
    expect(berthet?.explanation).toContain('accepte 67 % des demandes auxquelles il répond');
    expect(sixieme?.answerStats).toEqual({ due: 3, answered: 0, accepted: 0, medianAnswerHours: null });
    expect(sixieme?.explanation).toContain('a répondu à 0 des 3 demandes reçues');
    expect(berthet?.ranking.responsiveness).toBeGreaterThan(sixieme?.ranking.responsiveness ?? 1);
  });

  it('orders by distance on demand, and by name without a commune (as the referral form has it)', async () => {
    const byDistance = await platform.api<SearchBody>(
      'GET',
      `/api/facilities?kind=ehpad&commune=${villeurbanne}&radiusKm=20&sort=distance`,
    );
    const distances = byDistance.body.items.map((item) => item.distanceKm as number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    const byName = await platform.api<SearchBody>('GET', '/api/facilities?kind=ehpad&departement=69');
    expect(byName.body.sort).toBe('nom');
    const names = byName.body.items.map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const item of byName.body.items) {
      expect(item).toMatchObject({ kind: 'ehpad', kindLabel: 'EHPAD', departement: '69', isDemo: false });
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['id', 'finess', 'name', 'kind', 'kindLabel', 'departement', 'commune', 'isDemo']),
      );
      expect(item.distanceKm).toBeNull();
    }
  });

  it('filters by text, accommodation, places, capabilities and price; demo facilities say so', async () => {
    const text = await platform.api<SearchBody>('GET', '/api/facilities?q=sergent%20berthet');
    expect(text.body.items.map((item) => item.finess)).toEqual([demoFiness.berthet]);

    const cheap = await platform.api<SearchBody>('GET', '/api/facilities?kind=ehpad&departement=13&maxPrice=70');
    expect(cheap.body.items.length).toBeGreaterThan(0);
    for (const item of cheap.body.items) expect(item.pricePerDay).toBeLessThanOrEqual(70);

    const ssiad = await platform.api<SearchBody>('GET', `/api/facilities?kind=ssiad&commune=${villeurbanne}`);
    expect(ssiad.body.items.length).toBe(2);
    for (const item of ssiad.body.items) expect(item.isDemo).toBe(true);

    const berthetId = await facilityId(demoFiness.berthet);
    const declared = await platform.api<{ capacity: { availablePlaces: number; ageDays: number; label: string } }>(
      'PUT',
      `/api/facilities/${berthetId}/capacity`,
      {
        as: demo.berthetMember,
        body: {
          units: [
            { name: 'Unité protégée', accommodationType: 'permanent', installedPlaces: 14, availablePlaces: 2 },
            { name: 'Hébergement temporaire', accommodationType: 'temporaire', installedPlaces: 4, availablePlaces: 1 },
          ],
        },
      },
    );
    expect(declared.status).toBe(200);
    expect(declared.body.capacity).toMatchObject({ availablePlaces: 3, ageDays: 0 });
    expect(declared.body.capacity.label).toBe('3 places disponibles (déclaré aujourd’hui)');
    const profile = await platform.api('PUT', `/api/facilities/${berthetId}/profile`, {
      as: demo.berthetMember,
      body: { capabilities: ['unite_alzheimer', 'aide_sociale'], description: 'EHPAD de 80 places à Lyon 9e.' },
    });
    expect(profile.status).toBe(200);

    const withPlaces = await platform.api<SearchBody>(
      'GET',
      `/api/facilities?kind=ehpad&commune=${villeurbanne}&radiusKm=20&minPlaces=2`,
    );
    expect(withPlaces.body.items.map((item) => item.finess)).toEqual([demoFiness.berthet]);
    const alzheimer = await platform.api<SearchBody>(
      'GET',
      '/api/facilities?kind=ehpad&capabilities=unite_alzheimer,aide_sociale&accommodation=temporaire',
    );
    expect(alzheimer.body.items.map((item) => item.finess)).toEqual([demoFiness.berthet]);
    const ranked = await platform.api<SearchBody>(
      'GET',
      `/api/facilities?kind=ehpad&commune=${villeurbanne}&radiusKm=20`,
    );
    expect(ranked.body.items.find((item) => item.finess === demoFiness.berthet)?.ranking.availability).toBe(1);
  });

  it('lets only the facility’s own people edit it, and lists stale declarations to nudge', async () => {
    const berthetId = await facilityId(demoFiness.berthet);
    const other = await platform.api('PUT', `/api/facilities/${berthetId}/profile`, {
      as: demo.elisabethMember,
      body: { description: 'Pas la mienne' },
    });
    expect(other.status).toBe(403);
    const physician = await platform.api('PUT', `/api/facilities/${berthetId}/capacity`, {
      as: demo.physician,
      body: { units: [] },
    });
    expect(physician.status).toBe(403);
    const tooMany = await platform.api<{ code: string }>('PUT', `/api/facilities/${berthetId}/capacity`, {
      as: demo.berthetMember,
      body: { units: [{ name: 'A', accommodationType: 'permanent', installedPlaces: 2, availablePlaces: 3 }] },
    });
    expect(tooMany).toMatchObject({ status: 422, body: { code: 'facility.places_exceed_capacity' } });

    // Three months later, the declaration is old: the directory says so, and the facility is to be nudged.
    // 90 Paris calendar days before now (not 90 × 24 h, which is 89 or 91 days at some hours after a switch).
    await platform.db
      .update(facilities)
      .set({ capacityDeclaredAt: new Date(addParisDays(Date.now(), -90)) })
      .where(eq(facilities.id, berthetId));
    const reminders = await platform.api<{ items: { id: string; ageDays: number | null }[] }>(
      'GET',
      '/api/facilities/capacity-reminders',
      { as: coordinator },
    );
    expect(reminders.status).toBe(200);
    expect(reminders.body.items.find((item) => item.id === berthetId)?.ageDays).toBe(90);
    const elisabethId = await facilityId(demoFiness.elisabeth);
    expect(reminders.body.items.find((item) => item.id === elisabethId)?.ageDays).toBeNull();
    const own = await platform.api<{ items: { id: string }[] }>('GET', '/api/facilities/capacity-reminders', {
      as: demo.berthetMember,
    });
    expect(own.body.items.map((item) => item.id)).toEqual([berthetId]);

    const profile = await platform.api<{ capacity: { stale: boolean; label: string } }>(
      'GET',
      `/api/facilities/${berthetId}`,
    );
    expect(profile.body.capacity.stale).toBe(true);
    expect(profile.body.capacity.label).toMatch(/déclaration ancienne/);
  });

  it('finds communes by name, postcode or code, and refuses an unknown one', async () => {
    const byName = await platform.api<{ items: { insee: string }[] }>('GET', '/api/communes?q=villeurb');
    expect(byName.body.items[0]?.insee).toBe(villeurbanne);
    const byPostcode = await platform.api<{ items: { insee: string }[] }>('GET', '/api/communes?q=69100');
    expect(byPostcode.body.items.map((item) => item.insee)).toContain(villeurbanne);
    const saint = await platform.api<{ items: { name: string }[] }>('GET', '/api/communes?q=st%20genis%20laval');
    expect(saint.body.items[0]?.name).toBe('Saint-Genis-Laval');

    const unknown = await platform.api<{ code: string }>('GET', '/api/facilities?kind=ehpad&commune=99999');
    expect(unknown).toMatchObject({ status: 422, body: { code: 'commune.unknown' } });
    const invalid = await platform.api<{ code: string }>('GET', '/api/facilities?commune=Lyon');
    expect(invalid).toMatchObject({ status: 422, body: { code: 'request.invalid' } });
  });

  it('shows the directory and a facility’s page in French, and takes a declaration from its form', async () => {
    const page = await platform.app.request('/etablissements?commune=Villeurbanne&type=ehpad&rayon=20');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('à moins de 20 km de Villeurbanne');
    expect(html).toContain('EHPAD SERGENT BERTHET');
    expect(html).toContain('Pourquoi ce rang');
    const ambiguous = await (await platform.app.request('/etablissements?commune=saint%20genis')).text();
    expect(ambiguous).toContain('Plusieurs communes correspondent');

    const berthetId = await facilityId(demoFiness.berthet);
    const asManager = { cookie: await platform.cookieOf(demo.berthetMember) };
    const profile = await (await platform.app.request(`/etablissements/${berthetId}`, { headers: asManager })).text();
    expect(profile).toContain('Déclaration de places à mettre à jour');
    expect(profile).toContain('Déclarer les places disponibles');
    const posted = await platform.app.request(`/etablissements/${berthetId}/places`, {
      method: 'POST',
      headers: { ...asManager, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        'unite.0.nom': 'Unité protégée',
        'unite.0.accueil': 'permanent',
        'unite.0.installees': '14',
        'unite.0.disponibles': '1',
      }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/etablissements/${berthetId}?fait=places`);
    const after = await (
      await platform.app.request(`/etablissements/${berthetId}?fait=places`, { headers: asManager })
    ).text();
    expect(after).toContain('La déclaration de places est enregistrée.');
    expect(after).toContain('1 place disponible (déclaré aujourd’hui)');
    const anonymous = await (await platform.app.request(`/etablissements/${berthetId}`)).text();
    expect(anonymous).not.toContain('Déclarer les places disponibles');
  });
});
