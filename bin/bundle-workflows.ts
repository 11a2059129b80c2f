import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../app/workflow-bundle.ts';

/**
 * Bundles the platform's workflows into one file (app/workflow-bundle.ts runs it for the worker):
 *   node --import tsx bin/bundle-workflows.ts <out.js> [--tracing]
 */
const [out, flag] = process.argv.slice(2);
if (!out) {
  console.error('usage : bin/bundle-workflows.ts <fichier.js> [--tracing]');
  process.exit(2);
}
const quiet = () => {};
const bundle = await bundleWorkflowCode({
  ...workflowBundleOptions({ tracing: flag === '--tracing' }),
  logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error },
});
await writeFile(out, bundle.code);
