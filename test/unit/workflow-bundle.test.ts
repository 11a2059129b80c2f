import { runInNewContext } from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { sharedWorkflowModules, workflowBundleOptions, workflowModulesLoadingZod } from '../../app/workflow-bundle.ts';

const quiet = () => {};
const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };

describe('modules the workflows share', () => {
  it('loads the calendar and the deadlines once for every workflow, never zod', async () => {
    const shared = sharedWorkflowModules();
    expect(shared).toEqual(
      expect.arrayContaining(['../domain/calendar/days.ts', '../domain/referral/deadline-schedule.ts']),
    );
    // Their schemas: zod's members bind on first use, which a frozen shared module refuses.
    expect(shared).not.toContain('../domain/referral/decide.ts');
    expect(shared).not.toContain('../domain/referral/commands.ts');
    // Those are loaded once per thread after the freeze, by the one module that requires them.
    expect(shared).toContain('./shared-domain.ts');
    expect(workflowModulesLoadingZod()).toEqual([]);

    // What the SDK's reusable context loads before any workflow exists (so once, frozen, for all).
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions({ tracing: false }), logger });
    const moduleCache: Record<string, unknown> = {};
    const context: { __webpack_module_cache__: Record<string, unknown>; __TEMPORAL__?: { preloadModules(): void } } = {
      __webpack_module_cache__: moduleCache,
    };
    runInNewContext(code, context);
    const bootstrap = new Set(Object.keys(moduleCache));
    context.__TEMPORAL__?.preloadModules();
    const preloaded = Object.keys(moduleCache).filter((id) => !bootstrap.has(id));
    expect(preloaded).toEqual(expect.arrayContaining(['./domain/calendar/days.ts']));
    expect(preloaded.some((id) => id.includes('/temporal-polyfill/'))).toBe(true);
    expect(preloaded.filter((id) => id.includes('/zod/'))).toEqual([]);
    expect(preloaded).toContain('./workflows/shared-domain.ts');
    expect(preloaded).not.toContain('./domain/referral/decide.ts');

    // No `process` here, as in the workflow sandbox: the polyfill would give each object a debug
    // string (its ISO form, computed at creation). app/temporal-polyfill-loader.cjs removes it.
    const polyfillId = preloaded.find((id) => /temporal-polyfill[\\/]index\.js$/.test(id));
    const polyfill = (moduleCache[polyfillId ?? ''] as { exports: { Temporal: typeof Temporal } } | undefined)?.exports;
    const instant = polyfill?.Temporal.Instant.fromEpochMilliseconds(Date.parse('2026-03-29T00:30:00Z'));
    expect(instant?.toZonedDateTimeISO('Europe/Paris').add({ days: 1 }).toString()).toBe(
      '2026-03-30T01:30:00+02:00[Europe/Paris]',
    );
    expect(Object.getOwnPropertyNames(instant)).toEqual([]);
  }, 60_000);
});
