import { readFile } from 'node:fs/promises';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie } from '../../api/auth/cookies.ts';
import { seedDemoCases } from '../../app/demo-cases.ts';
import { freePort } from '../../app/ports.ts';
import { createServerApp } from '../../app/server-app.ts';
import { stalledReasons } from '../../domain/referral/stalls.ts';
import { csvRows } from '../support/csv.ts';
import { demo } from '../support/platform.ts';
import { type ScratchPlatform, startScratchPlatform } from '../support/scratch-platform.ts';
import { signIn } from '../support/sessions.ts';

/**
 * A coordinator of the Rhône on the demo of `npm start` (the real workflows played from their
 * backdated past, in a database of its own): the stalled cases with their reasons, a note, « pris en
 * charge », then the observatory's chart and its CSV — through the pages only.
 */
let platform: ScratchPlatform;
let server: ServerType;
let browser: Browser;
let baseUrl: string;
// Between the demo-cases (1–3500) and observatory (4001–4095) series: never the same workflow ids.
const series = 3501 + Math.floor(Math.random() * 500);

beforeAll(async () => {
  platform = await startScratchPlatform('coordination_browser');
  const { client, taskQueue, database } = platform;
  await seedDemoCases({ db: database.db, temporal: client, taskQueue, searchAttributes: true, series });
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  const app = createServerApp({
    db: database.db,
    temporal: client,
    taskQueue,
    searchAttributes: true,
    devMailbox: false,
    auth: { trustProxy: true },
    appUrl: baseUrl,
    temporalCodec: {},
  });
  server = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(started));
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await platform?.stop();
});

async function coordinatorPage(): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const { token } = await signIn(platform.database.db, demo.coordinatorRhone);
  await context.addCookies([{ name: sessionCookie, value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}

/** The worklist's rows: one per stalled case, the person's name in its header cell. */
const worklistRows = (page: Page) => page.locator('table tbody tr');

describe('a coordinator unblocks the demo territory', () => {
  it('sees the stalled cases and why, adds a note, marks one « pris en charge », reads the observatory and its CSV', async () => {
    const page = await coordinatorPage();
    await page.goto(`${baseUrl}/coordination`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Dossiers en retard');
    const list = (await page.locator('main').textContent()) ?? '';
    // Each reason the demo plays in the Rhône, named as people read it.
    for (const reason of [
      stalledReasons.facility_no_answer,
      stalledReasons.choice_pending,
      stalledReasons.admission_overdue,
      stalledReasons.info_answer_pending,
    ]) {
      expect(list).toContain(reason);
    }
    const before = await worklistRows(page).count();
    expect(before).toBeGreaterThanOrEqual(4);

    // A note for the other coordinators, from the case page.
    const first = worklistRows(page).first();
    const person = ((await first.locator('th a').textContent()) ?? '').trim();
    expect(person).not.toBe('');
    await first.locator('th a').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Suivi de la coordination' }).isVisible()).toBe(true);
    const note = 'Appelé l’établissement ce matin : réponse promise pour vendredi.';
    await page.getByText('Ajouter une note pour la coordination').click();
    await page.locator('textarea[name="note"]').fill(note);
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect
      .poll(async () => (await page.locator('section[aria-labelledby="coordination"]').textContent()) ?? '')
      .toContain(note);

    // « Pris en charge »: the case leaves the list to handle, and is found under « Pris en charge ».
    await page.goto(`${baseUrl}/coordination`);
    const row = worklistRows(page).filter({ hasText: person });
    await row.getByText('Marquer « pris en charge »').first().click();
    await row.getByRole('button', { name: 'Marquer « pris en charge »' }).click();
    await expect.poll(() => worklistRows(page).count()).toBe(before - 1);
    expect(await worklistRows(page).filter({ hasText: person }).count()).toBe(0);
    await page.goto(`${baseUrl}/coordination?takenInCharge=yes`);
    const taken = worklistRows(page).filter({ hasText: person });
    expect(await taken.count()).toBe(1);
    expect(await taken.textContent()).toContain('pris en charge jusqu’au');

    // The observatory: a chart drawn on the server, and its CSV (counts only, no person's name).
    await page.goto(`${baseUrl}/observatoire`);
    const chart = page.locator('main svg[role="img"]').first();
    expect(await chart.isVisible()).toBe(true);
    expect(((await chart.locator('title').textContent()) ?? '').length).toBeGreaterThan(0);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: /CSV/ }).first().click();
    const download = await downloading;
    const path = await download.path();
    const bytes = await readFile(path);
    // UTF-8 with its byte-order mark, so that spreadsheets read the accents right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const rows = csvRows(text);
    const header = rows[0] ?? [];
    expect(header).toContain('Demandes reçues');
    expect(rows.length).toBeGreaterThan(2);
    expect(text).not.toContain(person);
    await page.context().close();
  });
});
