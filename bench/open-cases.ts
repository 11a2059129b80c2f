import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Backend, createCase, type Environment, round, startEnvironment } from './lifecycle.ts';
import { measuredOn, writeResults } from './results-files.ts';
import { parseWorkerEnv, workerEnvArgument, workerHeapEnv } from './worker-env.ts';

/**
 * What an open case weighs on the worker (issue 17, deliverable 5): cases created and sent through
 * the API stay open (their facilities have weeks to answer), each one cached by the worker that ran
 * it. The worker's resident memory is read after each step, for each sticky-cache size asked:
 * with the SDK's default cache (about 2,300 workflows on a 4 GB heap) memory grows with every open
 * case; with a bounded cache the cases beyond it are evicted and replayed at their next event.
 * Writes bench/results/open-cases.{json,md}.
 *
 * `npm run bench -- open-cases [--steps 250,1000] [--caches default,100] [--backend dev] [--in-flight 10] [--worker-heap-mb 256] [--out open-cases]`
 */

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'open-cases'),
    options: {
      steps: { type: 'string', default: '250,1000' },
      caches: { type: 'string', default: 'default,100' },
      backend: { type: 'string', default: 'dev' },
      'in-flight': { type: 'string', default: '10' },
      // The V8 heap bound of the worker's isolates (main thread and workflow thread), MB; unset: Node's default.
      'worker-heap-mb': { type: 'string' },
      // More of the worker's environment, `NAME=value` separated by `;` (a knob under study: MALLOC_ARENA_MAX, NODE_OPTIONS).
      'worker-env': { type: 'string' },
      // The results' file name under bench/results/ (to keep a before and an after).
      out: { type: 'string', default: 'open-cases' },
    },
    allowPositionals: true,
    strict: false,
  });
  return {
    steps: String(values.steps).split(',').map(Number),
    caches: String(values.caches).split(','),
    backend: (values.backend === 'postgres' ? 'postgres' : 'dev') as Backend,
    inFlight: Number(values['in-flight']),
    workerHeapMb: values['worker-heap-mb'] === undefined ? undefined : Number(values['worker-heap-mb']),
    workerEnv: parseWorkerEnv(values['worker-env']),
    out: String(values.out).replace(/[^a-z0-9-]/gi, ''),
  };
}

/** A process's resident memory (VmRSS), MB. */
export function rssMegabytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kilobytes / 1024);
}

async function openCases(env: Environment, count: number, inFlight: number): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        next++;
        await createCase(env).catch(() => {
          failed++;
        });
      }
    }),
  );
  return failed;
}

/** Resident memory once it stops moving (the worker settles its caches and heap after a burst). */
async function settledRss(pid: number | undefined): Promise<number> {
  let previous = rssMegabytes(pid);
  for (let round = 0; round < 12; round++) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 2500));
    const current = rssMegabytes(pid);
    if (Math.abs(current - previous) < 2) return current;
    previous = current;
  }
  return previous;
}

export async function runOpenCasesBench(argv: string[] = []): Promise<void> {
  const options = readOptions(argv);
  const root = join(process.env.PARCOURS_DATA_DIR ?? '.data', 'bench-open-cases');
  const figures: { cache: string; points: { openCases: number; workerRssMb: number; failed: number }[] }[] = [];
  for (const cache of options.caches) {
    const workerEnv = {
      ...(cache === 'default' ? {} : { PARCOURS_WORKER_STICKY_CACHE_SIZE: cache }),
      ...workerHeapEnv(options.workerHeapMb),
      ...options.workerEnv,
    };
    const env = await startEnvironment(options.backend, join(root, `cache-${cache}`), workerEnv);
    try {
      const points = [{ openCases: 0, workerRssMb: await settledRss(env.pids.realWorker), failed: 0 }];
      let open = 0;
      for (const step of options.steps) {
        const failed = await openCases(env, step - open, options.inFlight);
        open = step;
        points.push({ openCases: step, workerRssMb: await settledRss(env.pids.realWorker), failed });
        console.log(`cache ${cache} : ${step} dossiers ouverts, worker ${points.at(-1)?.workerRssMb} Mo.`);
      }
      figures.push({ cache, points });
    } finally {
      await env.stop();
    }
  }
  const { date, machine } = measuredOn();
  const lines = [
    '# Worker memory per open case',
    '',
    `${date}, ${machine}, backend ${options.backend}. \`npm run bench -- open-cases --steps ${options.steps.join(',')} --caches ${options.caches.join(',')}${options.workerHeapMb === undefined ? '' : ` --worker-heap-mb ${options.workerHeapMb}`}${workerEnvArgument(options.workerEnv)}\`.`,
    '',
    "Cases created and sent through the API (5 EHPADs each) stay open; the worker's resident memory (VmRSS) once",
    'settled after each step. "default": the platform\'s default sticky cache (app/config.ts); a number:',
    '`PARCOURS_WORKER_STICKY_CACHE_SIZE`.',
    '',
    '| sticky cache | open cases | worker RSS (MB) | per open case since start (MB) | failed creations |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const { cache, points } of figures) {
    const base = points[0]?.workerRssMb ?? 0;
    for (const point of points) {
      const perCase = point.openCases > 0 ? round((point.workerRssMb - base) / point.openCases) : 0;
      lines.push(
        `| ${cache} | ${point.openCases} | ${point.workerRssMb} | ${point.openCases ? perCase : '—'} | ${point.failed} |`,
      );
    }
  }
  await writeResults(options.out, { date, machine, options, figures }, lines);
}
