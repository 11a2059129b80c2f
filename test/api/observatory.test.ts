import { WorkflowContinuedAsNewError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCaseId, demoPcoInput, demoPcoScenarios, seedDemoCases } from '../../app/demo-cases.ts';
import { createServerApp } from '../../app/server-app.ts';
import { pcoPlatforms } from '../../db/schema-pco.ts';
import { atParisTime, shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { pcoWorkflowId } from '../../domain/pco/orientation-state.ts';
import { observatoryFigures } from '../../services/observatory/facility-figures.ts';
import { pcoFigures } from '../../services/observatory/pco-figures.ts';
import type { demoPcoWorkflow } from '../../workflows/demo-cases.ts';
import { csvRecords } from '../support/csv.ts';
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
 *
 * PCO TND orientations (days ago; sent at 09:00, validated at 10:00, care and synthesis on the
 * day), the demo's 31–33 and five more played here by the same demo workflow (`pcoFixture`):
 *   31 (69) sent 20, never validated          → validation late (still waiting after its 15th day), stalled
 *   32 (69) sent 70, validated 62, 1st assessment 40         → validation and assessment within delay
 *   33 (69) sent 3, waiting                    → no delay ended yet
 *   41 (69) sent 100, validated 80 (20 days), assessment 10  → validation late; assessment within (3 months ≥ 89 days)
 *   42 (69) sent 300, validated 295, assessment 150, synthesis 20
 *           → validation within; assessment late (145 days); synthesis within (6 months of day −150 ≥ day +31)
 *   43 (69) sent 400, validated 398            → outside the default year: not counted
 *   44 (13) sent 30, validated 25              → Bouches-du-Rhône: never in a Rhône coordinator's numbers
 *   45 (69) sent 250, validated 245, assessment 230, no synthesis
 *           → validation and assessment within; synthesis late (due about day −49), stalled
 * Rhône over the last year: 6 orientations (31, 32, 33, 41, 42, 45), 4 validated;
 * validation 3 within of 5 due (31 and 41 late); first assessment 3 within of 4 due (42 late);
 * synthesis 1 within of 2 due (45 late); 2 stalled (31, 45: the others' marks were cleared).
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
const coordinatorGironde = '00000000-0000-4000-8000-000000000022';
const pcoDoctorBouchesDuRhone = '00000000-0000-4000-8000-000000000033';
const series = 4001 + Math.floor(Math.random() * 95);

/** The extra PCO orientations of the fixture above, as the demo workflow plays them from their past. */
const pcoFixture = [
  { n: 41, departement: '69', sent: 100, validated: 80, assessment: 10 },
  { n: 42, departement: '69', sent: 300, validated: 295, assessment: 150, synthesis: 20 },
  { n: 43, departement: '69', sent: 400, validated: 398 },
  { n: 44, departement: '13', sent: 30, validated: 25 },
  { n: 45, departement: '69', sent: 250, validated: 245, assessment: 230 },
] as const;

async function playPcoFixture() {
  const { client, taskQueue } = platform;
  const [scenario] = demoPcoScenarios;
  if (!scenario) throw new Error('demo PCO scenario missing');
  const platformOf = async (departement: string) => {
    const [row] = await database.db
      .select({ id: pcoPlatforms.id })
      .from(pcoPlatforms)
      .where(eq(pcoPlatforms.departement, departement));
    if (!row) throw new Error(`no PCO platform in ${departement}`);
    return row.id;
  };
  await Promise.all(
    pcoFixture.map(async (item) => {
      const doctor = item.departement === '13' ? pcoDoctorBouchesDuRhone : demo.pcoDoctorRhone;
      const base = demoPcoInput(
        {
          n: item.n,
          label: 'observatoire',
          child: { ...scenario.child, departement: item.departement },
          submittedDaysAgo: item.sent,
          validatedDaysAgo: item.validated,
          ...('assessment' in item ? { firstAssessmentDaysAgo: item.assessment } : {}),
        },
        await platformOf(item.departement),
        now,
        series,
      );
      const steps = base.steps.map((step) =>
        step.command.type === 'validate' || step.command.type === 'recordCare'
          ? { ...step, command: { ...step.command, actorId: doctor } }
          : step,
      );
      if ('synthesis' in item) {
        steps.push({
          at: new Date(atParisTime(shiftDay(today, -item.synthesis), 11)).toISOString(),
          command: { type: 'recordSynthesis', actorId: doctor, date: shiftDay(today, -item.synthesis) },
        });
      }
      const handle = await client.workflow.start<typeof demoPcoWorkflow>('demoPcoWorkflow', {
        workflowId: pcoWorkflowId(demoCaseId(item.n, series)),
        taskQueue,
        args: [{ ...base, steps }],
      });
      // The demo's past ends by handing the case to the real workflow (continue-as-new), which runs on.
      const firstRun = client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId, { followRuns: false });
      await firstRun.result().catch((error: unknown) => {
        if (!(error instanceof WorkflowContinuedAsNewError)) throw error;
      });
    }),
  );
}

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
    // Above the demo-cases test's series (1 to 3500) and the coordination browser test's (3501 to 4000): never the same workflow ids in the shared namespace.
    series,
  });
  await playPcoFixture();
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
    const managerCsv = csvRecords((await (await get('/observatoire.csv', demo.revelMember)).text()).slice(1));
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
    const rows = csvRecords(text);
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

