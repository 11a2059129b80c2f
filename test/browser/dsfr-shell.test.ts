import { describe, expect } from 'vitest';
import { expectNoSeriousViolation, phoneViewport as phone } from '../support/axe.ts';
import { browserTest } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

const it = browserTest;

describe('the DSFR shell in a browser', () => {
  it('on a 390 px phone: the heading near the top, the menu behind its button, every action reachable', async ({
    site,
    browser,
  }) => {
    const context = await browser.newContext({ viewport: phone });
    const page = await context.newPage();
    await site.signIn(page, demo.coordinatorRhone, '/coordination');
    const heading = page.getByRole('heading', { level: 1 });
    const box = await heading.boundingBox();
    expect(box?.y ?? 9999).toBeLessThan(300);
    const menuLink = page.getByRole('link', { name: 'Dossiers en retard' });
    await expect.poll(() => menuLink.isVisible()).toBe(false);
    await expectNoSeriousViolation(page);
    // The DSFR script opens the menu: the navigation and the header's tools (the bell among them).
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect.poll(() => menuLink.isVisible()).toBe(true);
    await expect
      .poll(() =>
        page
          .locator('#menu-modal')
          .getByRole('link', { name: /Notifications/ })
          .isVisible(),
      )
      .toBe(true);
    await expectNoSeriousViolation(page);
    await page.locator('#menu-modal').getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => menuLink.isVisible()).toBe(false);
    // The footer's pages, by keyboard-reachable links.
    await page.getByRole('link', { name: 'Accessibilité : partiellement conforme' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Déclaration d’accessibilité');
    await expectNoSeriousViolation(page);
    await context.close();
  });

  it('without JavaScript, the phone’s menu and the breadcrumb are shown in full', async ({ site, browser }) => {
    const context = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await site.signIn(page, demo.physician, '/compte/historique');
    expect(await page.getByRole('link', { name: 'Mes demandes' }).first().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    const breadcrumb = page.getByRole('navigation', { name: 'vous êtes ici :' });
    expect(await breadcrumb.getByRole('link', { name: 'Mon compte' }).isVisible()).toBe(true);
    await context.close();
  });

  it('on a desktop: the navigation in the header, the breadcrumb, the bell, no serious violation', async ({
    site,
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await site.signIn(page, demo.physician, '/compte/historique');
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).isVisible()).toBe(true);
    const breadcrumb = page.getByRole('navigation', { name: 'vous êtes ici :' });
    expect(await breadcrumb.getByRole('link', { name: 'Accueil' }).isVisible()).toBe(true);
    await expectNoSeriousViolation(page);
    await page
      .locator('.fr-header__tools-links')
      .getByRole('link', { name: /Notifications/ })
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications');
    await expectNoSeriousViolation(page);
    for (const path of ['/plan-du-site', '/donnees-personnelles', '/mentions-legales']) {
      await page.goto(`${site.baseUrl}${path}`);
      await expectNoSeriousViolation(page);
    }
  });
});
