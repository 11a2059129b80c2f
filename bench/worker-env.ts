/**
 * The worker's environment under study in a benchmark (sticky cache, heap bound, allocator): the
 * `--worker-env 'NAME=value;…'` option of the lifecycle, open-cases and timers benchmarks.
 */

/** `A=1;B=x y` → { A: '1', B: 'x y' }. */
export function parseWorkerEnv(text: unknown): Record<string, string> {
  if (typeof text !== 'string' || !text) return {};
  return Object.fromEntries(
    text
      .split(';')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** The option as the results' command line writes it back (empty when none was given). */
export function workerEnvArgument(env: Record<string, string>): string {
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return pairs.length ? ` --worker-env '${pairs.join(';')}'` : '';
}

/** The worker's environment for a V8 heap bound (every isolate of the process: main and workflow threads). */
export function workerHeapEnv(megabytes: number | undefined): NodeJS.ProcessEnv {
  return megabytes === undefined ? {} : { NODE_OPTIONS: `--max-old-space-size=${megabytes}` };
}
