import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { auditLog, passkeys } from '../../db/schema-identity.ts';
import { setPassword } from '../../services/identity/passwords.ts';
import { startTestPlatform } from '../support/platform.ts';
import { signIn } from '../support/sessions.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let browser: Browser;

beforeAll(async () => {
  [platform, browser] = await Promise.all([
    startTestPlatform(),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('passkeys in Chromium (virtual authenticator)', () => {
  it('adds a passkey on /compte, then logs in with it alone: no password, no code', async () => {
    const email = `cle-${randomUUID().slice(0, 8)}@passkey.test`;
    const [user] = await platform.db
      .insert(users)
      .values({ role: 'physician', displayName: 'Dr Clé Daccès', email, emailVerifiedAt: new Date() })
      .returning();
    if (!user) throw new Error('user');
    await setPassword(platform.db, user.id, 'a password nobody will type');
    const { token } = await signIn(platform.db, user.id);

    const context = await browser.newContext();
    try {
      await context.addCookies([{ name: 'parcours_session', value: token, url: platform.baseUrl }]);
      const page = await context.newPage();
      // A platform authenticator with a resident key and user verification, answering by itself.
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });

      await page.goto(`${platform.baseUrl}/compte`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mon compte');
      await page.getByText('Cette session').waitFor();
      await page.getByLabel(/Nom de la nouvelle clé/).fill('Ordinateur du cabinet');
      await page.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
      await page.waitForURL(/\/compte\?cle=ajoutee/);
      await page.getByText('La clé d’accès est ajoutée à votre compte.').waitFor();
      await page.getByRole('cell', { name: 'Ordinateur du cabinet', exact: true }).waitFor();
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      expect(credentials[0]?.isResidentCredential).toBe(true);
      const [stored] = await platform.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
      expect(stored).toMatchObject({ name: 'Ordinateur du cabinet', lastUsedAt: null });

      // Log out: the session is gone, the page asks who you are.
      expect((await page.request.post(`${platform.baseUrl}/api/auth/logout`)).status()).toBe(204);
      await page.goto(`${platform.baseUrl}/compte`);
      expect(new URL(page.url()).pathname).not.toBe('/compte');

      const mailsBefore = await loginCodesSent(user.id);
      await page.goto(`${platform.baseUrl}/connexion?retour=/compte`);
      await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
      await page.waitForURL(`${platform.baseUrl}/compte`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mon compte');
      await page.getByText(`Dr Clé Daccès — ${email}`).waitFor();

      const [used] = await platform.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
      expect(used?.lastUsedAt).toBeInstanceOf(Date);
      const [login] = await platform.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.userId, user.id), eq(auditLog.event, 'login.success')))
        .orderBy(desc(auditLog.seq))
        .limit(1);
      expect(JSON.parse(login?.details ?? '{}')).toEqual({ method: 'passkey' });
      expect(await loginCodesSent(user.id)).toBe(mailsBefore);

      // The history says how: "Clé d’accès".
      await page.goto(`${platform.baseUrl}/compte/historique`);
      await page.getByRole('row', { name: /Connexion réussie Clé d’accès/ }).waitFor();
    } finally {
      await context.close();
    }
  });
});

async function loginCodesSent(userId: string): Promise<number> {
  const rows = await platform.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.userId, userId), eq(auditLog.event, 'code.sent')));
  return rows.length;
}
