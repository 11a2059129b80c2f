import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BundleOptions } from '@temporalio/worker';
import { failureConverterPath } from './payload-codec.ts';
import { workflowInterceptorModules } from './temporal-interceptors.ts';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
const workflowsDir = new URL('../workflows/', import.meta.url);

/** What a module imports at run time (not for types only), as it names them. */
function runtimeImports(file: URL): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export) (?!type\b)[^;]*? from '([^']+)';/gms)].flatMap(([, specifier]) =>
    specifier ? [specifier] : [],
  );
}

/** Whether a module, or one it imports at run time, loads zod. */
function loadsZod(file: URL, seen = new Set<string>()): boolean {
  if (seen.has(file.href)) return false;
  seen.add(file.href);
  return runtimeImports(file).some((specifier) =>
    specifier.startsWith('.') ? loadsZod(new URL(specifier, file), seen) : specifier.split('/')[0] === 'zod',
  );
}

/** Each workflow module's run-time imports, as it names them. */
function workflowImports(): { file: string; specifier: string }[] {
  return readdirSync(workflowsDir)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((file) => runtimeImports(new URL(file, workflowsDir)).map((specifier) => ({ file, specifier })));
}

/** Whether an import, as a workflow module names it, loads zod (the package itself, or a module that does). */
function importLoadsZod(specifier: string): boolean {
  return specifier.startsWith('.') ? loadsZod(new URL(specifier, workflowsDir)) : specifier.split('/')[0] === 'zod';
}

/**
 * The workflows' module that loads the domain's zod-loading modules once per worker thread, when
 * a workflow first needs them (workflows/shared-domain.ts): preloaded, so that every workflow
 * finds what the first one loaded.
 */
export const sharedDomainModule = './shared-domain.ts';

/**
 * The modules loaded once for every workflow, as the workflows name them (the bundle's entry point
 * sits beside them): the domain modules the workflows import, and the module that loads the rest
 * of the domain once. With a reusable V8 context the SDK gives each workflow its own copy of every
 * other module: about 1.5 MB and 13 ms per case cached or replayed with the domain and zod
 * (`npm run bench -- workflow-context`). A module loaded once is deep-frozen by the SDK: the
 * domain's are pure (no workflow API, no clock read at load; the only state is the calendar's store
 * of results it computed, the same for every workflow), but zod's schemas install their members on
 * first use, which a frozen object refuses: those modules are required after the freeze, by
 * `sharedDomainModule`, and no workflow may import them itself (the bundle's test checks it).
 */
export function sharedWorkflowModules(): string[] {
  const domain = workflowImports()
    .map(({ specifier }) => specifier)
    .filter((specifier) => specifier.startsWith('../domain/') && !importLoadsZod(specifier));
  return [...new Set([sharedDomainModule, ...domain])].sort();
}

/**
 * The modules a workflow evaluates for itself that load zod, with the import that brings it (none
 * expected: each would cost every cached case its own copy of zod and the schemas again).
 */
export function workflowModulesLoadingZod(): string[] {
  return workflowImports()
    .filter(({ specifier }) => importLoadsZod(specifier))
    .map(({ file, specifier }) => `workflows/${file} → ${specifier}`);
}

/**
 * What every bundle of the platform's workflows holds: the failure converter, the interceptor
 * modules, the modules loaded once for all workflows, and the polyfill without its debug strings.
 */
export function workflowBundleOptions(options: { tracing: boolean }): Omit<BundleOptions, 'logger'> {
  return {
    workflowsPath,
    failureConverterPath,
    workflowInterceptorModules: workflowInterceptorModules(options),
    preloadModules: sharedWorkflowModules(),
    webpackConfigHook: (config) => ({
      ...config,
      module: {
        ...config.module,
        rules: [...(config.module?.rules ?? []), { test: polyfillDebugStrings, use: [{ loader: polyfillLoaderPath }] }],
      },
    }),
  };
}

// The polyfill's module that decides whether its objects carry a debug string (app/temporal-polyfill-loader.cjs).
const polyfillDebugStrings = /temporal-polyfill[\\/]chunks[\\/]apiHelpers\.js$/;
const polyfillLoaderPath = fileURLToPath(new URL('./temporal-polyfill-loader.cjs', import.meta.url));

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
