import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityMemberships, users } from '../../db/schema.ts';
import { coordinatorTerritories } from '../../db/schema-coordination.ts';
import { auditLog, cguAcceptances, invitations } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { hashToken } from '../../services/identity/tokens.ts';
import { completeDossier } from '../support/dossiers.ts';
import { invitationToken as invitationTokenOf } from '../support/invitations.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;
const admin = '00000000-0000-4000-8000-000000000041';
const password = 'a long enough passphrase';

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

const invitationToken = (email: string) => invitationTokenOf(platform, email);

const accept = (body: Record<string, string>) =>
  platform.api<Record<string, unknown>>('POST', '/api/auth/invitations/accept', { body });

describe('invitations', () => {
  it('a facility manager invites a member of their facility; the person sets name, password, CGU', async () => {
    const facilityId = await platform.facilityId(demoFiness.berthet);
    const email = `invite-${randomUUID()}@invite.test`;
    const sent = await platform.api('POST', '/api/auth/invitations', {
      as: demo.berthetMember,
      body: { role: 'facility_member', email, facilityId, facilityRole: 'staff' },
    });
    expect(sent.status).toBe(201);
    const token = await invitationToken(email);
    const [stored] = await platform.db.select().from(invitations).where(eq(invitations.email, email));
    expect(stored?.id).toBe(hashToken(token));
    const validity = (stored?.expiresAt.getTime() ?? 0) - Date.now();
    expect(validity).toBeGreaterThan(6.99 * 86_400_000);
    expect(validity).toBeLessThanOrEqual(7 * 86_400_000);

    const version = currentCgu().version;
    const weak = await accept({ token, displayName: 'Léa Invitée', password: 'court', cguVersion: version });
    expect(weak.status).toBe(422);
    const done = await accept({ token, displayName: 'Léa Invitée', password, cguVersion: version });
    expect(done.status).toBe(201);
    const userId = String(done.body.userId);
    const [user] = await platform.db.select().from(users).where(eq(users.id, userId));
    expect(user).toMatchObject({ email, role: 'facility_member', displayName: 'Léa Invitée' });
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(
      await platform.db.select().from(facilityMemberships).where(eq(facilityMemberships.userId, userId)),
    ).toMatchObject([{ facilityId, role: 'staff' }]);
    expect(await platform.db.select().from(cguAcceptances).where(eq(cguAcceptances.userId, userId))).toHaveLength(1);
    const events = await platform.db
      .select({ event: auditLog.event })
      .from(auditLog)
      .where(eq(auditLog.userId, userId));
    expect(events.map((row) => row.event)).toContain('invitation.accepted');
    const sentEvents = await platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, demo.berthetMember), eq(auditLog.event, 'invitation.sent')));
    expect(sentEvents.length).toBeGreaterThan(0);

    const again = await accept({ token, displayName: 'Autre', password, cguVersion: version });
    expect(again.status).toBe(410);

    const login = await platform.app.request('http://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.99.1.1' },
      body: JSON.stringify({ identifier: email, password }),
    });
    expect(login.status).toBe(202);
  });

  it('an administrator invites a coordinator with territories; others may not', async () => {
    const email = `coord-${randomUUID()}@invite.test`;
    const body = { role: 'coordinator', email, territories: ['69', '2A'] };
    expect((await platform.api('POST', '/api/auth/invitations', { as: demo.berthetMember, body })).status).toBe(403);
    expect((await platform.api('POST', '/api/auth/invitations', { as: demo.physician, body })).status).toBe(403);
    expect((await platform.api('POST', '/api/auth/invitations', { body })).status).toBe(401);
    expect((await platform.api('POST', '/api/auth/invitations', { as: admin, body })).status).toBe(201);
    const token = await invitationToken(email);
    const done = await accept({ token, displayName: 'Paul Coordinateur', password, cguVersion: currentCgu().version });
    expect(done.status).toBe(201);
    const userId = String(done.body.userId);
    const rows = await platform.db
      .select({ departement: coordinatorTerritories.departement })
      .from(coordinatorTerritories)
      .where(eq(coordinatorTerritories.userId, userId));
    expect(rows.map((row) => row.departement).sort()).toEqual(['2A', '69']);
    const [user] = await platform.db.select().from(users).where(eq(users.id, userId));
    expect(user?.role).toBe('coordinator');
  });

  it('a manager cannot invite into another facility; an existing address or an expired link is refused', async () => {
    const elisabeth = await platform.facilityId(demoFiness.elisabeth);
    const other = await platform.api('POST', '/api/auth/invitations', {
      as: demo.berthetMember,
      body: {
        role: 'facility_member',
        email: `x-${randomUUID()}@invite.test`,
        facilityId: elisabeth,
        facilityRole: 'staff',
      },
    });
    expect(other.status).toBe(403);
    const notManager = await platform.api('POST', '/api/auth/invitations', {
      as: demo.berthetDoctor,
      body: {
        role: 'facility_member',
        email: `y-${randomUUID()}@invite.test`,
        facilityId: await platform.facilityId(demoFiness.berthet),
        facilityRole: 'staff',
      },
    });
    expect(notManager.status).toBe(403);
    const existing = await platform.api('POST', '/api/auth/invitations', {
      as: admin,
      body: { role: 'coordinator', email: 'ADMIN@demo.parcours.local', territories: ['13'] },
    });
    expect(existing.status).toBe(409);

    const email = `late-${randomUUID()}@invite.test`;
    await platform.api('POST', '/api/auth/invitations', {
      as: admin,
      body: { role: 'coordinator', email, territories: ['13'] },
    });
    const token = await invitationToken(email);
    await platform.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.email, email));
    const late = await accept({ token, displayName: 'Trop Tard', password, cguVersion: currentCgu().version });
    expect(late.status).toBe(410);
    expect(await platform.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });
});

