import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { boundWorkflowThreadHeap } from '../../app/workflow-heap.ts';

const modulePath = fileURLToPath(new URL('../../app/workflow-heap.ts', import.meta.url));

/**
 * In a process of its own (the flag is the whole process's): the heap limits, in MB, of the main
 * thread and of a worker thread started after the call, as the SDK starts its workflow threads.
 */
async function limitsAfter(megabytes: number | undefined, env: NodeJS.ProcessEnv = {}) {
  const script = `
    import { getHeapStatistics } from 'node:v8';
    import { Worker } from 'node:worker_threads';
    const { boundWorkflowThreadHeap } = await import(${JSON.stringify(modulePath)});
    const set = boundWorkflowThreadHeap(${megabytes === undefined ? 'undefined' : megabytes});
    const thread = await new Promise((resolve, reject) => {
      const worker = new Worker("import { getHeapStatistics } from 'node:v8'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(getHeapStatistics().heap_size_limit);", { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    console.log(JSON.stringify({ set: set ?? null, main: getHeapStatistics().heap_size_limit / 2 ** 20, thread: thread / 2 ** 20 }));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { set: number | null; main: number; thread: number };
}

describe('the workflow threads’ heap bound', () => {
  it('bounds the threads started after it, and not the main thread', async () => {
    const bounded = await limitsAfter(96);
    expect(bounded.set).toBe(96);
    // The old generation's bound plus the young generation's semi-spaces.
    expect(bounded.thread).toBeGreaterThanOrEqual(96);
    expect(bounded.thread).toBeLessThan(200);
    const unbounded = await limitsAfter(undefined);
    expect(unbounded.set).toBeNull();
    expect(unbounded.thread).toBeGreaterThan(bounded.thread);
    expect(bounded.main).toBe(unbounded.main);
  });

  it('leaves an operator’s own --max-old-space-size in place', async () => {
    const operator = await limitsAfter(96, { NODE_OPTIONS: '--max-old-space-size=300' });
    expect(operator.set).toBeNull();
    expect(operator.thread).toBeGreaterThanOrEqual(300);
    expect(
      boundWorkflowThreadHeap(96, { execArgv: ['--max_old_space_size=512'], nodeOptions: undefined }),
    ).toBeUndefined();
  });
});
