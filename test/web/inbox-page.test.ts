import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { loadActor } from '../../api/identity.ts';
import { listFacilityTriage } from '../../api/referrals/triage-inbox.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { facilities } from '../../db/schema.ts';
import { addParisDays, anniversary, formatFrenchDay, parisDay, shiftDay } from '../../domain/calendar/days.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { platformTestWith } from '../support/fixtures.ts';
import { demo, demoFiness, type TestPlatform } from '../support/platform.ts';

/**
 * The facility inbox as an admissions officer triages it. The cases go to EHPAD Sergent Berthet
 * (whose doctor and manager are compared) and to EHPAD Démo Les Chartrons, which no other test file
 * addresses: its inbox holds only this file's cases, so its count and its order are exact.
 * The inbox's clock is pinned relative to the cases' own sending instants, never to today's date.
 */
const chartronsMember = '00000000-0000-4000-8000-000000000016';

let clock = Date.now();
const it = platformTestWith({ clock: () => new Date(clock) });

async function inbox(platform: TestPlatform, userId: string, query = ''): Promise<string> {
  const response = await platform.app.request(`/boite-de-reception${query}`, {
    headers: { cookie: await platform.cookieOf(userId) },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The table's body rows, in the page's order. */
function rowsOf(html: string): string[] {
  const body = html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
  return body.split('<tr>').slice(1);
}

function rowOf(html: string, lastName: string): string {
  const row = rowsOf(html).find((candidate) => candidate.includes(lastName.toUpperCase()));
  if (!row) throw new Error(`no row for ${lastName}`);
  return row;
}

function orderOf(html: string, lastNames: string[]): string[] {
  return rowsOf(html)
    .map((row) => lastNames.find((name) => row.includes(name.toUpperCase())))
    .filter((name): name is string => name !== undefined);
}

describe('the facility inbox, for triage', () => {
  it('shows age, GIR to the doctor only, desired date, deadlines and « en retard », the new requests, by urgency', async ({
    platform,
    temporal: _running,
  }) => {
    const berthet = await platform.facilityId(demoFiness.berthet);
    const [chartrons] = await platform.db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.name, 'EHPAD Démo Les Chartrons'));
    if (!chartrons) throw new Error('EHPAD Démo Les Chartrons is not seeded');
    // Ages are read two days after sending; birthdays ten days off that day whichever day the test runs.
    const readDay = parisDay(addParisDays(Date.now(), 2));
    const desired = { Triagea: inDays(40), Triageb: inDays(50), Triagec: inDays(60), Triaged: inDays(70) };
    const births = {
      Triaged: anniversary(shiftDay(readDay, -100), -80),
      Triagea: anniversary(shiftDay(readDay, -10), -87),
      Triageb: shiftDay(anniversary(readDay, -90), 10),
      Triagec: anniversary(shiftDay(readDay, -10), -92),
    };
    const cases: Record<string, ReferralDetail> = {};
    // D first, then A, B, C: sending order is received order.
    for (const lastName of ['Triaged', 'Triagea', 'Triageb', 'Triagec'] as const) {
      const dossier = completeDossier('ehpad');
      const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
        as: demo.physician,
        body: {
          kind: 'ehpad',
          patient: { lastName, firstName: 'Odette', birthDate: births[lastName], sex: 'female', departement: '69' },
          dossier: { ...dossier, administrative: { ...dossier.administrative, desiredEntryDate: desired[lastName] } },
          facilityIds: [berthet, chartrons.id],
          send: true,
        },
      });
      expect(created.status).toBe(201);
      cases[lastName] = created.body;
    }
    const taskAt = (lastName: string) => {
      const task = cases[lastName]?.tasks.find((t) => t.facility.id === chartrons.id);
      if (!task?.sentAt) throw new Error(`no sent request to Chartrons for ${lastName}`);
      return { caseId: cases[lastName]?.id, taskId: task.id, sentAt: Date.parse(task.sentAt) };
    };
    const a = taskAt('Triagea');
    const b = taskAt('Triageb');
    // Chartrons refuses D, has read B, agrees to C; A is still unopened.
    const answers = [
      ['Triaged', 'refuse', { reasonCode: 'no_place' }],
      ['Triageb', 'read', {}],
      ['Triagec', 'accept', { proposedEntryDate: inDays(30) }],
    ] as const;
    for (const [lastName, command, body] of answers) {
      const { caseId, taskId } = taskAt(lastName);
      const answered = await platform.api('POST', `/api/referrals/${caseId}/tasks/${taskId}/${command}`, {
        as: chartronsMember,
        body,
      });
      expect(answered.status).toBe(200);
    }

    // ── Two days after sending: nothing late, A and B owe an answer within 28 days ──
    clock = addParisDays(a.sentAt, 2);
    const early = await inbox(platform, chartronsMember);
    expect(early).toContain('<strong>1</strong> nouvelle demande non ouverte');
    expect(early).toContain('href="/boite-de-reception?statut=sent"');
    // By urgency (the default): nearest deadline first (A, then B), then no deadline by received date (C, then D).
    expect(orderOf(early, ['Triagea', 'Triageb', 'Triagec', 'Triaged'])).toEqual([
      'Triagea',
      'Triageb',
      'Triagec',
      'Triaged',
    ]);
    const rowA = rowOf(early, 'Triagea');
    expect(rowA).toContain('87 ans');
    expect(rowA).toContain(formatFrenchDay(desired.Triagea));
    expect(rowA).toContain('Nouvelle');
    expect(rowA).toContain('<strong>28 jours</strong>');
    expect(rowA).not.toContain('en retard');
    // The manager is no doctor, yet reads the GIR: it comes from the autonomy part, every member's.
    expect(rowA).not.toContain('Réservé au médecin');
    expect(rowA).toContain(`GIR ${cases.Triagea?.dossier.gir}`);
    expect(rowOf(early, 'Triageb')).toContain('89 ans');
    expect(rowOf(early, 'Triageb')).not.toContain('Nouvelle');
    expect(rowOf(early, 'Triagec')).toContain('Accord');
    // An accessible table, and the facility's own page in the menu.
    expect(early).toMatch(/<caption>Demandes reçues par mon établissement, en retard d’abord/);
    expect(early).toContain('<th scope="col">GIR</th>');
    expect(early).toContain('<th scope="row">');
    expect(early).toContain('href="/mon-etablissement"');
    expect(early).toContain('Mon établissement');

    // Another sort, chosen in the form (a GET, without JavaScript): most recently received first.
    expect(early).toContain('<form method="get" action="/boite-de-reception"');
    expect(early).toContain('<option value="reception"');
    const byReception = await inbox(platform, chartronsMember, '?tri=reception');
    expect(orderOf(byReception, ['Triagea', 'Triageb', 'Triagec', 'Triaged'])).toEqual([
      'Triagec',
      'Triageb',
      'Triagea',
      'Triaged',
    ]);
    // Empty state under a filter nothing matches.
    expect(await inbox(platform, chartronsMember, '?statut=admitted')).toContain(
      'Aucune demande ne correspond à ces critères.',
    );

    // The facility's doctor and its manager both read the GIR (newest first: other files' cases also
    // go to Berthet, these are among the last received).
    const gir = cases.Triagea?.dossier.gir;
    expect(gir).toBeTypeOf('number');
    expect(rowOf(await inbox(platform, demo.berthetDoctor, '?tri=reception'), 'Triagea')).toContain(`GIR ${gir}`);
    const asManager = rowOf(await inbox(platform, demo.berthetMember, '?tri=reception'), 'Triagea');
    expect(asManager).toContain('87 ans');
    expect(asManager).toContain(formatFrenchDay(desired.Triagea));
    expect(asManager).toContain(`GIR ${gir}`);

    // ── Thirty days after A was sent: A is late, B (sent after it) is due today ──
    clock = addParisDays(a.sentAt, 30);
    expect(addParisDays(b.sentAt, 30)).toBeGreaterThan(clock);
    const late = await inbox(platform, chartronsMember);
    expect(rowOf(late, 'Triagea')).toContain('en retard');
    expect(rowOf(late, 'Triageb')).not.toContain('en retard');
    expect(rowOf(late, 'Triageb')).toContain('<strong>Aujourd’hui</strong>');
    expect(orderOf(late, ['Triagea', 'Triageb', 'Triagec', 'Triaged'])).toEqual([
      'Triagea',
      'Triageb',
      'Triagec',
      'Triaged',
    ]);
    const onlyLate = await inbox(platform, chartronsMember, '?en-retard=oui');
    expect(orderOf(onlyLate, ['Triagea', 'Triageb', 'Triagec', 'Triaged'])).toEqual(['Triagea']);
    expect(onlyLate).toContain('1 demande.');
    expect(late).toContain('4 demandes.');

    // A page at a time (50 on the page; 2 here), in the same order across pages, filters kept in the links.
    const member = await loadActor(platform.db, chartronsMember);
    if (!member) throw new Error('no Chartrons member');
    const names = (items: { patientName: string }[]) => items.map((item) => item.patientName.split(' ')[0]);
    const first = await listFacilityTriage(platform.db, member, {}, new Date(clock), 1, 2);
    const second = await listFacilityTriage(platform.db, member, {}, new Date(clock), 2, 2);
    expect([first.total, first.pageCount, second.page]).toEqual([4, 2, 2]);
    expect([...names(first.items), ...names(second.items)]).toEqual(['TRIAGEA', 'TRIAGEB', 'TRIAGEC', 'TRIAGED']);
    const byReceptionSecond = await listFacilityTriage(
      platform.db,
      member,
      { sort: 'reception' },
      new Date(clock),
      2,
      2,
    );
    expect(names(byReceptionSecond.items)).toEqual(['TRIAGEA', 'TRIAGED']);
    const beyond = await listFacilityTriage(platform.db, member, {}, new Date(clock), 3, 2);
    expect(beyond.items).toEqual([]);
  });
});
