import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../app/demo-cases.ts';
import { createServerApp } from '../../app/server-app.ts';
import { atParisTime, shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { observatoryFigures } from '../../services/observatory/facility-figures.ts';
import { demo, localClient } from '../support/platform.ts';
import { type ScratchPlatform, startScratchPlatform } from '../support/scratch-platform.ts';
import { sessionJar } from '../support/sessions.ts';

/**
 * The observatory over the demo cases of `npm start`, played by the real workflows from their
 * backdated past (app/demo-cases.ts), in a database of its own so that the figures are exactly
 * those of the fixture. Every demo send is at 09:00 Paris and every answer at 10:00 (unless said).
 *
 * Hand computation, for the SMR of Revel (Rhône), cases 11 and 12:
 * - 11: sent 12 days ago, never answered (waiting, and stalled: « établissement silencieux »);
 * - 12: sent 40 days ago 09:00, accepted 39 days ago 10:00, admitted 35 days ago 10:00.
 *   → 2 received, 1 answered (50 %), 1 accepted (50 %), 0 refused, median and p90 answer time
 *     = 40d09h → 39d10h (25 h), median sending → admission = 40d09h → 35d10h (5 days 1 h).
 * For EHPAD Sergent Berthet (facility 0 of the Rhône list), cases 1, 2, 3, 5, 6, 7, 8, 9, 10:
 * 9 received; first answers: 3 accept (sent 12, answered 3 days ago), 5 accept (35 → 26),
 * 8 accept (74 → 62), 9 refuse « care_not_adapted » (27 → 22), 10 refuse « no_place » (289 → 280)
 * → 5 answered, 3 accepted, 2 refused; answer delays 9, 9, 12, 5, 9 days (+1 h): median 9 days 1 h.
 * The Rhône's EHPADs received 23 requests (3+2+3+2+2+2+1+3+3+2 over cases 1 to 10).
 */
let platform: ScratchPlatform;
let database: ScratchPlatform['database'];
let app: ReturnType<typeof createServerApp>;
let cookieOf: (userId: string) => Promise<string>;
const now = Date.now();
const today = todayInParis(now);
const instant = (daysAgo: number, hour: number) => atParisTime(shiftDay(today, -daysAgo), hour);
const hoursBetween = (sentDaysAgo: number, answeredDaysAgo: number) =>
  (instant(answeredDaysAgo, 10) - instant(sentDaysAgo, 9)) / 3_600_000;
/** Reads the CSV back (`;`, `\r\n`, double quotes around a field that needs them), headers as keys. */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split('\r\n').filter((line) => line !== '');
  const fields = (line: string) =>
    [...line.matchAll(/(?:^|;)("(?:[^"]|"")*"|[^;]*)/g)].map((match) => {
      const value = match[1] ?? '';
      return value.startsWith('"') ? value.slice(1, -1).replaceAll('""', '"') : value;
    });
  const [header, ...rows] = lines.map(fields);
  return rows.map((row) => Object.fromEntries((header ?? []).map((name, index) => [name, row[index] ?? ''])));
}
const coordinatorGironde = '00000000-0000-4000-8000-000000000022';

