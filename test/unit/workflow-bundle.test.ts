import { runInNewContext } from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { sharedWorkflowModules, workflowBundleOptions } from '../../app/workflow-bundle.ts';

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
  }, 60_000);
});
