import { and, desc, eq } from 'drizzle-orm';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../db/schema.ts';
import { particulierEmail, particulierPassword } from '../support/particuliers.ts';
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
function mailTo(email: string, template: 'email_verification' | 'login_code') {
  return waitFor(`the ${template} e-mail in the outbox`, async () => {
    const [row] = await platform.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.template, template), eq(outboxMessages.recipientAddress, email)))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1);
    return row?.textBody;
  });
}

describe('espace particulier, on a phone without JavaScript', () => {
  it('« Créer mon compte » from the home page → link of the e-mail → login by e-mail and code → « Mon espace »', async () => {
    // A phone's screen, scripts off: every step is a plain link or form.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    const email = particulierEmail();

    await page.goto(platform.baseUrl);
    await page.getByRole('link', { name: 'Créer mon compte (particulier)' }).click();
    await page.waitForURL(`${platform.baseUrl}/inscription`);
    await page.getByLabel('Votre adresse e-mail').fill(email);
    await page.getByLabel('Votre prénom et votre nom').fill('Sophie Lambert');
    await page.getByLabel('Choisissez un mot de passe').fill(particulierPassword);
    // The DSFR draws the box on its label (the input itself is hidden): a person clicks the label.
    await page.locator('label[for="cgu"]').click();
    expect(await page.locator('#cgu').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Vérifiez vos e-mails' }).count()).toBe(1);

    const verification = await mailTo(email, 'email_verification');
    const link = /http:\/\/localhost:\d+\/connexion\/verifier-email\?jeton=[a-z2-7]+/.exec(verification)?.[0] ?? '';
    await page.goto(link);
    await expect.poll(() => page.getByText('Merci : votre adresse e-mail est confirmée.').count()).toBe(1);

    await page.getByRole('link', { name: 'Se connecter' }).last().click();
    await page.waitForURL(/\/connexion$/);
    await page.getByLabel('Numéro RPPS ou adresse e-mail').fill(email);
    await page.locator('#password').fill(particulierPassword);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(/\/connexion\/code/);
    const code = /(\d{6})/.exec(await mailTo(email, 'login_code'))?.[1] ?? '';
    await page.getByLabel('Code reçu par e-mail ou par SMS').fill(code);
    await page.getByRole('button', { name: 'Valider le code' }).click();

    await page.waitForURL(`${platform.baseUrl}/`);
    await expect.poll(() => page.getByRole('heading', { name: 'Mon espace', level: 1 }).count()).toBe(1);
    expect(await page.getByText('Adresse e-mail confirmée').count()).toBe(1);
    expect(await page.getByText('Sophie Lambert').count()).toBeGreaterThan(0);
    await context.close();
  });
});
