import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BundleOptions } from '@temporalio/worker';
import { failureConverterPath } from './payload-codec.ts';
import { workflowInterceptorModules } from './temporal-interceptors.ts';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** What every bundle of the platform's workflows holds: the failure converter and the interceptor modules. */
export function workflowBundleOptions(options: { tracing: boolean }): Omit<BundleOptions, 'logger'> {
  return {
    workflowsPath,
    failureConverterPath,
    workflowInterceptorModules: workflowInterceptorModules(options),
  };
}

const bundlerScript = fileURLToPath(new URL('../bin/bundle-workflows.ts', import.meta.url));

/**
 * The workflow bundle, built by webpack in a child process: bundling in the worker itself left about
 * 150 MB of resident memory behind for the life of the process (issue 17, the worker's memory).
 */
export async function bundleWorkflowsInChildProcess(options: { tracing: boolean }): Promise<{ code: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'parcours-bundle-'));
  try {
    const out = join(dir, 'workflows.js');
    const args = [...process.execArgv, bundlerScript, out, ...(options.tracing ? ['--tracing'] : [])];
    await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 2 ** 20 });
    return { code: await readFile(out, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
