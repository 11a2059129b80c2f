import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { facilities, facilityMemberships, referrals, users } from '../../db/schema.ts';
import { coordinatorTerritories } from '../../db/schema-coordination.ts';
import { pcoCases, pcoPlatformMembers, pcoPlatforms } from '../../db/schema-pco.ts';
import { addParisDays, formatFrenchDay, isoWeekday, shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { freshRpps } from '../support/accounts.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { platformTestWith } from '../support/fixtures.ts';
import { demo, type TestPlatform } from '../support/platform.ts';

/**
 * The home page of each role. Every person and facility counted here is this file's own (created
 * below), so the counts are exact whatever the other files do in the shared database; another
 * facility's, territory's or physician's cases are created alongside and must not be counted.
 * Cases go through the API (the workflow writes the read model), except the stalled marks and the
 * PCO orientations, written to the read model as its projection writes them.
 */
let clock: number | undefined;
const it = platformTestWith({ clock: () => new Date(clock ?? Date.now()) });

async function page(platform: TestPlatform, userId: string, path: string): Promise<string> {
  const response = await platform.app.request(path, { headers: { cookie: await platform.cookieOf(userId) } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The `href` of the link whose text is exactly `text`. */
function linkTo(html: string, text: string): string | undefined {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return html.match(new RegExp(`<a [^>]*href="([^"]+)"[^>]*>${escaped}</a>`))?.[1]?.replaceAll('&amp;', '&');
}

function rowsOf(html: string): string[] {
  const body = html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
  return body.split('<tr>').slice(1);
}

async function newUser(platform: TestPlatform, role: string, name: string) {
  const [row] = await platform.db
    .insert(users)
    .values({
      role,
      displayName: name,
      email: `${role}-${randomUUID()}@home-page.test`,
      ...(role === 'physician' ? { rpps: freshRpps() } : {}),
      emailVerifiedAt: new Date(),
    })
    .returning();
  if (!row) throw new Error('user not created');
  return row.id;
}

async function newFacility(platform: TestPlatform, name: string, memberId: string) {
  const label = randomUUID().slice(0, 8);
  const [row] = await platform.db
    .insert(facilities)
    .values({
      name: `${name} ${label}`,
      kind: 'ehpad',
      departement: '69',
      commune: 'Lyon',
      email: `accueil-${label}@home-page.test`,
    })
    .returning();
  if (!row) throw new Error('facility not created');
  await platform.db.insert(facilityMemberships).values({ userId: memberId, facilityId: row.id, role: 'staff' });
  return row;
}

async function sendCase(
  platform: TestPlatform,
  requester: string,
  facilityIds: string[],
  lastName: string,
  departement = '69',
) {
  const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
    as: requester,
    body: {
      kind: 'ehpad',
      patient: { lastName, firstName: 'Jeanne', birthDate: '1938-04-02', sex: 'female', departement },
      dossier: completeDossier('ehpad'),
      confirmNotDuplicate: true,
      facilityIds,
      send: true,
    },
  });
  expect(created.status).toBe(201);
  return created.body;
}

function taskOf(detail: ReferralDetail, facilityId: string) {
  const task = detail.tasks.find((candidate) => candidate.facility.id === facilityId);
  if (!task) throw new Error('no request for this facility');
  return task;
}

describe('the home page of each role', () => {
  it('shows the physician what to do first, each count linking to its list, then the rest with each facility’s status', async ({
    platform,
    createReferralCase,
  }) => {
    clock = undefined;
    const physician = await newUser(platform, 'physician', 'Dr Accueil');
    await createReferralCase({
      requester: physician,
      facilities: ['elisabeth', 'sixieme'],
      patient: { lastName: 'Choixa' },
      answers: { elisabeth: { accept: { proposedEntryDate: inDays(20) } } },
    });
    const question = await createReferralCase({
      requester: physician,
      facilities: ['sixieme'],
      patient: { lastName: 'Questionb' },
    });
    const asked = await platform.api(
      'POST',
      `/api/referrals/${question.id}/tasks/${question.facilities.sixieme.taskId}/request-info`,
      { as: question.facilities.sixieme.member.id, body: { question: 'Quel est le traitement en cours ?' } },
    );
    expect(asked.status).toBe(200);
    await createReferralCase({ requester: physician, facilities: ['elisabeth'], patient: { lastName: 'Attentec' } });
    await createReferralCase({
      requester: physician,
      facilities: ['elisabeth'],
      patient: { lastName: 'Brouillond' },
      send: false,
    });
    // Another physician's acceptance is not this one's to choose.
    await createReferralCase({
      facilities: ['elisabeth'],
      patient: { lastName: 'Autruie' },
      answers: { elisabeth: { accept: { proposedEntryDate: inDays(20) } } },
    });

    const home = await page(platform, physician, '/');
    expect(home).toContain('<h2 id="accueil-medecin"');
    expect(linkTo(home, '1 accord en attente de votre choix')).toBe('/demandes?suivi=choix');
    expect(linkTo(home, '1 demande d’informations en attente de votre réponse')).toBe('/demandes?suivi=informations');
    expect(linkTo(home, '1 brouillon à compléter et envoyer')).toBe('/demandes?statut=draft');
    expect(home).not.toContain('en retard</a>');
    // The rest: the case waiting for answers, with its facility's status; the ones to act on are above.
    const others = home.split('Mes autres demandes en cours')[1] ?? '';
    expect(others).toContain('ATTENTEC');
    expect(others).toMatch(
      /ATTENTEC[\s\S]*?fr-badges-group[\s\S]*? :<\/span><span class="fr-badge fr-badge--sm fr-badge--info">Envoyée/,
    );
    expect(others).not.toContain('CHOIXA');
    expect(others).not.toContain('QUESTIONB');
    expect(others).not.toContain('BROUILLOND');
    expect(home).not.toContain('AUTRUIE');
    // No other role's section.
    expect(home).not.toContain('accueil-etablissement');
    expect(home).not.toContain('accueil-coordination');
    expect(home).not.toContain('accueil-pco');

    // Each link lists exactly what it counted, with the requester's wording of the status.
    const toChoose = rowsOf(await page(platform, physician, '/demandes?suivi=choix'));
    expect(toChoose).toHaveLength(1);
    expect(toChoose[0]).toContain('CHOIXA');
    expect(toChoose[0]).toContain('Accord reçu — à vous de choisir');
    expect(toChoose[0]).not.toContain('En attente de réponses');
    const toAnswer = rowsOf(await page(platform, physician, '/demandes?suivi=informations'));
    expect(toAnswer).toHaveLength(1);
    expect(toAnswer[0]).toContain('QUESTIONB');
    expect(toAnswer[0]).toContain('Informations demandées');
    const all = await page(platform, physician, '/demandes');
    expect(rowsOf(all)).toHaveLength(4);
    expect(rowsOf(all).find((row) => row.includes('ATTENTEC'))).toContain('En attente de réponses');
    expect(rowsOf(all).find((row) => row.includes('BROUILLOND'))).toContain('Brouillon');
  });

  it('shows a facility its new, overdue and this week’s admissions, and its declared places with their age', async ({
    platform,
    temporal: _running,
  }) => {
    clock = undefined;
    const member = await newUser(platform, 'facility_member', 'Accueil Mine');
    const otherMember = await newUser(platform, 'facility_member', 'Accueil Autre');
    const mine = await newFacility(platform, 'EHPAD Accueil Mine', member);
    const other = await newFacility(platform, 'EHPAD Accueil Autre', otherMember);
    await platform.db
      .update(facilities)
      .set({ availablePlaces: 3, installedPlaces: 80, capacityDeclaredAt: new Date(addParisDays(Date.now(), -2)) })
      .where(eq(facilities.id, mine.id));

    const fresh = await sendCase(platform, demo.otherPhysician, [mine.id, other.id], 'Nouvellef');
    const admitted = await sendCase(platform, demo.otherPhysician, [mine.id], 'Entreeg');
    await sendCase(platform, demo.otherPhysician, [other.id], 'Ailleursh');
    const today = todayInParis();
    const accepted = await platform.api(
      'POST',
      `/api/referrals/${admitted.id}/tasks/${taskOf(admitted, mine.id).id}/accept`,
      { as: member, body: { proposedEntryDate: today } },
    );
    expect(accepted.status).toBe(200);
    const chosen = await platform.api('POST', `/api/referrals/${admitted.id}/choose`, {
      as: demo.otherPhysician,
      body: { taskId: taskOf(admitted, mine.id).id },
    });
    expect(chosen.status).toBe(200);

    const weekEnd = shiftDay(today, 7 - isoWeekday(today));
    const home = await page(platform, member, '/');
    expect(home).toContain('<h2 id="accueil-etablissement"');
    expect(linkTo(home, '1 nouvelle demande non ouverte')).toBe('/boite-de-reception?statut=sent');
    expect(linkTo(home, '0 demande en retard')).toBe('/boite-de-reception?en-retard=oui');
    const admissionsLink = linkTo(home, `1 admission prévue d’ici le ${formatFrenchDay(weekEnd)}`);
    expect(admissionsLink).toBe(`/boite-de-reception?statut=chosen&entree-avant=${weekEnd}`);
    expect(home).toContain('3 places disponibles sur 80, déclarées il y a 2 jours.');
    expect(home).not.toContain('accueil-medecin');

    // The links list what was counted, and nothing of the other facility.
    const fresh1 = rowsOf(await page(platform, member, '/boite-de-reception?statut=sent'));
    expect(fresh1).toHaveLength(1);
    expect(fresh1[0]).toContain('NOUVELLEF');
    const admissions = rowsOf(await page(platform, member, admissionsLink ?? ''));
    expect(admissions).toHaveLength(1);
    expect(admissions[0]).toContain('ENTREEG');
    // The other facility has its own two new requests, not this one's admission.
    const otherHome = await page(platform, otherMember, '/');
    expect(linkTo(otherHome, '2 nouvelles demandes non ouvertes')).toBe('/boite-de-reception?statut=sent');
    expect(otherHome).toContain('0 admission prévue');
    expect(otherHome).toContain('aucune place déclarée pour l’instant.');

    // 31 days after sending, the unanswered request is overdue: counted, and listed under « en retard ».
    const sentAt = Date.parse(taskOf(fresh, mine.id).sentAt ?? '');
    clock = addParisDays(sentAt, 31);
    const late = await page(platform, member, '/');
    expect(linkTo(late, '1 demande en retard')).toBe('/boite-de-reception?en-retard=oui');
    const overdue = rowsOf(await page(platform, member, '/boite-de-reception?en-retard=oui'));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toContain('NOUVELLEF');
    clock = undefined;
  });

  it('shows a coordinator the stalled cases of their territory by reason, not another territory’s', async ({
    platform,
    temporal: _running,
  }) => {
    clock = undefined;
    const coordinator = await newUser(platform, 'coordinator', 'Coordination Lozère');
    await platform.db.insert(coordinatorTerritories).values({ userId: coordinator, departement: '48' });
    const member = await newUser(platform, 'facility_member', 'Accueil Lozère');
    const facility = await newFacility(platform, 'EHPAD Accueil Lozère', member);
    const here = await sendCase(platform, demo.otherPhysician, [facility.id], 'Lozerei', '48');
    const twice = await sendCase(platform, demo.otherPhysician, [facility.id], 'Lozerej', '48');
    const elsewhere = await sendCase(platform, demo.otherPhysician, [facility.id], 'Cantalk', '15');
    const since = new Date().toISOString();
    const mark = (reason: string, party: string, taskId?: string) => ({
      reason,
      party,
      since,
      ...(taskId ? { taskId } : {}),
    });
    // The stalled marks, as the workflow's projection writes them.
    await platform.db
      .update(referrals)
      .set({ stalled: true, stalledMarks: [mark('facility_no_answer', 'facility', taskOf(here, facility.id).id)] })
      .where(eq(referrals.id, here.id));
    await platform.db
      .update(referrals)
      .set({
        stalled: true,
        stalledMarks: [
          mark('facility_no_answer', 'facility', taskOf(twice, facility.id).id),
          mark('inactive', 'requester'),
        ],
      })
      .where(eq(referrals.id, twice.id));
    await platform.db
      .update(referrals)
      .set({ stalled: true, stalledMarks: [mark('choice_pending', 'requester')] })
      .where(eq(referrals.id, elsewhere.id));

    const home = await page(platform, coordinator, '/');
    expect(home).toContain('<h2 id="accueil-coordination"');
    expect(linkTo(home, '2 dossiers : Pas de réponse de l’établissement dans le délai')).toBe(
      '/coordination?reason=facility_no_answer',
    );
    expect(linkTo(home, '1 dossier : Dossier sans changement depuis plusieurs mois')).toBe(
      '/coordination?reason=inactive',
    );
    expect(home).not.toContain('Accord reçu, sans choix du demandeur');
    const inactive = await page(platform, coordinator, '/coordination?reason=inactive');
    expect(rowsOf(inactive)).toHaveLength(1);
    expect(rowsOf(inactive)[0]).toContain('LOZEREJ');
    expect(inactive).toContain('Effacer les filtres');
    expect(rowsOf(await page(platform, coordinator, '/coordination'))).toHaveLength(2);
    // Left stalled, these cases would sit in the Cantal's and the Lozère's worklists of later runs: cleared.
    await platform.db
      .update(referrals)
      .set({ stalled: false, stalledMarks: [] })
      .where(inArray(referrals.id, [here.id, twice.id, elsewhere.id]));
    expect(rowsOf(await page(platform, coordinator, '/coordination'))).toHaveLength(0);
    expect(await page(platform, coordinator, '/')).toContain('Aucun dossier en retard sur votre territoire.');
  });

  it('shows a PCO platform the orientations to validate with their days left; a physician of it sees both sections', async ({
    platform,
  }) => {
    clock = undefined;
    const physician = await newUser(platform, 'physician', 'Dr Plateforme');
    const label = randomUUID().slice(0, 8);
    const platformRows = await platform.db
      .insert(pcoPlatforms)
      .values([
        // Unique per run: (département, age range) is the platforms' key.
        { name: `PCO Accueil ${label}`, departement: '99', ageRange: `0-6 ${label}`, email: `pco-${label}@home.test` },
        { name: `PCO Autre ${label}`, departement: '99', ageRange: `7-12 ${label}`, email: `pco2-${label}@home.test` },
      ])
      .returning();
    const [own, stranger] = platformRows;
    if (!own || !stranger) throw new Error('platforms not created');
    await platform.db.insert(pcoPlatformMembers).values({ userId: physician, platformId: own.id, role: 'doctor' });
    const now = Date.now();
    const orientation = (platformId: string, lastName: string, status: string, daysAgo: number) => ({
      id: randomUUID(),
      requesterId: physician,
      platformId,
      ageRange: '0-6',
      childLastName: lastName,
      childFirstName: 'Léo',
      childBirthDate: '2023-05-10',
      childSex: 'male',
      // No real territory: no coordinator's worklist or observatory count of another file sees them.
      departement: '99',
      family: {},
      screening: {} as never,
      status,
      submittedAt: new Date(addParisDays(now, -daysAgo)),
      version: 1,
      updatedAt: new Date(now),
    });
    // The read model as the orientation workflow's projection writes it.
    await platform.db
      .insert(pcoCases)
      .values([
        orientation(own.id, 'Validerl', 'submitted', 3),
        orientation(own.id, 'Validerm', 'submitted', 1),
        orientation(own.id, 'Valideen', 'validated', 20),
        orientation(stranger.id, 'Etrangero', 'submitted', 2),
      ]);

    const home = await page(platform, physician, '/');
    // Both roles of the person: their own requests (none yet) and their platform's work.
    expect(home).toContain('<h2 id="accueil-medecin"');
    expect(home).toContain('Rien à traiter : aucun accord ni aucune question ne vous attend.');
    expect(home).toContain('Aucune autre demande en cours.');
    expect(home).toContain('<h2 id="accueil-pco"');
    expect(linkTo(home, '2 orientations à valider')).toBe('/pco/boite-de-reception?statut=submitted');
    const pco = home.split('<h2 id="accueil-pco"')[1] ?? '';
    expect(pco.indexOf('VALIDERL')).toBeLessThan(pco.indexOf('VALIDERM'));
    expect(pco).toMatch(/VALIDERL[\s\S]*?12 jours/);
    expect(pco).toMatch(/VALIDERM[\s\S]*?14 jours/);
    expect(pco).not.toContain('VALIDEEN');
    expect(pco).not.toContain('ETRANGERO');
    const listed = rowsOf(await page(platform, physician, '/pco/boite-de-reception?statut=submitted'));
    expect(listed).toHaveLength(2);
    expect(listed.join('')).not.toContain('VALIDEEN');
  });

  it('keeps the presentation page for someone not logged in', async ({ platform }) => {
    const response = await platform.app.request('/');
    const html = await response.text();
    expect(html).toContain('Se connecter');
    expect(html).not.toContain('accueil-medecin');
  });
});
