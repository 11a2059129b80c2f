import { runCoordinationBench } from './coordination.ts';
import { runDirectorySearchBench } from './directory-search.ts';
import { runFaultsBench } from './faults.ts';
import { runLifecycleBench } from './lifecycle.ts';
import { runLoginTimingBench } from './login-timing.ts';
import { runOpenCasesBench } from './open-cases.ts';
import { runPagesBench } from './pages.ts';
import { runPayloadCodecBench } from './payload-codec.ts';
import { runRequestSizeBench } from './request-size.ts';

/**
 * `npm run bench`: every quick benchmark, each writing its results under bench/results/;
 * `npm run bench -- login-timing` runs only the ones named, with their options after them
 * (`npm run bench -- faults --seed 7`). The fault campaign (minutes, three processes killed
 * again and again), the lifecycle benchmark (tens of minutes, both Temporal backends) and the coordination one
 * (a national volume generated the first time) run only when named.
 */
const args = process.argv.slice(2);
const benches: Record<string, { run: (args: string[]) => Promise<unknown>; byDefault: boolean }> = {
  'directory-search': { run: runDirectorySearchBench, byDefault: true },
  'login-timing': { run: runLoginTimingBench, byDefault: true },
  'payload-codec': { run: runPayloadCodecBench, byDefault: true },
  'request-size': { run: runRequestSizeBench, byDefault: true },
  faults: { run: runFaultsBench, byDefault: false },
  lifecycle: { run: runLifecycleBench, byDefault: false },
  'open-cases': { run: runOpenCasesBench, byDefault: false },
  pages: { run: runPagesBench, byDefault: false },
  // Minutes the first time (it generates 1,000,000 requests and 5,000,000 tasks): only when named.
  coordination: { run: runCoordinationBench, byDefault: false },
};
const wanted = args.filter((arg) => arg in benches);
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length === 0 ? bench.byDefault : wanted.includes(name)) await bench.run(args);
}
process.exit(process.exitCode ?? 0);
