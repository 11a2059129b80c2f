import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationView } from '../../api/auth/invitations.ts';
import { auditLog, invitations } from '../../db/schema-identity.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { hashToken } from '../../services/identity/tokens.ts';
import { invitationToken as invitationTokenOf } from '../support/invitations.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;

beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

const address = (label: string) => `${label}-${randomUUID()}@invite.test`;

async function invite(as: string, body: Record<string, unknown>): Promise<string> {
  const sent = await platform.api<{ id: string }>('POST', '/api/auth/invitations', { as, body });
  expect(sent.status).toBe(201);
  return sent.body.id;
}

async function listAs(as?: string) {
  return platform.api<{ items: InvitationView[] }>('GET', '/api/auth/invitations', as ? { as } : {});
}

const invitationToken = (email: string) => invitationTokenOf(platform, email);

describe('the list of invitations', () => {
  it('shows a facility manager their facility’s invitations only, an administrator all, nobody else any', async () => {
    const berthet = await platform.facilityId(demoFiness.berthet);
    const elisabeth = await platform.facilityId(demoFiness.elisabeth);
    const toBerthet = address('berthet');
    const toElisabeth = address('elisabeth');
    const toCoordinator = address('coord');
    const berthetId = await invite(demo.berthetMember, {
      role: 'facility_member',
      email: toBerthet,
      facilityId: berthet,
      facilityRole: 'doctor',
    });
    await invite(demo.admin, {
      role: 'facility_member',
      email: toElisabeth,
      facilityId: elisabeth,
      facilityRole: 'staff',
    });
    await invite(demo.admin, { role: 'coordinator', email: toCoordinator, territories: ['69', '2A'] });

    const managerList = await listAs(demo.berthetMember);
    expect(managerList.status).toBe(200);
    const managerEmails = managerList.body.items.map((item) => item.email);
    expect(managerEmails).toContain(toBerthet);
    expect(managerEmails).not.toContain(toElisabeth);
    expect(managerEmails).not.toContain(toCoordinator);
    expect(managerList.body.items.every((item) => item.facility?.id === berthet)).toBe(true);

    const row = managerList.body.items.find((item) => item.email === toBerthet);
    expect(row).toMatchObject({
      id: berthetId,
      status: 'pending',
      statusLabel: 'En attente',
      role: 'facility_member',
      roleLabel: 'Médecin coordonnateur',
      facility: { id: berthet, finess: demoFiness.berthet },
      territories: [],
      acceptedAt: null,
      withdrawnAt: null,
    });
    expect(row?.invitedBy).toBeTruthy();
    // The handle names the invitation; the stored token hash never leaves the server.
    const [stored] = await platform.db.select().from(invitations).where(eq(invitations.email, toBerthet));
    expect(row?.id).not.toBe(stored?.id);
    expect(JSON.stringify(managerList.body)).not.toContain(stored?.id ?? 'missing');

    const adminEmails = (await listAs(demo.admin)).body.items.map((item) => item.email);
    expect(adminEmails).toEqual(expect.arrayContaining([toBerthet, toElisabeth, toCoordinator]));
    const coordinatorRow = (await listAs(demo.admin)).body.items.find((item) => item.email === toCoordinator);
    expect(coordinatorRow).toMatchObject({ roleLabel: 'Coordinateur', territories: ['69', '2A'], facility: null });

    for (const other of [demo.physician, demo.berthetDoctor, demo.coordinatorRhone, demo.pcoDoctorRhone]) {
      const refused = await listAs(other);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'auth.forbidden' });
    }
    expect((await listAs()).status).toBe(401);
  });

  it('refuses département codes that do not exist', async () => {
    const sent = await platform.api('POST', '/api/auth/invitations', {
      as: demo.admin,
      body: { role: 'coordinator', email: address('bad'), territories: ['20'] },
    });
    expect(sent.status).toBe(422);
  });
});

