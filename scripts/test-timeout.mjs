// Loaded into each test file's process by scripts/run-tests.mjs (with --expose-internals): gives
// every test and hook that sets no timeout of its own the one in TEST_TIMEOUT_MS, so a hang fails
// with the test's name instead of holding the run until CI gives up.
//
// Why not `--test-timeout`: on Node 20 (and 22 before nodejs/node#57672) that flag times each
// *file* in the parent process, so it would have to exceed the slowest file and would name no test.
// node:test offers no public default for a per-test timeout, so this sets the one the runner reads:
// a test with none of its own (and none inherited from a suite) gets ours just before it runs.
// test/devstack/test-runner.test.ts checks that a hanging test fails by name, so a Node that changes these
// internals is noticed there.
import { createRequire } from 'node:module';

const ms = Number(process.env.TEST_TIMEOUT_MS);
// Only in a test file's own process: the parent's per-file tests must stay unbounded.
if (process.env.NODE_TEST_CONTEXT && Number.isFinite(ms) && ms > 0) {
  const { Test, Suite } = createRequire(import.meta.url)('internal/test_runner/test');
  if (typeof Test?.prototype?.run !== 'function' || typeof Suite !== 'function') {
    process.stderr.write(
      'scripts/test-timeout.mjs: node:test internals changed; tests run without a default timeout\n',
    );
  } else {
    const run = Test.prototype.run;
    Test.prototype.run = function runWithDefaultTimeout(...args) {
      // The root (no parent, not a hook) holds the whole file: leave it unbounded. Suites time
      // their tests, not themselves.
      const isRoot = this.parent === null && typeof this.hookType !== 'string';
      if (this.timeout == null && !isRoot && !(this instanceof Suite)) this.timeout = ms;
      return run.apply(this, args);
    };
  }
}
