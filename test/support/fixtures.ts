import { type Browser, chromium, type Page } from 'playwright-core';
import { test } from 'vitest';
import { createTestPlatform, type RunningWorker, startTestPlatform, type TestPlatform } from './platform.ts';
import { createReferralCase, type ReferralCaseOptions } from './referral-cases.ts';

/**
 * Tests that declare what they need (after trigger.dev's testcontainers fixtures): a test names
 * `db`, `temporal`, `sessions`… as parameters and gets them set up once for its file, torn down
 * after its last test. Nothing it does not name is started: a file whose tests never ask for
 * `temporal` runs no worker.
 */
export function platformTestWith(
  options: Parameters<typeof createTestPlatform>[0] = {},
  { worker = false }: { worker?: boolean } = {},
) {
  return (
    test
      // The file's view of the shared services: its own task queue, a pool, the HTTP app (`platform.api`).
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from its destructuring.
      .extend('platform', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestPlatform> => {
        const platform = await createTestPlatform(options);
        onCleanup(() => platform.close());
        return platform;
      })
      .extend('db', { scope: 'file' }, ({ platform }) => platform.db)
      // A worker polling the file's task queue: workflows started by the file's tests run.
      // `auto` (temporalTest): a file of workflow tests runs its worker from its first test, asked for or not.
      .extend(
        'temporal',
        { scope: 'file', auto: worker },
        async ({ platform }, { onCleanup }): Promise<TestTemporal> => {
          const running = await platform.startWorker();
          onCleanup(() => running.stop());
          return { client: platform.client, taskQueue: platform.taskQueue, worker: running };
        },
      )
      // Logged-in actors: one real session per person for the file, opened on first use.
      .extend('sessions', { scope: 'file' }, ({ platform }): TestSessions => ({ cookieOf: platform.cookieOf }))
      // Cases built through the API: asking for it asks for a running worker too.
      .extend('createReferralCase', ({ platform, temporal: _running }) => {
        return <const O extends ReferralCaseOptions>(caseOptions: O) => createReferralCase(platform, caseOptions);
      })
  );
}

export interface TestTemporal {
  client: TestPlatform['client'];
  taskQueue: string;
  worker: RunningWorker;
}

export interface TestSessions {
  /** The `Cookie` header of a real session of `userId`. */
  cookieOf: (userId: string) => Promise<string>;
}

/** The app as in production; a worker only for the tests that name `temporal` (or `createReferralCase`). */
export const platformTest = platformTestWith();

/** The same with the file's worker always running: for files whose every test starts workflows. */
export const temporalTest = platformTestWith({}, { worker: true });

/**
 * A browser test: the whole platform on a real port (with a worker and the Pro Santé Connect
 * stand-in) and Chromium, once per file; a fresh `page` in its own context for each test.
 */
export const browserTest = test
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from its destructuring.
  .extend('site', { scope: 'file' }, async ({}, { onCleanup }) => {
    const site = await startTestPlatform();
    onCleanup(() => site.stop());
    return site;
  })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from its destructuring.
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('page', async ({ browser }, { onCleanup }): Promise<Page> => {
    const context = await browser.newContext();
    onCleanup(() => context.close());
    return context.newPage();
  });