describe('withdrawing an invitation', () => {
  it('makes its link unusable with the same answer as an unknown link, once, and is audited', async () => {
    const email = address('withdrawn');
    const id = await invite(demo.admin, { role: 'coordinator', email, territories: ['13'] });
    const token = await invitationToken(email);

    const withdrawn = await platform.api('POST', `/api/auth/invitations/${id}/withdraw`, { as: demo.admin });
    expect(withdrawn.status).toBe(204);
    const row = (await listAs(demo.admin)).body.items.find((item) => item.id === id);
    expect(row).toMatchObject({ status: 'withdrawn', statusLabel: 'Retirée' });
    expect(row?.withdrawnAt).toBeTruthy();

    const accept = (jeton: string) =>
      platform.api('POST', '/api/auth/invitations/accept', {
        body: {
          token: jeton,
          displayName: 'Trop Tard',
          password: 'a long enough passphrase',
          cguVersion: currentCgu().version,
        },
      });
    const refused = await accept(token);
    const unknown = await accept('a'.repeat(32));
    expect(refused.status).toBe(410);
    expect(refused.body).toEqual(unknown.body);
    expect(refused.body).toMatchObject({ code: 'auth.invitation_invalid' });

    const again = await platform.api('POST', `/api/auth/invitations/${id}/withdraw`, { as: demo.admin });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'auth.invitation_not_pending' });

    const events = await platform.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.userId, demo.admin), eq(auditLog.event, 'invitation.withdrawn')));
    expect(events.map((event) => event.details).join()).toContain(email);
    const [stored] = await platform.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, hashToken(token)));
    expect(stored?.withdrawnBy).toBe(demo.admin);
  });

  it('inviting the same person to the same place again replaces the pending link', async () => {
    const email = address('again');
    const first = await invite(demo.admin, { role: 'coordinator', email, territories: ['13'] });
    const firstToken = await invitationToken(email);
    const second = await invite(demo.admin, { role: 'coordinator', email, territories: ['13', '69'] });
    const secondToken = await waitFor('the second link', async () => {
      const token = await invitationToken(email);
      return token !== firstToken ? token : undefined;
    });

    const items = (await listAs(demo.admin)).body.items;
    expect(items.find((item) => item.id === first)).toMatchObject({ status: 'withdrawn' });
    expect(items.find((item) => item.id === second)).toMatchObject({ status: 'pending' });
    const accept = (token: string) =>
      platform.api('POST', '/api/auth/invitations/accept', {
        body: {
          token,
          displayName: 'Deux Fois',
          password: 'a long enough passphrase',
          cguVersion: currentCgu().version,
        },
      });
    expect(await accept(firstToken)).toMatchObject({ status: 410, body: { code: 'auth.invitation_invalid' } });
    expect((await accept(secondToken)).status).toBe(201);
  });

  it('a manager withdraws their facility’s invitations but not another facility’s (404)', async () => {
    const elisabeth = await platform.facilityId(demoFiness.elisabeth);
    const berthet = await platform.facilityId(demoFiness.berthet);
    const other = await invite(demo.admin, {
      role: 'facility_member',
      email: address('other'),
      facilityId: elisabeth,
      facilityRole: 'staff',
    });
    const coordinator = await invite(demo.admin, { role: 'coordinator', email: address('c'), territories: ['69'] });
    for (const id of [other, coordinator, randomUUID()]) {
      const refused = await platform.api('POST', `/api/auth/invitations/${id}/withdraw`, { as: demo.berthetMember });
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ code: 'auth.invitation_not_found' });
    }
    expect((await platform.api('POST', `/api/auth/invitations/${other}/withdraw`, { as: demo.physician })).status).toBe(
      403,
    );
    expect((await listAs(demo.admin)).body.items.find((item) => item.id === other)?.status).toBe('pending');

    const own = await invite(demo.berthetMember, {
      role: 'facility_member',
      email: address('own'),
      facilityId: berthet,
      facilityRole: 'staff',
    });
    expect(
      (await platform.api('POST', `/api/auth/invitations/${own}/withdraw`, { as: demo.berthetMember })).status,
    ).toBe(204);
    expect((await platform.api('POST', '/api/auth/invitations/not-a-handle/withdraw', { as: demo.admin })).status).toBe(
      422,
    );
  });
});