beforeAll(async () => {
  platform = await startScratchPlatform('observatory');
  database = platform.database;
  const { client, taskQueue } = platform;
  await seedDemoCases({
    db: database.db,
    temporal: client,
    taskQueue,
    searchAttributes: true,
    now,
    // Above the demo-cases test's series (1 to 4000): never the same workflow ids in the shared namespace.
    series: 4001 + Math.floor(Math.random() * 95),
  });
  app = createServerApp({
    db: database.db,
    temporal: client,
    taskQueue,
    searchAttributes: true,
    devMailbox: false,
    auth: { trustProxy: true },
    appUrl: 'http://localhost:3000',
    temporalCodec: {},
  });
  cookieOf = sessionJar(database.db);
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

const get = async (path: string, userId?: string) =>
  app.request(path, { headers: userId ? { cookie: await cookieOf(userId) } : {} }, localClient);

describe('the observatory', () => {
  it('counts what a coordinator of the Rhône would count by hand', async () => {
    const figures = await observatoryFigures(database.db, {
      departements: ['69'],
      from: shiftDay(today, -364),
      to: today,
    });
    const revel = figures.facilities.find((row) => row.facility?.name === 'CTRE DE RÉADAPT FONCTIONNELLE REVEL');
    expect(revel).toMatchObject({
      kind: 'smr',
      received: 2,
      answered: 1,
      accepted: 1,
      refused: 0,
      waitlisted: 0,
      admitted: 1,
      waiting: 1,
      stalled: 1,
    });
    expect(revel?.medianAnswerHours).toBeCloseTo(hoursBetween(40, 39), 6);
    expect(revel?.p90AnswerHours).toBeCloseTo(hoursBetween(40, 39), 6);
    expect(revel?.medianAdmissionHours).toBeCloseTo(hoursBetween(40, 35), 6);
    // Revel is the Rhône's only SMR with requests: the kind's row is its row.
    expect(figures.kinds.find((row) => row.kind === 'smr')).toMatchObject({ received: 2, answered: 1 });

    const berthet = figures.facilities.find((row) => row.facility?.name === 'EHPAD SERGENT BERTHET');
    expect(berthet).toMatchObject({ received: 9, answered: 5, accepted: 3, refused: 2 });
    expect(berthet?.refusalReasons).toEqual({ care_not_adapted: 1, no_place: 1 });
    expect(berthet?.medianAnswerHours).toBeCloseTo(hoursBetween(35, 26), 6);
    expect(figures.kinds.find((row) => row.kind === 'ehpad')?.received).toBe(23);
    expect(figures.facilities.every((row) => row.facility?.departement === '69')).toBe(true);

    // A shorter period: only the requests sent in it (case 1, sent 3 days ago, for Berthet).
    const lastWeek = await observatoryFigures(database.db, {
      departements: ['69'],
      from: shiftDay(today, -6),
      to: today,
      kind: 'ehpad',
    });
    expect(lastWeek.facilities.find((row) => row.facility?.name === 'EHPAD SERGENT BERTHET')?.received).toBe(1);
    expect(lastWeek.kinds.map((row) => row.kind)).toEqual(['ehpad']);
  });

  it('shows the coordinator a chart with its text alternative, the tables, and the menu link', async () => {
    const response = await get('/observatoire', demo.coordinatorRhone);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Observatoire</h1>');
    expect(html).toContain('href="/observatoire"');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('<title id="graphique-reponse-titre">Taux de réponse par type d’établissement');
    expect(html).toMatch(/<desc id="graphique-reponse-desc">[^<]*Soins médicaux et de réadaptation \(SMR\) : 50 %/);
    expect(html).toContain('<caption>Par établissement</caption>');
    expect(html).toContain('EHPAD SERGENT BERTHET');
    expect(html).not.toContain('Les Chartrons');
    expect(html).not.toContain('Bernard');
  });

  it('keeps every coordinator to their territory, and a facility manager to their own row', async () => {
    const gironde = await (await get('/observatoire', coordinatorGironde)).text();
    expect(gironde).toContain('EHPAD Démo Les Chartrons');
    expect(gironde).not.toContain('SERGENT BERTHET');
    expect(gironde).not.toContain('REVEL');
    // Asking for another département does not widen the territory.
    const asked = await (await get('/observatoire?departement=33', demo.coordinatorRhone)).text();
    expect(asked).not.toContain('Les Chartrons');
    expect(asked).toContain('SERGENT BERTHET');
    const askedCsv = await (await get('/observatoire.csv?departement=33', demo.coordinatorRhone)).text();
    expect(askedCsv).not.toContain('Chartrons');

    const manager = await (await get('/observatoire', demo.revelMember)).text();
    expect(manager).toContain('CTRE DE RÉADAPT FONCTIONNELLE REVEL');
    expect(manager).not.toContain('SERGENT BERTHET');
    expect(manager).not.toContain('<svg');
    const managerCsv = parseCsv((await (await get('/observatoire.csv', demo.revelMember)).text()).slice(1));
    expect(managerCsv.map((row) => row.Établissement)).toEqual(['CTRE DE RÉADAPT FONCTIONNELLE REVEL']);

    const admin = await (await get('/observatoire?departement=33,69', demo.admin)).text();
    expect(admin).toContain('Les Chartrons');
    expect(admin).toContain('SERGENT BERTHET');

    for (const refused of [demo.physician, demo.berthetDoctor]) {
      expect((await get('/observatoire', refused)).status).toBe(403);
      expect((await get('/observatoire.csv', refused)).status).toBe(403);
    }
    expect((await get('/observatoire')).status).toBe(303);
    expect((await get('/observatoire?du=2026-13-01', demo.coordinatorRhone)).status).toBe(422);
    expect((await get('/observatoire.csv?departement=Rh%C3%B4ne', demo.coordinatorRhone)).status).toBe(422);
  });

  it('downloads the same figures as a CSV a spreadsheet opens: BOM, French headers, one line per facility', async () => {
    const response = await get('/observatoire.csv', demo.coordinatorRhone);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="observatoire-/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toMatch(
      /^Type d’établissement;Établissement;Département;Demandes reçues;Taux de réponse/,
    );
    const rows = parseCsv(text);
    const facilitiesRows = rows.filter((row) => row.Département !== '');
    const names = facilitiesRows.map((row) => row.Établissement);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'EHPAD SERGENT BERTHET',
        'RESIDENCE SAINTE ELISABETH',
        'EHPAD LE 6EME',
        'CTRE DE RÉADAPT FONCTIONNELLE REVEL',
      ]),
    );
    const revel = facilitiesRows.find((row) => row.Établissement === 'CTRE DE RÉADAPT FONCTIONNELLE REVEL');
    expect(revel).toMatchObject({ 'Demandes reçues': '2', 'Taux de réponse (%)': '50,0', 'Demandes en retard': '1' });
    expect(text).not.toMatch(/Bernard|Lucienne|Perrin/);
  });
});
