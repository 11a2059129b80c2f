import { runDirectorySearchBench } from './directory-search.ts';

/** `npm run bench`: every benchmark, each writing its results under bench/results/. */
await runDirectorySearchBench();
process.exit(0);
