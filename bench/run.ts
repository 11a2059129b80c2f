import { runDirectorySearchBench } from './directory-search.ts';
import { runLoginTimingBench } from './login-timing.ts';
import { runRequestSizeBench } from './request-size.ts';

/**
 * `npm run bench`: every benchmark, each writing its results under bench/results/;
 * `npm run bench -- login-timing` runs only the ones named.
 */
const benches = {
  'directory-search': runDirectorySearchBench,
  'login-timing': runLoginTimingBench,
  'request-size': runRequestSizeBench,
};
const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
process.exit(0);
