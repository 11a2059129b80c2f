import { and, eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { notificationPreferences, users } from '../../db/schema.ts';
import { auditLog, cguAcceptances, emailVerificationTokens } from '../../db/schema-identity.ts';
import { demoUsers } from '../../db/seed-data.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import {
  loginCodeOf,
  mailboxOf,
  particulierEmail,
  particulierPassword,
  personBrowser,
  signUpBody,
  verificationLinkOf,
} from '../support/particuliers.ts';
import type { TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15, espace particulier: a person or a relative creates their account (POST /api/particuliers),
 * confirms their address with the link e-mailed at once, then logs in by e-mail, password and code.
 */

async function accountsOf(platform: TestPlatform, email: string) {
  return platform.db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
}

describe('POST /api/particuliers', () => {
  it('creates a particulier account, e-mails the verification link at once; the person confirms, then logs in with the code', async ({
    platform,
  }) => {
    const b = personBrowser(platform);
    const body = signUpBody({ email: particulierEmail().replace('famille', 'Famille.Lefevre') });
    const created = await b.request('POST', '/api/particuliers', { json: body });
    expect(created).toMatchObject({ status: 202, body: { status: 'email_sent' } });
    const email = body.email.toLowerCase();

    const [account] = await accountsOf(platform, email);
    expect(account).toMatchObject({ role: 'particulier', displayName: 'Anne Lefèvre', email, rpps: null });
    expect(account?.emailVerifiedAt).toBeNull();
    const id = account?.id ?? '';
    const cgu = await platform.db.select().from(cguAcceptances).where(eq(cguAcceptances.userId, id));
    expect(cgu.map((row) => row.version)).toEqual([body.cguVersion]);
    // Notifications on, by e-mail, for what concerns their requests (written out, not left to a default).
    const preferences = await platform.db
      .select({ category: notificationPreferences.category, mode: notificationPreferences.mode })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, id));
    expect(preferences.sort((a, b) => a.category.localeCompare(b.category))).toEqual([
      { category: 'answer', mode: 'email' },
      { category: 'case_update', mode: 'email' },
      { category: 'reminder', mode: 'email' },
    ]);
    const events = await platform.db.select().from(auditLog).where(eq(auditLog.userId, id));
    expect(events.map((row) => row.event)).toEqual(['account.created', 'cgu.accepted']);

    // The link leaves at once, before any login; it confirms the address once.
    const link = await verificationLinkOf(platform, email);
    expect(
      await platform.db.select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, id)),
    ).toHaveLength(1);
    const confirmed = await b.request('GET', link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('votre adresse e-mail est confirmée');
    expect(confirmed.html).toContain('href="/connexion"');
    const [verified] = await accountsOf(platform, email);
    expect(verified?.emailVerifiedAt).toBeInstanceOf(Date);

    // The existing login: e-mail (as typed, any case) and password, then the code sent by e-mail.
    const login = await b.request('POST', '/api/auth/login', {
      json: { identifier: body.email, password: particulierPassword },
    });
    expect(login).toMatchObject({ status: 202, body: { status: 'code_required' } });
    const code = await loginCodeOf(platform, email);
    const otp = await b.request('POST', '/api/auth/otp', { json: { code } });
    expect(otp).toMatchObject({ status: 200, body: { status: 'authenticated', cguRequired: false } });
    const session = await b.request('GET', '/api/auth/session');
    expect(session.body).toMatchObject({ id, role: 'particulier', displayName: 'Anne Lefèvre', cguRequired: false });
    // No second verification link at the first login: the one of the sign-up was the once.
    expect((await mailboxOf(platform, email)).filter((item) => item.template === 'email_verification')).toHaveLength(1);

    // « Mes notifications »: the categories of a particulier, on by e-mail.
    const shown = await b.request<{ categories: { category: string; mode: string }[] }>(
      'GET',
      '/api/notifications/preferences',
    );
    expect(shown.status).toBe(200);
    expect(shown.body.categories.map(({ category, mode }) => ({ category, mode }))).toEqual([
      { category: 'answer', mode: 'email' },
      { category: 'case_update', mode: 'email' },
      { category: 'reminder', mode: 'email' },
    ]);
  });

  it('refuses a password shorter than the professionals’ rule, creating nothing', async ({ platform }) => {
    const body = signUpBody({ password: 'court123' });
    const refused = await personBrowser(platform).request('POST', '/api/particuliers', { json: body });
    expect(refused).toMatchObject({ status: 422, body: { code: 'auth.weak_password' } });
    expect(refused.body).toHaveProperty('message', 'Le mot de passe doit compter au moins 12 caractères.');
    expect(await accountsOf(platform, body.email)).toHaveLength(0);
  });

  it('refuses without the CGU accepted, or with a version no longer in force', async ({ platform }) => {
    const b = personBrowser(platform);
    const notAccepted = signUpBody({ cguAccepted: false });
    const refused = await b.request('POST', '/api/particuliers', { json: notAccepted });
    expect(refused).toMatchObject({ status: 422, body: { code: 'auth.cgu_not_accepted' } });
    const outdated = signUpBody({ cguVersion: '2020-01-01' });
    expect(await b.request('POST', '/api/particuliers', { json: outdated })).toMatchObject({
      status: 409,
      body: { code: 'auth.cgu_outdated' },
    });
    const noBox = signUpBody();
    const { cguAccepted: _left, ...withoutBox } = noBox;
    expect(await b.request('POST', '/api/particuliers', { json: withoutBox })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid' },
    });
    for (const email of [notAccepted.email, outdated.email, noBox.email]) {
      expect(await accountsOf(platform, email)).toHaveLength(0);
    }
  });

  it('refuses an address that is not one, and a name of one letter', async ({ platform }) => {
    const b = personBrowser(platform);
    const badEmail = await b.request('POST', '/api/particuliers', { json: signUpBody({ email: 'anne.lefevre' }) });
    expect(badEmail).toMatchObject({ status: 422, body: { code: 'request.invalid' } });
    const badName = await b.request('POST', '/api/particuliers', { json: signUpBody({ displayName: 'A' }) });
    expect(badName).toMatchObject({ status: 422, body: { code: 'request.invalid' } });
  });

  it('an address that has an account gets the same answer; nothing changes and its owner is told by e-mail', async ({
    platform,
  }) => {
    const first = signUpBody();
    const firstAnswer = await personBrowser(platform).request('POST', '/api/particuliers', { json: first });
    expect(firstAnswer.status).toBe(202);
    const [before] = await accountsOf(platform, first.email);

    const again = await personBrowser(platform).request('POST', '/api/particuliers', {
      json: {
        ...first,
        email: first.email.toUpperCase(),
        displayName: 'Quelqu’un d’autre',
        password: 'un autre mot de passe',
      },
    });
    expect(again).toEqual(firstAnswer);
    const after = await accountsOf(platform, first.email);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, displayName: 'Anne Lefèvre' });
    const told = await waitFor('the message to the owner', async () =>
      (await mailboxOf(platform, first.email)).find((item) => item.template === 'signup_existing_account'),
    );
    expect(told.text).toContain('Un compte existe déjà à cette adresse');
    expect(told.text).toContain('/connexion/mot-de-passe-oublie');
    // The password of the account is still its own.
    const b = personBrowser(platform);
    const intruder = await b.request('POST', '/api/auth/login', {
      json: { identifier: first.email, password: 'un autre mot de passe' },
    });
    expect(intruder).toMatchObject({ status: 401, body: { code: 'auth.invalid_credentials' } });
    expect(
      await platform.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.userId, before?.id ?? ''), eq(auditLog.event, 'account.signup_existing'))),
    ).toHaveLength(1);

    // A professional's address answers the same too, and stays a professional's.
    const physician = demoUsers.find((user) => user.role === 'physician');
    const professional = await personBrowser(platform).request('POST', '/api/particuliers', {
      json: signUpBody({ email: physician?.email }),
    });
    expect(professional).toEqual(firstAnswer);
    expect((await accountsOf(platform, physician?.email ?? '')).map((row) => row.role)).toEqual(['physician']);
  });

  it('limits sign-ups per e-mail address (whatever the caller’s address) and per caller’s address', async ({
    platform,
  }) => {
    const body = signUpBody();
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await personBrowser(platform).request('POST', '/api/particuliers', { json: body });
      expect(answer.status, `attempt ${attempt + 1}`).toBe(202);
    }
    const fourth = await personBrowser(platform).request('POST', '/api/particuliers', { json: body });
    expect(fourth).toMatchObject({ status: 429, body: { code: 'auth.rate_limited' } });
    expect(await accountsOf(platform, body.email)).toHaveLength(1);

    // One address trying many e-mails: refused from the 21st attempt of the hour (refused ones count too).
    const b = personBrowser(platform);
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await b.request('POST', '/api/particuliers', { json: signUpBody({ password: 'court' }) });
      expect(answer.status, `attempt ${attempt + 1}`).toBe(422);
    }
    const over = signUpBody();
    const limited = await b.request('POST', '/api/particuliers', { json: over });
    expect(limited).toMatchObject({ status: 429, body: { code: 'auth.rate_limited' } });
    expect(await accountsOf(platform, over.email)).toHaveLength(0);
    // Another address is not held back by it.
    expect((await personBrowser(platform).request('POST', '/api/particuliers', { json: over })).status).toBe(202);
  });
});