/** A browser signed in as `userId`: its cookies (session, form token) and the pages it gets. */
async function browserOf(userId: string) {
  const jar = new Map<string, string>();
  for (const pair of (await platform.cookieOf(userId)).split('; ')) {
    const [name, value] = pair.split('=');
    if (name && value) jar.set(name, value);
  }
  async function go(method: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = { origin: 'http://localhost' };
    headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
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
  const submit = (path: string, fields: Record<string, string>) =>
    go('POST', path, { csrf: jar.get('parcours_csrf') ?? '', ...fields });
  return { go, submit };
}

/** The table row of an invitation, by its address. */
const rowOf = (html: string, email: string) =>
  html
    .split('<tr>')
    .slice(1)
    .find((row) => row.includes(email)) ?? '';

describe('the /invitations page', () => {
  it('lets an administrator invite (with French field errors), then withdraw the invitation', async () => {
    const admin = await browserOf(demo.admin);
    const page = await admin.go('GET', '/invitations');
    expect(page.status).toBe(200);
    for (const text of [
      '<h1>Invitations</h1>',
      'href="/invitations"',
      'Adresse e-mail de la personne invitée',
      'Numéro FINESS (9 caractères) ou nom de l’établissement',
      'Départements suivis',
      'Envoyer l’invitation',
    ]) {
      expect(page.html).toContain(text);
    }
    const email = address('page');
    const fields = { email, role: 'facility_member', facilityQuery: demoFiness.berthet, facilityRole: 'staff' };
    expect((await admin.go('POST', '/invitations', fields)).status).toBe(403);

    const invalid = await admin.submit('/invitations', {
      role: 'coordinator',
      email: 'pas-une-adresse',
      territories: '69, 20',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.html).toContain('Indiquez une adresse e-mail valide');
    expect(invalid.html).toContain('Codes de département attendus');
    const unknown = await admin.submit('/invitations', { ...fields, facilityQuery: 'zzz établissement inconnu' });
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain('Aucun établissement ne correspond à « zzz établissement inconnu »');
    const taken = await admin.submit('/invitations', { ...fields, email: 'admin@demo.parcours.local' });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain('Un compte existe déjà avec cette adresse e-mail.');

    const sent = await admin.submit('/invitations', fields);
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/invitations\?envoyee=[0-9a-f-]{36}$/);
    const after = await admin.go('GET', sent.location ?? '');
    expect(after.html).toContain(`Invitation envoyée à ${email}.`);
    const row = rowOf(after.html, email);
    expect(row).toContain('En attente');
    expect(row).toContain('Personnel administratif');
    expect(row).toContain(demoFiness.berthet);
    expect(row).toContain('Retirer');

    const id = sent.location?.split('=')[1] ?? '';
    const withdrawn = await admin.submit(`/invitations/${id}/retirer`, {});
    expect(withdrawn).toMatchObject({ status: 303, location: `/invitations?retiree=${id}` });
    const final = await admin.go('GET', withdrawn.location ?? '');
    expect(final.html).toContain(`L’invitation de ${email} est retirée : son lien ne fonctionne plus.`);
    expect(rowOf(final.html, email)).toContain('Retirée');
    expect(rowOf(final.html, email)).not.toContain('Retirer</button>');
    const twice = await admin.submit(`/invitations/${id}/retirer`, {});
    expect(twice.status).toBe(409);
    expect(twice.html).toContain('Cette invitation n’est plus en attente');
  });

  it('offers the matching facilities when a name is ambiguous, and invites into the one picked', async () => {
    const admin = await browserOf(demo.admin);
    await admin.go('GET', '/invitations');
    const email = address('ambiguous');
    const fields = { email, role: 'facility_member', facilityQuery: 'ssiad demo', facilityRole: 'staff' };
    const ambiguous = await admin.submit('/invitations', fields);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.html).toContain(
      'Plusieurs établissements correspondent : choisissez-le dans la liste ci-dessous.',
    );
    const picked = /<option value="([0-9a-f-]{36})">SSIAD Démo Vénissieux/.exec(ambiguous.html)?.[1] ?? '';
    expect(picked).not.toBe('');
    const sent = await admin.submit('/invitations', { ...fields, facilityId: picked });
    expect(sent.status).toBe(303);
    expect(rowOf((await admin.go('GET', sent.location ?? '')).html, email)).toContain('SSIAD Démo Vénissieux');
  });

  it('presets the facility for its manager; refuses a physician', async () => {
    const manager = await browserOf(demo.berthetMember);
    const page = await manager.go('GET', '/invitations');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Établissement : <strong>');
    expect(page.html).not.toContain('Départements suivis');
    const email = address('manager-page');
    const sent = await manager.submit('/invitations', { email, facilityRole: 'doctor' });
    expect(sent.status).toBe(303);
    expect(rowOf((await manager.go('GET', sent.location ?? '')).html, email)).toContain('Médecin coordonnateur');

    const physician = await browserOf(demo.physician);
    const refused = await physician.go('GET', '/invitations');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Vous n’avez pas les droits nécessaires');
    expect((await physician.go('GET', '/')).html).not.toContain('href="/invitations"');
  });
});
