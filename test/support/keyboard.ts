import type { Browser, Page } from 'playwright-core';

/** The longest walk through a page's controls before a keyboard user would give up. */
const maxPresses = 300;

/** Tab after Tab until the focus is where wanted; a control already focused (autofocus) counts. */
async function tabUntil(page: Page, reached: () => Promise<boolean>, what: string) {
  if (await reached()) return;
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await reached()) return;
  }
  throw new Error(`no control ${what} reached with Tab`);
}

/** Presses Tab until the focus is on the control whose accessible text matches, as a keyboard user does. */
export async function tabTo(page: Page, text: RegExp) {
  await tabUntil(
    page,
    async () => {
      // The focused control's name: its own text, its aria-label, the text of its labels.
      const focused = String(
        await page.evaluate(`(() => {
          const element = document.activeElement;
          if (!element || element === document.body) return '';
          const labels = Array.from(element.labels ?? []).map((label) => label.textContent);
          return [element.getAttribute('aria-label') ?? '', element.textContent ?? '', ...labels].join(' ');
        })()`),
      ).replace(/\s+/g, ' ');
      return text.test(focused);
    },
    String(text),
  );
}

/** Presses Tab until the focus is in the form field (input, text area, list) whose label matches. */
export async function tabToField(page: Page, label: RegExp) {
  await tabUntil(
    page,
    async () => {
      const labels = String(
        await page.evaluate(`(() => {
          const element = document.activeElement;
          if (!element || !['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName)) return '';
          return Array.from(element.labels ?? []).map((label) => label.textContent).join(' ');
        })()`),
      ).replace(/\s+/g, ' ');
      return labels !== '' && label.test(labels);
    },
    String(label),
  );
}

/** Presses Tab until the focus is on an element matching the CSS selector (a radio of a named group). */
export async function tabToElement(page: Page, selector: string) {
  await tabUntil(
    page,
    async () => Boolean(await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)),
    selector,
  );
}

/** The name of the focused control (a radio's group), as the form sends it. */
export async function focusedName(page: Page): Promise<string> {
  return String(await page.evaluate(`document.activeElement?.getAttribute('name') ?? ''`));
}

/** The order in which the browser's date fields take the day, month and year typed into them. */
export type DayFieldOrder = 'day-month-year' | 'month-day-year';

/**
 * The browser's own order, found by typing 01 02 2003 into a bare date field: headless Chromium keeps
 * the American order whatever the page's or the system's language, where a French browser has the
 * day first. A keyboard user types in the order the field shows; the test does the same.
 */
export async function dayFieldOrder(browser: Browser): Promise<DayFieldOrder> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<label for="d">Jour</label><input type="date" id="d">');
  await page.focus('#d');
  await page.keyboard.type('01022003');
  const value = String(await page.evaluate(`document.getElementById('d').value`));
  await context.close();
  if (value === '2003-02-01') return 'day-month-year';
  if (value === '2003-01-02') return 'month-day-year';
  throw new Error(`date field of unknown order (${value})`);
}

/** Types a day into the focused date field in the field's order, and answers the day it now holds. */
export async function typeDay(page: Page, isoDay: string, order: DayFieldOrder): Promise<string> {
  const [year, month, day] = isoDay.split('-');
  await page.keyboard.type(order === 'day-month-year' ? `${day}${month}${year}` : `${month}${day}${year}`);
  return String(await page.evaluate(`document.activeElement?.value ?? ''`));
}
