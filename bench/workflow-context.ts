import { parseArgs } from 'node:util';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
// The SDK's own executor of workflows in one reusable V8 context (what a worker's workflow thread runs).
import { defaultPayloadConverter } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import type { WorkflowInfo } from '@temporalio/workflow';
import { sharedDomainModule, workflowBundleOptions } from '../app/workflow-bundle.ts';
import type { ReferralWorkflowInput } from '../workflows/referral.ts';
import { round } from './lifecycle.ts';
import { measuredOn, writeResults } from './results-files.ts';

/**
 * What one cached workflow weighs in a worker's workflow thread, and what creating it costs (issue
 * 17, deliverable 5): the platform's bundle is loaded into the SDK's reusable V8 context, then N
 * referral workflows are created and started in it (their first activation: the case created as a
 * draft), as a worker does for every case it caches or replays (each gets its own copy of every
 * module not loaded once for all). Heap measured after full collections; with every module per
 * workflow, with the domain shared but its zod-loading modules per workflow (before
 * workflows/shared-domain.ts), and as the platform bundles it. Writes bench/results/workflow-context.{json,md}.
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

const startedAt = Date.parse('2026-12-01T09:00:00Z');

/** The first activation of a referral workflow: a draft for five EHPADs. */
function startActivation(index: number) {
  const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const input: ReferralWorkflowInput = {
    caseId: id('00000001', index),
    kind: 'ehpad',
    requesterId: id('00000002', 1),
    patient: { lastName: 'Martin', firstName: 'Jeanne', birthDate: '1938-04-02', sex: 'female', departement: '69' },
    facilities: [1, 2, 3, 4, 5].map((n) => ({
      taskId: id('00000003', index * 10 + n),
      facilityId: id('00000004', n),
      facilityName: `EHPAD ${n}`,
    })),
  };
  const runId = info(index).runId;
  return {
    runId,
    timestamp: msToTs(startedAt),
    isReplaying: false,
    historyLength: 3,
    jobs: [
      {
        initializeWorkflow: {
          workflowType: 'referralWorkflow',
          workflowId: `referral/${runId}`,
          arguments: [defaultPayloadConverter.toPayload(input)],
          randomnessSeed: msToTs(index).seconds,
          attempt: 1,
          firstExecutionRunId: runId,
        },
      },
    ],
  };
}

type Bundle = Awaited<ReturnType<typeof bundleWorkflowCode>>;

type Variant = 'per workflow' | 'domain shared, zod per workflow' | 'shared';

async function measure(variant: Variant, bundle: Bundle, workflows: number) {
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
  let failed = 0;
  for (let index = 0; index < workflows; index++) {
    const workflow = await creator.createWorkflow({
      info: info(index),
      randomnessSeed: [index],
      now: startedAt,
      showStackTraceSources: false,
    });
    const completion = await workflow.activate(startActivation(index));
    if (!completion.successful) failed++;
    kept.push(workflow);
  }
  const createMs = Number(process.hrtime.bigint() - started) / 1e6 / workflows;
  const after = heapMb();
  for (const workflow of kept) await workflow.dispose();
  await creator.destroy();
  if (failed > 0) throw new Error(`${failed} workflows sur ${workflows} n’ont pas démarré.`);
  return {
    variant,
    perWorkflowMb: round((after - loaded) / workflows),
    createMsPerWorkflow: round(createMs),
  };
}

export async function runWorkflowContextBench(argv: string[] = []): Promise<void> {
  const options = readOptions(argv);
  const bundleOptions = workflowBundleOptions({ tracing: false });
  // Both bundled first: webpack's garbage is not counted in either context.
  const preloaded = bundleOptions.preloadModules ?? [];
  const bundles: Record<Variant, Bundle> = {
    'per workflow': await bundleWorkflowCode({ ...bundleOptions, preloadModules: [], logger }),
    'domain shared, zod per workflow': await bundleWorkflowCode({
      ...bundleOptions,
      preloadModules: preloaded.filter((name) => name !== sharedDomainModule),
      logger,
    }),
    shared: await bundleWorkflowCode({ ...bundleOptions, logger }),
  };
  const figures = [];
  // Alternated, twice each: the order does not favour any.
  const order: Variant[] = ['per workflow', 'domain shared, zod per workflow', 'shared'];
  for (const variant of [...order, ...[...order].reverse()]) {
    figures.push(await measure(variant, bundles[variant], options.workflows));
  }
  const { date, machine } = measuredOn();
  const lines = [
    '# One cached workflow in the reusable V8 context',
    '',
    `${date}, ${machine}. \`npm run bench -- workflow-context --workflows ${options.workflows}\`.`,
    '',
    `The platform's workflow bundle in the SDK's reusable context, then ${options.workflows} referral workflows created and`,
    'started in it (their first activation creates a draft for five EHPADs: what a worker does for each case it',
    'caches or replays); V8\'s used heap after full collections. "per workflow": each workflow evaluates its own copy',
    'of every module; "domain shared, zod per workflow": the domain modules that load no zod are loaded once, the',
    'others (zod, the schemas, `decide`) by each workflow, as before workflows/shared-domain.ts; "shared": as the',
    'platform bundles it, those too loaded once, by the first workflow that needs them.',
    '',
    '| modules | per workflow (MB) | creating and starting one (ms) |',
    '| --- | --- | --- |',
    ...figures.map((figure) => `| ${figure.variant} | ${figure.perWorkflowMb} | ${figure.createMsPerWorkflow} |`),
    '',
    `Loaded once for all: ${preloaded.map((name) => `\`${name.replace('../', '').replace('./', 'workflows/')}\``).join(', ')}.`,
  ];
  await writeResults(options.out, { date, machine, options, figures }, lines);
}
