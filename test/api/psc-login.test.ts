import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages, users } from '../../db/schema.ts';
import { auditLog, oidcTransactions, sessions, trustedDevices, userPasswords } from '../../db/schema-identity.ts';
import { demoUsers } from '../../db/seed-data.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { rppsCheckDigit } from '../../domain/identity/rpps.ts';
import { verifyPassword } from '../../services/identity/passwords.ts';
import { hashToken } from '../../services/identity/tokens.ts';
import { completeDossier } from '../support/dossiers.ts';
import { invitationToken } from '../support/invitations.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;
let worker: RunningWorker;
const password = 'correct horse battery staple';
const claire = demoUsers[0];

beforeAll(async () => {
  platform = await createTestPlatform({ psc: true });
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

/** A physician unknown to Parcours, known to the stand-in (a fresh RPPS per test). */
function newPhysician() {
  const ten = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
  const identity = { rpps: `${ten}${rppsCheckDigit(ten)}`, givenName: 'ÉLODIE', familyName: 'LE GALL' };
  platform.psc?.addIdentity(identity);
  return identity;
}

/**
 * A browser: one cookie jar per origin, its own address; the app answers in process, the stand-in
 * over HTTP. Redirects are not followed, so each step can be looked at (or tampered with).
 */
function browser() {
  const ip = `10.${rand()}.${rand()}.${rand()}`;
  const jars = new Map<string, Map<string, string>>();
  const appOrigin = new URL(platform.appUrl).origin;

  async function request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const target = new URL(url, platform.appUrl);
    const jar = jars.get(target.origin) ?? new Map<string, string>();
    jars.set(target.origin, jar);
    const headers = new Headers({ 'x-forwarded-for': ip });
    if (jar.size > 0) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    if (body !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      headers.set('origin', target.origin);
    }
    const options = { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' as const };
    const response =
      target.origin === appOrigin ? await platform.app.request(target.href, options) : await fetch(target, options);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    return {
      status: response.status,
      text: await response.text(),
      location: location ? new URL(location, target).href : undefined,
    };
  }

  /**
   * Up to the return to Parcours (not taken): /connexion/psc (or the given start, a form that leads
   * there), PSC, the identity picked on the stand-in.
   */
  async function throughPsc(rpps: string, begin = () => request('/connexion/psc')): Promise<string> {
    const start = await begin();
    expect(start.status).toBe(303);
    let step = await request(start.location ?? '');
    expect(step.location).toMatch(/\/interaction\//);
    const picker = await request(step.location ?? '');
    expect(picker.text).toContain('Pro Santé Connect');
    expect(picker.text).toContain('service de développement');
    const action = /action="([^"]+\/choisir)"/.exec(picker.text)?.[1];
    step = await request(new URL(action ?? '', step.location).href, { form: { rpps } });
    while (step.location && !step.location.startsWith(platform.appUrl)) step = await request(step.location);
    expect(step.location).toContain('/connexion/psc/retour?code=');
    return step.location ?? '';
  }

  return { ip, jars, request, throughPsc, appJar };

  /** The app's cookie jar, made on first use so that a test may put a session in it before any request. */
  function appJar(): Map<string, string> {
    const jar = jars.get(appOrigin) ?? new Map<string, string>();
    jars.set(appOrigin, jar);
    return jar;
  }
}

async function auditOf(event: string, ip: string) {
  return platform.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.event, event), eq(auditLog.ip, ip)))
    .orderBy(desc(auditLog.seq));
}

