import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file gets its own process: Temporal's native worker and the pools do not share well across files.
    pool: 'forks',
    // One file at a time: on 2 cores, the 200-case load test beside the time-skipping server made timers stall.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      // Pure rules: no PostgreSQL, no Temporal (`npm test -- --project unit`).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Everything else runs on the real services the global setup starts once per run:
      // test/api (HTTP API), test/web (pages), test/workflows, test/browser (Chromium).
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/quiet-runtime.ts'],
        },
      },
    ],
  },
});
