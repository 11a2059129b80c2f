import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../db/schema.ts';
import { rppsCheckDigit } from '../../domain/identity/rpps.ts';
import { startTestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

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

/** The newest message of a template sent to an address, from the outbox (the dev mailbox's store). */
function mailTo(email: string, template: 'email_verification' | 'login_code', after = new Date(0)) {
  return waitFor(`the ${template} e-mail in the outbox`, async () => {
    const [row] = await platform.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.template, template), eq(outboxMessages.recipientAddress, email)))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1);
    return row && row.createdAt >= after ? row.textBody : undefined;
  });
}

/** Logs out with the header's button, or with the logout form of the page's own form token. */
async function logOut(page: Page) {
  const button = page.getByRole('button', { name: 'Se déconnecter' });
  if ((await button.count()) > 0) {
    await button.first().click();
  } else {
    // Until the header has its button: the logout form's post, with this page's form token.
    await page.goto(`${platform.baseUrl}/connexion`);
    const csrf = (await page.locator('input[name="csrf"]').first().getAttribute('value')) ?? '';
    const response = await page.request.post(`${platform.baseUrl}/deconnexion`, {
      form: { csrf },
      headers: { origin: platform.baseUrl },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    await page.goto(`${platform.baseUrl}/connexion`);
  }
  await page.waitForURL(`${platform.baseUrl}/connexion`);
}

describe('a physician’s first login', () => {
  it('Pro Santé Connect → account creation → CGU → e-mail verified → logout → RPPS, password and code', async () => {
    const ten = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
    const rpps = `${ten}${rppsCheckDigit(ten)}`;
    platform.psc?.addIdentity({ rpps, givenName: 'LUCIE', familyName: 'BERNARD' });
    const email = `lucie.bernard-${randomUUID().slice(0, 8)}@cabinet.test`;
    const password = 'une phrase de passe solide';

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${platform.baseUrl}/connexion`);
    await expect.poll(() => page.getByText('Les médecins créent leur compte Parcours').count()).toBe(1);
    await page.getByRole('link', { name: 'S’identifier avec Pro Santé Connect' }).click();

    // The stand-in: its own page, clearly the development one.
    await page.waitForURL(/\/interaction\//);
    expect(await page.title()).toContain('Pro Santé Connect (simulation locale)');
    await page.locator('form', { hasText: rpps }).getByRole('button', { name: 'Dr LUCIE BERNARD' }).click();

    await page.waitForURL(`${platform.baseUrl}/inscription`);
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('Dr Lucie Bernard');
    expect(await page.getByLabel('Numéro RPPS').inputValue()).toBe(rpps);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.locator('#password').fill(password);
    await page.getByLabel('Confirmation du mot de passe').fill(password);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    await page.waitForURL(/\/connexion\/cgu/);
    await page.getByRole('button', { name: 'J’ai lu et j’accepte ces conditions' }).click();
    await page.waitForURL(`${platform.baseUrl}/`);
    expect(await page.locator('header').textContent()).toContain('Dr Lucie Bernard');

    const verification = await mailTo(email, 'email_verification');
    const link = /https?:\/\/\S+\/connexion\/verifier-email\?jeton=[a-z2-7]+/.exec(verification)?.[0];
    expect(link?.startsWith(platform.baseUrl)).toBe(true);
    await page.goto(link ?? '');
    await expect.poll(() => page.getByText('votre adresse e-mail est confirmée').count()).toBe(1);

    await logOut(page);
    expect(await page.locator('header').textContent()).not.toContain('Dr Lucie Bernard');
    await context.close();

    // Another computer: RPPS and password, then the code e-mailed to the verified address.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await other.goto(`${platform.baseUrl}/connexion`);
    const asked = new Date();
    await other.getByLabel(/Numéro RPPS ou adresse e-mail/).fill(rpps);
    await other.getByLabel('Mot de passe', { exact: true }).fill(password);
    await other.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await other.waitForURL(/\/connexion\/code/);
    const code = /\b(\d{6})\b/.exec(await mailTo(email, 'login_code', asked))?.[1] ?? '';
    await other.getByLabel(/Code reçu par e-mail/).fill(code);
    await other.getByRole('button', { name: 'Valider le code' }).click();
    await other.waitForURL(`${platform.baseUrl}/`);
    expect(await other.locator('header').textContent()).toContain('Dr Lucie Bernard');
    await otherContext.close();
  });
});
