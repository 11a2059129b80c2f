import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with one plain line that any CI can read: "Tests: N passed, N failed, N skipped". */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // A file that failed to load, or whose hook failed while its tests were skipped, is a failure
      // all the same: the closing line must never read "0 failed" when the run fails.
      const failedTests = [...testModule.children.allTests()].filter((test) => test.result().state === 'failed');
      if (testModule.state() === 'failed' && failedTests.length === 0) counts.failed += 1;
    }
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