describe('the /invitation page', () => {
  it('asks for name, password and the CGU, creates the account, then sends to /connexion', async () => {
    const email = `page-${randomUUID()}@invite.test`;
    await platform.api('POST', '/api/auth/invitations', {
      as: admin,
      body: { role: 'coordinator', email, territories: ['69'] },
    });
    const token = await invitationToken(email);
    const jar = new Map<string, string>();
    async function go(method: string, path: string, form?: Record<string, string>) {
      const headers: Record<string, string> = { 'x-forwarded-for': '10.98.2.2', origin: 'http://localhost' };
      if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await platform.app.request(`http://localhost${path}`, {
        method,
        headers,
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [name, value] = (line.split(';')[0] ?? '').split('=');
        if (name && value) jar.set(name, value);
      }
      return { status: response.status, location: response.headers.get('location'), html: await response.text() };
    }
    const page = await go('GET', `/invitation?jeton=${token}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Créer votre compte Parcours');
    expect(page.html).toContain(currentCgu().title);
    const csrf = /name="csrf" value="([a-z2-7]+)"/.exec(page.html)?.[1] ?? '';
    const version = currentCgu().version;
    const fields = { jeton: token, displayName: 'Inès Page', password, version };
    expect((await go('POST', '/invitation', { ...fields, cgu: 'oui' })).status).toBe(403);
    const noCgu = await go('POST', '/invitation', { csrf, ...fields });
    expect(noCgu.status).toBe(422);
    expect(noCgu.html).toContain('Vous devez accepter les conditions');
    const created = await go('POST', '/invitation', { csrf, ...fields, cgu: 'oui' });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/connexion?compte=cree');
    expect((await go('GET', '/connexion?compte=cree')).html).toContain('Votre compte est créé');
    const [user] = await platform.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ displayName: 'Inès Page', role: 'coordinator' });
    const reused = await go('POST', '/invitation', { csrf, ...fields, cgu: 'oui' });
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('Cette invitation n’est plus valable');
  });
});

describe('a doctor proposed by a facility manager', () => {
  const csrf = 'a'.repeat(32);
  /** A page or form of the web app as `userId` (session and form token cookies, same origin). */
  async function web(userId: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = {
      cookie: `${await platform.cookieOf(userId)}; parcours_csrf=${csrf}`,
      'x-forwarded-for': '10.97.3.3',
    };
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = 'http://localhost';
    }
    const response = await platform.app.request(`http://localhost${path}`, {
      method: form ? 'POST' : 'GET',
      headers,
      ...(form ? { body: new URLSearchParams({ csrf, ...form }).toString() } : {}),
    });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
  const dossierAs = (userId: string, caseId: string) =>
    platform.api<{ medicalPartVisible: boolean; content: Record<string, unknown> }>(
      'GET',
      `/api/referrals/${caseId}/dossier`,
      { as: userId },
    );

  it('reads no medical part until an administrator confirms their RPPS; the journal keeps both steps', async () => {
    const berthet = await platform.facilityId(demoFiness.berthet);
    const email = `docteur-${randomUUID()}@invite.test`;
    const sent = await platform.api('POST', '/api/auth/invitations', {
      as: demo.berthetMember,
      body: { role: 'facility_member', email, facilityId: berthet, facilityRole: 'doctor' },
    });
    expect(sent.status).toBe(201);
    const proposals = await platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, demo.berthetMember), eq(auditLog.event, 'doctor.proposed')));
    expect(proposals.map((row) => JSON.parse(row.details))).toContainEqual({ email, facilityId: berthet });

    const token = await invitationToken(email);
    const done = await accept({ token, displayName: 'Dr Victor Propose', password, cguVersion: currentCgu().version });
    expect(done.status).toBe(201);
    const doctor = String(done.body.userId);

    const created = await platform.api<{ id: string }>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: {
          lastName: 'Propose',
          firstName: 'Jeanne',
          birthDate: '1938-02-02',
          sex: 'female',
          departement: '69',
        },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet],
      },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    await waitFor(
      'the request sent to Berthet',
      async () => {
        const detail = await platform.api<{ tasks: { status: string }[] }>('GET', `/api/referrals/${caseId}`, {
          as: demo.physician,
        });
        return detail.body.tasks.some((task) => task.status === 'sent') ? true : undefined;
      },
      30_000,
    );

    // A member of the facility: the case and its administrative part, never the medical part.
    const before = await dossierAs(doctor, caseId);
    expect(before.status).toBe(200);
    expect(before.body.medicalPartVisible).toBe(false);
    expect(before.body.content).not.toHaveProperty('medical');
    const dossierPage = await web(doctor, `/demandes/${caseId}/dossier`);
    expect(dossierPage.status).toBe(200);
    expect(dossierPage.html).not.toContain('Amlodipine');
    expect((await dossierAs(demo.berthetDoctor, caseId)).body.medicalPartVisible).toBe(true);

    const facilityPage = await web(demo.berthetMember, `/etablissements/${berthet}`);
    expect(facilityPage.status).toBe(200);
    expect(facilityPage.html).toContain('Dr Victor Propose');
    expect(facilityPage.html).toContain('En attente de confirmation');
    const ownPage = await web(doctor, `/etablissements/${berthet}`);
    expect(ownPage.html).toContain('Votre rôle de médecin coordonnateur est en attente de confirmation');

    // The manager proposes, never confirms; an administrator confirms a valid RPPS only.
    const byManager = await platform.api('POST', '/api/auth/doctor-grants/confirm', {
      as: demo.berthetMember,
      body: { userId: doctor, facilityId: berthet, rpps: '10000098771' },
    });
    expect(byManager).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const pending = await platform.api<{ items: { userId: string; statusLabel: string }[] }>(
      'GET',
      '/api/auth/doctor-grants',
      { as: admin },
    );
    expect(pending.body.items).toContainEqual(
      expect.objectContaining({ userId: doctor, statusLabel: 'En attente de confirmation' }),
    );
    const adminPage = await web(admin, '/administration/medecins');
    expect(adminPage.status).toBe(200);
    expect(adminPage.html).toContain('Dr Victor Propose');
    const badRpps = await web(admin, '/administration/medecins/confirmer', {
      userId: doctor,
      facilityId: berthet,
      rpps: '10000098772',
    });
    expect(badRpps.status).toBe(422);
    expect(badRpps.html).toContain('Numéro RPPS invalide');
    expect((await dossierAs(doctor, caseId)).body.medicalPartVisible).toBe(false);

    const confirmed = await web(admin, '/administration/medecins/confirmer', {
      userId: doctor,
      facilityId: berthet,
      rpps: '10000098771',
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe('/administration/medecins?confirme=1');

    const after = await dossierAs(doctor, caseId);
    expect(after.body.medicalPartVisible).toBe(true);
    expect(after.body.content).toHaveProperty('medical');
    expect((await web(doctor, `/demandes/${caseId}/dossier`)).html).toContain('Amlodipine');
    const [account] = await platform.db.select().from(users).where(eq(users.id, doctor));
    expect(account?.rpps).toBe('10000098771');
    expect((await web(demo.berthetMember, `/etablissements/${berthet}`)).html).toMatch(
      /Dr Victor Propose[\s\S]*Confirmé/,
    );
    const confirmations = await platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, admin), eq(auditLog.event, 'doctor.confirmed')));
    expect(confirmations.map((row) => JSON.parse(row.details))).toContainEqual({
      accountId: doctor,
      facilityId: berthet,
      method: 'admin',
      rpps: '10000098771',
    });
    const again = await platform.api('POST', '/api/auth/doctor-grants/confirm', {
      as: admin,
      body: { userId: doctor, facilityId: berthet, rpps: '10000098771' },
    });
    expect(again).toMatchObject({ status: 404, body: { code: 'doctor_grant.not_found' } });
  });
});