describe('the observatory of PCO TND orientations', () => {
  it('counts the delays kept as computed by hand in the fixture', async () => {
    const year = { from: shiftDay(today, -364), to: today, today };
    const rhone = await pcoFigures(database.db, { departements: ['69'], ...year });
    const expected = {
      orientations: 6,
      validated: 4,
      refused: 0,
      closed: 0,
      stalled: 2,
      validation: { due: 5, withinDelay: 3, late: 2 },
      firstAssessment: { due: 4, withinDelay: 3, late: 1 },
      synthesis: { due: 2, withinDelay: 1, late: 1 },
    };
    expect(rhone.total).toEqual(expected);
    expect(rhone.departements).toEqual([{ departement: '69', ...expected }]);

    // A longer period takes in case 43 (sent 400 days ago, validated within 2 days).
    const longer = await pcoFigures(database.db, { departements: ['69'], ...year, from: shiftDay(today, -450) });
    expect(longer.total.orientations).toBe(7);
    expect(longer.total.validation).toEqual({ due: 6, withinDelay: 4, late: 2 });

    const all = await pcoFigures(database.db, year);
    expect(all.departements.map((row) => [row.departement, row.orientations])).toEqual([
      ['13', 1],
      ['69', 6],
    ]);
    expect(all.total.orientations).toBe(7);
  });

  it('shows a coordinator the PCO chart with its text alternative and the table, and a CSV section', async () => {
    const html = await (await get('/observatoire', demo.coordinatorRhone)).text();
    expect(html).toContain('<h2 id="pco-titre">Orientations PCO TND</h2>');
    expect(html).toContain('<title id="graphique-pco-titre">Délais réglementaires tenus par les PCO TND');
    expect(html).toMatch(
      /<desc id="graphique-pco-desc">Validation dans les 15 jours : 60 % \(3 sur 5\) ; Premier bilan dans les 3 mois : 75 % \(3 sur 4\) ; Synthèse dans les 6 mois : 50 % \(1 sur 2\)<\/desc>/,
    );
    expect(html).toContain('<caption>Orientations PCO TND</caption>');
    expect(html).toContain('3 sur 5 (60 %)');

    const text = (await (await get('/observatoire.csv', demo.coordinatorRhone)).text()).slice(1);
    const [, pcoPart] = text.split('\r\n\r\n');
    expect(pcoPart?.split('\r\n')[0]).toMatch(/^Orientations PCO TND;Département;Orientations;Validées;/);
    const pcoRows = csvRecords(pcoPart ?? '');
    expect(pcoRows.map((row) => row.Département)).toEqual(['Tout le territoire', '69']);
    expect(pcoRows[0]).toMatchObject({
      Orientations: '6',
      'Validations échues': '5',
      'Validées dans les 15 jours': '3',
      'Validation dans les 15 jours (%)': '60,0',
      'Premier bilan dans les 3 mois': '3',
      'Synthèse dans les 6 mois (%)': '50,0',
      'En retard': '2',
    });
    expect(text).not.toMatch(/Petit|Nathan|Lefebvre/);

    // A facility manager reads no PCO numbers.
    expect(await (await get('/observatoire', demo.revelMember)).text()).not.toContain('Orientations PCO TND');
    expect(await (await get('/observatoire.csv', demo.revelMember)).text()).not.toContain('PCO');
  });
});