describe('login with Pro Santé Connect', () => {
  it('the login page offers it; a physician with an account is signed in without a code', async () => {
    const person = browser();
    const page = await person.request('/connexion');
    expect(page.text).toContain('S’identifier avec Pro Santé Connect');
    expect(page.text).toContain('créent leur compte Parcours');

    const back = await person.throughPsc(claire?.rpps ?? '');
    const landed = await person.request(back);
    expect(landed.status).toBe(303);
    expect(landed.location).not.toContain('/connexion/code');
    expect(landed.location).not.toContain('/inscription');

    const session = await person.request('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.text).toContain(claire?.displayName ?? '');
    const [success] = await auditOf('login.success', person.ip);
    expect(success?.userId).toBe(claire?.id);
    expect(JSON.parse(success?.details ?? '{}')).toEqual({ method: 'psc' });
    const devices = await platform.db
      .select()
      .from(trustedDevices)
      .where(eq(trustedDevices.userId, claire?.id ?? ''));
    expect(devices.length).toBeGreaterThan(0);
  });

  it('an unknown RPPS creates its account at /inscription, once', async () => {
    const person = browser();
    const identity = newPhysician();
    const email = `elodie-${randomUUID()}@psc.test`;
    const back = await person.throughPsc(identity.rpps);
    const landed = await person.request(back);
    expect(landed.location).toBe(`${platform.appUrl}/inscription`);
    const [started] = await auditOf('psc.enrolment_started', person.ip);
    expect(JSON.parse(started?.details ?? '{}')).toMatchObject({ rpps: identity.rpps });

    const form = await person.request('/inscription');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Dr Élodie Le Gall');
    expect(form.text).toContain(identity.rpps);
    const csrf = /name="csrf" value="([a-z2-7]+)"/.exec(form.text)?.[1] ?? '';
    const enrolmentToken = person.appJar().get('parcours_inscription') ?? '';
    expect(enrolmentToken).not.toBe('');

    const mismatch = await person.request('/inscription', {
      form: { csrf, email, password, confirmation: `${password}!` },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('ne sont pas identiques');

    const taken = await person.request('/inscription', {
      form: { csrf, email: claire?.email ?? '', password, confirmation: password },
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('Un compte existe déjà avec cette adresse e-mail');
    expect(await platform.db.select().from(users).where(eq(users.rpps, identity.rpps))).toHaveLength(0);

    const created = await person.request('/inscription', {
      form: { csrf, email: email.toUpperCase(), password, confirmation: password },
    });
    expect(created.status).toBe(303);
    expect(created.location).toBe(`${platform.appUrl}/connexion/cgu?retour=/`);

    const [account] = await platform.db.select().from(users).where(eq(users.rpps, identity.rpps));
    expect(account).toMatchObject({ role: 'physician', displayName: 'Dr Élodie Le Gall', email });
    expect(account?.emailVerifiedAt).toBeNull();
    const [stored] = await platform.db
      .select()
      .from(userPasswords)
      .where(eq(userPasswords.userId, account?.id ?? ''));
    expect(stored?.hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored?.hash ?? '', password)).toBe(true);
    const events = await platform.db
      .select({ event: auditLog.event, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.userId, account?.id ?? ''));
    expect(events.map((row) => row.event)).toEqual(expect.arrayContaining(['account.created', 'login.success']));
    expect(
      await platform.db
        .select()
        .from(sessions)
        .where(eq(sessions.userId, account?.id ?? '')),
    ).toHaveLength(1);
    const mail = await waitFor('the verification e-mail in the outbox', async () => {
      const [row] = await platform.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.template, 'email_verification'), eq(outboxMessages.recipientAddress, email)));
      return row;
    });
    expect(mail.textBody).toMatch(/\/connexion\/verifier-email\?jeton=[a-z2-7]+/);

    // The same enrolment again, from another browser holding its cookie: refused, nothing more created.
    const thief = browser();
    const login = await thief.request('/connexion');
    const thiefCsrf = /name="csrf" value="([a-z2-7]+)"/.exec(login.text)?.[1] ?? '';
    thief.appJar().set('parcours_inscription', enrolmentToken);
    expect((await thief.request('/inscription')).status).toBe(410);
    const again = await thief.request('/inscription', {
      form: { csrf: thiefCsrf, email: `other-${randomUUID()}@psc.test`, password, confirmation: password },
    });
    expect(again.status).toBe(410);
    expect(again.text).toContain('n’est plus valable');
    expect(await platform.db.select().from(users).where(eq(users.rpps, identity.rpps))).toHaveLength(1);
  });

  it('a return with another state is refused, and so is a replayed one', async () => {
    const person = browser();
    const back = new URL(await person.throughPsc(claire?.rpps ?? ''));
    const transaction = person.appJar().get('parcours_psc') ?? '';
    back.searchParams.set('state', 'forged-state');
    const forged = await person.request(back.href);
    expect(forged.status).toBe(401);
    expect(forged.text).toContain('n’a pas abouti');
    const [stateFailure] = await auditOf('login.failure', person.ip);
    expect(JSON.parse(stateFailure?.details ?? '{}')).toMatchObject({ method: 'psc', reason: 'psc_state_mismatch' });
    expect((await person.request('/api/auth/session')).status).not.toBe(200);

    const other = browser();
    const good = await other.throughPsc(claire?.rpps ?? '');
    const used = other.appJar().get('parcours_psc') ?? '';
    expect((await other.request(good)).status).toBe(303);
    other.appJar().set('parcours_psc', used);
    const replay = await other.request(good);
    expect(replay.status).toBe(401);
    const [replayFailure] = await auditOf('login.failure', other.ip);
    expect(JSON.parse(replayFailure?.details ?? '{}')).toMatchObject({ reason: 'psc_transaction_unknown' });

    // The first browser's transaction was spent by the forged return too.
    person.appJar().set('parcours_psc', transaction);
    back.searchParams.delete('state');
    expect((await person.request(back.href)).status).toBe(401);
    const left = await platform.db
      .select()
      .from(oidcTransactions)
      .where(eq(oidcTransactions.id, hashToken(transaction)));
    expect(left).toHaveLength(0);
  });

  it('without PSC configured the button is absent and /connexion/psc says so in French', async () => {
    const bare = await createTestPlatform();
    try {
      const page = await bare.app.request('http://localhost:3000/connexion');
      expect(await page.text()).not.toContain('Pro Santé Connect');
      const psc = await bare.app.request('http://localhost:3000/connexion/psc');
      expect(psc.status).toBe(404);
      expect(await psc.text()).toContain('n’est pas activée sur cette instance');
      // An enrolment cookie left over: the enrolment is no longer valid (without one, /inscription is the
      // espace particulier's account creation).
      const stale = { headers: { cookie: 'parcours_inscription=perime' } };
      expect((await bare.app.request('http://localhost:3000/inscription', stale)).status).toBe(410);
    } finally {
      await bare.close();
    }
  });
});

describe('a facility doctor proposed by a manager confirms the role with Pro Santé Connect', () => {
  it('the invited account with a password reads no medical part; after its holder’s PSC identification, it does', async () => {
    const berthet = await platform.facilityId(demoFiness.berthet);
    const identity = newPhysician();
    const email = `doctor-psc-${randomUUID()}@psc.test`;
    const sent = await platform.api('POST', '/api/auth/invitations', {
      as: demo.berthetMember,
      body: { role: 'facility_member', email, facilityId: berthet, facilityRole: 'doctor' },
    });
    expect(sent.status).toBe(201);
    const accepted = await platform.api<{ userId: string }>('POST', '/api/auth/invitations/accept', {
      body: {
        token: await invitationToken(platform, email),
        displayName: 'Dr Élodie Le Gall',
        password,
        cguVersion: currentCgu().version,
      },
    });
    expect(accepted.status).toBe(201);
    const doctor = accepted.body.userId;

    const created = await platform.api<{ id: string }>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'Pscdoc', firstName: 'Rose', birthDate: '1937-03-03', sex: 'female', departement: '69' },
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
    const dossier = () =>
      platform.api<{ medicalPartVisible: boolean; content: Record<string, unknown> }>(
        'GET',
        `/api/referrals/${caseId}/dossier`,
        { as: doctor },
      );
    const before = await dossier();
    expect(before.status).toBe(200);
    expect(before.body.medicalPartVisible).toBe(false);
    expect(before.body.content).not.toHaveProperty('medical');

    // Signed in with the password account, the person proves with PSC who they are.
    const person = browser();
    const [name = '', value = ''] = (await platform.cookieOf(doctor)).split('=');
    person.appJar().set(name, value);
    const own = await person.request(`/etablissements/${berthet}`);
    expect(own.text).toContain('Votre rôle de médecin coordonnateur est en attente de confirmation');
    const csrf =
      /action="\/connexion\/psc\/confirmer"[\s\S]*?name="csrf" value="([a-z2-7]+)"/.exec(own.text)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const back = await person.throughPsc(identity.rpps, () =>
      person.request('/connexion/psc/confirmer', { form: { csrf, retour: '/mon-etablissement' } }),
    );
    const landed = await person.request(back);
    expect(landed.status).toBe(303);
    expect(landed.location).toBe(`${platform.appUrl}/mon-etablissement`);

    const after = await dossier();
    expect(after.body.medicalPartVisible).toBe(true);
    expect(after.body.content).toHaveProperty('medical');
    const [account] = await platform.db.select().from(users).where(eq(users.id, doctor));
    expect(account).toMatchObject({ rpps: identity.rpps, role: 'facility_member' });
    const [confirmation] = await auditOf('doctor.confirmed', person.ip);
    expect(confirmation?.userId).toBe(doctor);
    expect(JSON.parse(confirmation?.details ?? '{}')).toEqual({
      accountId: doctor,
      facilityId: berthet,
      method: 'psc',
      rpps: identity.rpps,
    });
    const [proposal] = await platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.event, 'doctor.proposed'), eq(auditLog.userId, demo.berthetMember)))
      .orderBy(desc(auditLog.seq));
    expect(JSON.parse(proposal?.details ?? '{}')).toEqual({ email, facilityId: berthet });
    // From now on the same PSC identity signs this account in (no second, physician account).
    const again = browser();
    const signedIn = await again.request(await again.throughPsc(identity.rpps));
    expect(signedIn.location).not.toContain('/inscription');
    expect(await platform.db.select().from(users).where(eq(users.rpps, identity.rpps))).toHaveLength(1);
  });

  it('a confirmation begun under one account is refused when another is signed in at the return', async () => {
    const person = browser();
    const [name = '', value = ''] = (await platform.cookieOf(demo.berthetDoctor)).split('=');
    person.appJar().set(name, value);
    const page = await person.request(`/etablissements/${await platform.facilityId(demoFiness.berthet)}`);
    expect(page.status).toBe(200);
    const csrf = person.appJar().get('parcours_csrf') ?? '';
    const back = await person.throughPsc(newPhysician().rpps, () =>
      person.request('/connexion/psc/confirmer', { form: { csrf } }),
    );
    const [other = '', otherValue = ''] = (await platform.cookieOf(demo.berthetMember)).split('=');
    person.appJar().set(other, otherValue);
    const refused = await person.request(back);
    expect(refused.status).toBe(401);
    const [failure] = await auditOf('login.failure', person.ip);
    expect(JSON.parse(failure?.details ?? '{}')).toMatchObject({ method: 'psc', reason: 'psc_link_session' });
    const [doctorAccount] = await platform.db.select().from(users).where(eq(users.id, demo.berthetDoctor));
    expect(doctorAccount?.rpps).toBe('10000098763');
  });
});
