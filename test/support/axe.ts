import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const phoneViewport = { width: 390, height: 844 };
export const desktopViewport = { width: 1280, height: 900 };

/** axe on the page as shown: no serious or critical violation (each one named with its elements). */
export async function expectNoSeriousViolation(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `axe sur ${page.url()}`).toEqual([]);
}

/** axe on the page on a desktop and on a 390 × 844 phone, then back to the desktop. */
export async function expectAccessibleOnBothScreens(page: Page) {
  await page.setViewportSize(desktopViewport);
  await expectNoSeriousViolation(page);
  await page.setViewportSize(phoneViewport);
  await expectNoSeriousViolation(page);
  await page.setViewportSize(desktopViewport);
}
