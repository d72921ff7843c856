// Loaded into each test file's process by scripts/run-tests.mjs: makes the pipe that carries the
// file's results to the runner blocking, so every result is written before the process exits.
//
// Why: with --test-force-exit a file's process calls process.exit() as soon as its tests are done.
// Its results go to the parent over a pipe, and writes to a pipe are asynchronous on Linux, so the
// exit dropped whatever was still queued: the tail of the file's results, silently, at exit code 0
// (nodejs/node#64833, open; the fix proposed there, nodejs/node#64875, does the same as this). The
// run's counts were then lower bounds: this suite's totals wandered by up to 14 between runs.
// test/devstack/test-runner.test.ts counts every result of a run large enough to lose them.
// A process a test starts inherits NODE_TEST_CONTEXT; its stdout may be a file or /dev/null, which
// Node writes synchronously (no stream handle): nothing to do there.
const handle = process.env.NODE_TEST_CONTEXT === 'child-v8' ? process.stdout._handle : undefined;
if (handle) {
  if (typeof handle.setBlocking === 'function') handle.setBlocking(true);
  else process.stderr.write('scripts/test-report-flush.mjs: stdout cannot block; results may be lost at exit\n');
}
