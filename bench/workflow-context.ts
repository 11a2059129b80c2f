import { parseArgs } from 'node:util';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
// The SDK's own executor of workflows in one reusable V8 context (what a worker's workflow thread runs).
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import type { WorkflowInfo } from '@temporalio/workflow';
import { workflowBundleOptions } from '../app/workflow-bundle.ts';
import { round } from './lifecycle.ts';
import { measuredOn, writeResults } from './results-files.ts';

/**
 * What one cached workflow weighs in a worker's workflow thread, and what creating it costs (issue
 * 17, deliverable 5): the platform's bundle is loaded into the SDK's reusable V8 context, then N
 * referral workflows are created in it, as a worker does for every case it caches or replays (each
 * gets its own copy of every module not loaded once for all). Heap measured after full collections;
 * with and without the modules shared by app/workflow-bundle.ts. Writes bench/results/workflow-context.{json,md}.
 *
 * `npm run bench -- workflow-context [--workflows 200] [--out workflow-context]`
 */

const quiet = () => {};
const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error };

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'workflow-context'),
    options: {
      workflows: { type: 'string', default: '200' },
      out: { type: 'string', default: 'workflow-context' },
    },
    allowPositionals: true,
    strict: false,
  });
  return { workflows: Number(values.workflows), out: String(values.out).replace(/[^a-z0-9-]/gi, '') };
}

/** A full collection (V8's `gc`, exposed to a fresh context once the flag is set). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

function heapMb(): number {
  collect();
  return getHeapStatistics().used_heap_size / 2 ** 20;
}

function info(index: number): WorkflowInfo {
  const runId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  // Only what creating a workflow reads; a worker gets the rest from Temporal.
  return {
    workflowId: `referral/${runId}`,
    runId,
    workflowType: 'referralWorkflow',
    taskQueue: 'bench',
    namespace: 'bench',
    firstExecutionRunId: runId,
    attempt: 1,
    historyLength: 3,
    historySize: 0,
    continueAsNewSuggested: false,
    searchAttributes: {},
    typedSearchAttributes: undefined,
    memo: {},
    startTime: new Date(0),
    runStartTime: new Date(0),
    unsafe: { isReplaying: false, now: Date.now },
  } as unknown as WorkflowInfo;
}

type Bundle = Awaited<ReturnType<typeof bundleWorkflowCode>>;

async function measure(shared: boolean, bundle: Bundle, workflows: number) {
  const creator = await ReusableVMWorkflowCreator.create(
    // The bundler's source map is a deprecated placeholder: an empty one, as the worker gives.
    {
      code: bundle.code,
      filename: 'workflow-bundle.js',
      sourceMap: { version: 3, file: 'workflow-bundle.js', sources: [], names: [], mappings: '' },
    },
    10_000,
    new Set(),
    undefined,
  );
  const loaded = heapMb();
  const kept: { dispose(): Promise<void> }[] = [];
  const started = process.hrtime.bigint();
  for (let index = 0; index < workflows; index++) {
    kept.push(
      await creator.createWorkflow({
        info: info(index),
        randomnessSeed: [index],
        now: 0,
        showStackTraceSources: false,
      }),
    );
  }
  const createMs = Number(process.hrtime.bigint() - started) / 1e6 / workflows;
  const after = heapMb();
  for (const workflow of kept) await workflow.dispose();
  await creator.destroy();
  return {
    shared,
    perWorkflowMb: round((after - loaded) / workflows),
    createMsPerWorkflow: round(createMs),
  };
}

export async function runWorkflowContextBench(argv: string[] = []): Promise<void> {
  const options = readOptions(argv);
  const bundleOptions = workflowBundleOptions({ tracing: false });
  // Both bundled first: webpack's garbage is not counted in either context.
  const bundles = {
    shared: await bundleWorkflowCode({ ...bundleOptions, logger }),
    perWorkflow: await bundleWorkflowCode({ ...bundleOptions, preloadModules: [], logger }),
  };
  const figures = [];
  // Alternated, twice each: the order of the two does not favour either.
  for (const shared of [false, true, true, false]) {
    figures.push(await measure(shared, shared ? bundles.shared : bundles.perWorkflow, options.workflows));
  }
  const { date, machine } = measuredOn();
  const lines = [
    '# One cached workflow in the reusable V8 context',
    '',
    `${date}, ${machine}. \`npm run bench -- workflow-context --workflows ${options.workflows}\`.`,
    '',
    `The platform's workflow bundle in the SDK's reusable context, then ${options.workflows} referral workflows created in`,
    "it (what a worker does for each case it caches or replays); V8's used heap after full collections.",
    '"shared": the domain modules app/workflow-bundle.ts loads once for every workflow; "per workflow": each',
    'workflow evaluates its own copy of every module, as before.',
    '',
    '| modules | per workflow (MB) | creating one (ms) |',
    '| --- | --- | --- |',
    ...figures.map(
      (figure) =>
        `| ${figure.shared ? 'shared' : 'per workflow'} | ${figure.perWorkflowMb} | ${figure.createMsPerWorkflow} |`,
    ),
    '',
    `Shared: ${(bundleOptions.preloadModules ?? []).map((name) => `\`${name.replace('../', '')}\``).join(', ')}.`,
  ];
  await writeResults(options.out, { date, machine, options, figures }, lines);
}
