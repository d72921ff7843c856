// Runs every test/**/*.test.ts with Node's own test runner (its closing summary is what CI reads).
// Optional arguments narrow the run to files whose path contains one of them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

// Each test or hook without a timeout of its own fails after TEST_TIMEOUT_MS (0: none), naming
// itself, so a hang cannot hold CI (scripts/test-timeout.mjs says how). 10 min: on two cores shared
// with other runs the slowest such test took 156 s and the slowest `before` hook (a whole stack
// starting and seeded) about 245 s (README, "A hang fails by name").
const DEFAULT_TEST_TIMEOUT_MS = '600000';
// A timed-out test may leave a server or socket open: each file's process then exits once its
// tests and `after` hooks are done instead of waiting for its event loop (Node ≥ 20.14). That exit
// could drop the file's last results on their way to this process: test-report-flush.mjs says why.
const [major, minor] = process.versions.node.split('.').map(Number);
const forceExit = major > 20 || (major === 20 && minor >= 14) ? ['--test-force-exit'] : [];

const filters = process.argv.slice(2);
const files = findTests('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const perTestTimeout = new URL('./test-timeout.mjs', import.meta.url).href;
const reportFlush = new URL('./test-report-flush.mjs', import.meta.url).href;
const result = spawnSync(
  process.execPath,
  [
    // --expose-internals: test-timeout.mjs sets the runner's per-test default, which has no public API.
    '--expose-internals',
    '--import',
    perTestTimeout,
    '--import',
    reportFlush,
    '--import',
    import.meta.resolve('tsx'),
    '--test',
    ...forceExit,
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    ...files,
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, TEST_TIMEOUT_MS: process.env.TEST_TIMEOUT_MS ?? DEFAULT_TEST_TIMEOUT_MS },
  },
);
process.exit(result.status ?? 1);
