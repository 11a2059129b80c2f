import { setFlagsFromString } from 'node:v8';

/**
 * Bounds the V8 heap of the workflow threads the Temporal SDK starts after this call; the worker's
 * main thread (activities, connections) keeps the bound it started with. A workflow thread holds
 * the sticky cache's cases and the garbage of their replays: under V8's default bound (a quarter of
 * the machine's memory) it grew by gigabytes before collecting (issue 17). V8 reads the flag when it
 * creates an isolate, as the SDK does in `Worker.create`, so this must run before it.
 * An operator's own `--max-old-space-size` (NODE_OPTIONS or the command line) wins: it already bounds
 * every thread. Returns the bound set, or undefined.
 */
export function boundWorkflowThreadHeap(
  megabytes: number | undefined,
  launch: { execArgv: string[]; nodeOptions: string | undefined } = {
    execArgv: process.execArgv,
    nodeOptions: process.env.NODE_OPTIONS,
  },
): number | undefined {
  if (megabytes === undefined) return undefined;
  const operatorBound = [...launch.execArgv, launch.nodeOptions ?? ''].some((arg) =>
    /--max[-_]old[-_]space[-_]size/.test(arg),
  );
  if (operatorBound) return undefined;
  setFlagsFromString(`--max-old-space-size=${megabytes}`);
  return megabytes;
}