describe('GET /api/observatory', () => {
  interface ApiFigures {
    period: { from: string; to: string };
    departements: string[];
    kinds: { kind: string; received: number }[];
    facilities: { facility?: { name: string; departement: string }; received: number; answered: number }[];
    pco: { total: { orientations: number }; departements: { departement: string; orientations: number }[] } | null;
  }
  const api = async (query: string, userId?: string) => {
    const response = await get(`/api/observatory${query}`, userId);
    return {
      status: response.status,
      body: (await response.json()) as ApiFigures & { code?: string; message?: string },
    };
  };

  it('gives a coordinator their territory’s numbers and never another département’s', async () => {
    const rhone = await api('', demo.coordinatorRhone);
    expect(rhone.status).toBe(200);
    expect(rhone.body.period).toEqual({ from: shiftDay(today, -364), to: today });
    expect(rhone.body.departements).toEqual(['69']);
    expect(rhone.body.facilities.every((row) => row.facility?.departement === '69')).toBe(true);
    expect(
      rhone.body.facilities.find((row) => row.facility?.name === 'CTRE DE RÉADAPT FONCTIONNELLE REVEL'),
    ).toMatchObject({ received: 2, answered: 1 });
    expect(rhone.body.kinds.find((row) => row.kind === 'ehpad')?.received).toBe(23);
    expect(rhone.body.pco?.total.orientations).toBe(6);
    expect(rhone.body.pco?.departements.map((row) => row.departement)).toEqual(['69']);

    // Asking for the Gironde (or the Bouches-du-Rhône) does not widen the territory.
    for (const query of ['?departement=33', '?departement=33,13', '?departement=13']) {
      const asked = await api(query, demo.coordinatorRhone);
      expect(asked.status).toBe(200);
      expect(asked.body.departements).toEqual(['69']);
      expect(JSON.stringify(asked.body)).not.toMatch(/Chartrons|"33"|"13"/);
    }

    const gironde = await api('', coordinatorGironde);
    expect(gironde.body.facilities.map((row) => row.facility?.name)).toContain('EHPAD Démo Les Chartrons');
    expect(JSON.stringify(gironde.body)).not.toMatch(/SERGENT BERTHET|REVEL/);
    expect(gironde.body.pco).toMatchObject({ total: { orientations: 0 }, departements: [] });
  });

  it('gives an administrator any département, and a facility manager only their facility’s row', async () => {
    const admin = await api('?departement=13,69', demo.admin);
    expect(admin.body.pco?.departements.map((row) => [row.departement, row.orientations])).toEqual([
      ['13', 1],
      ['69', 6],
    ]);
    const manager = await api('', demo.revelMember);
    expect(manager.status).toBe(200);
    expect(manager.body.kinds).toEqual([]);
    expect(manager.body.facilities.map((row) => row.facility?.name)).toEqual(['CTRE DE RÉADAPT FONCTIONNELLE REVEL']);
    expect(manager.body.pco).toBeNull();
    // A shorter period: only what was sent in it (Revel's case 11, sent 12 days ago).
    const lastFortnight = await api(`?du=${shiftDay(today, -13)}&au=${today}`, demo.revelMember);
    expect(lastFortnight.body.facilities[0]).toMatchObject({ received: 1, answered: 0 });
  });

  it('refuses with stable codes and French messages', async () => {
    const physician = await api('', demo.physician);
    expect(physician).toMatchObject({ status: 403, body: { code: 'observatory.forbidden' } });
    expect(physician.body.message).toMatch(/réservé aux coordinateurs/);
    expect((await api('')).status).toBe(401);
    const badDay = await api('?du=2026-13-01', demo.coordinatorRhone);
    expect(badDay).toMatchObject({ status: 422, body: { code: 'request.invalid' } });
    expect(JSON.stringify(badDay.body)).toContain('Cette date n’existe pas.');
    const badDepartement = await api('?departement=Rh%C3%B4ne', demo.coordinatorRhone);
    expect(JSON.stringify(badDepartement.body)).toContain('Un département s’écrit avec son numéro');
    expect(await api('?du=2026-06-02&au=2026-06-01', demo.coordinatorRhone)).toMatchObject({
      status: 422,
      body: { code: 'observatory.invalid_period', message: 'La date de début doit précéder la date de fin.' },
    });
    expect((await api('?type=hopital', demo.coordinatorRhone)).status).toBe(422);

    const spec = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/observatory');
  });
});
