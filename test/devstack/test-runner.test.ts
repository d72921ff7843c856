import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

// The test runner's per-test timeout (scripts/run-tests.mjs, scripts/test-timeout.mjs): a test that
// hangs, with a server holding its process open, fails by name and the run ends; a test with a
// timeout of its own keeps it; a suite is not timed as a whole. Run through the script itself, on
// files in a temporary folder, with a 0.8 s default so it takes a few seconds. And every result of a
// file reaches the run's summary (scripts/test-report-flush.mjs).

const RUNNER = resolve('scripts/run-tests.mjs');
const TIMEOUT_MS = 800;
let dir: string;
let manyDir: string;
// Big enough that a run without the flush lost results in most runs here (4 files of 3,000: 11,940
// to 11,999 reported in 4 runs of 5); two runs, so one lucky run does not hide the loss.
const FILES = 4;
const TESTS_PER_FILE = 3000;
const manyTests = (file: number) =>
  [
    `import { test } from 'node:test';`,
    ...Array.from({ length: TESTS_PER_FILE }, (_, i) => `test('f${file} t${i}', () => {});`),
  ].join('\n');

function runRunner(cwd: string, timeoutMs: number) {
  // Not a child of this run: the runner must start its own (NODE_TEST_CONTEXT would make it one).
  const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
  return spawnSync(process.execPath, [RUNNER], {
    cwd,
    env: { ...env, TEST_TIMEOUT_MS: String(timeoutMs) },
    encoding: 'utf8',
    timeout: 90_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

const HANGING = `
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
it('finishes at once', () => {});
describe('a suite slower in total than the timeout', () => {
  it('hangs with a server open', async () => {
    createServer().listen(0, '127.0.0.1');
    await new Promise(() => {});
  });
  it('takes longer than the default, with a timeout of its own', { timeout: 10_000 }, async () => {
    await new Promise((r) => setTimeout(r, ${TIMEOUT_MS + 700}));
  });
});
`;
const HANGING_HOOK = `
import { createServer } from 'node:http';
import { before, it } from 'node:test';
before(async () => {
  createServer().listen(0, '127.0.0.1');
  await new Promise(() => {});
});
it('waits on a before hook that hangs', () => {});
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-test-runner-'));
  await mkdir(join(dir, 'test'));
  await writeFile(join(dir, 'test', 'hanging.test.ts'), HANGING);
  await writeFile(join(dir, 'test', 'hanging-hook.test.ts'), HANGING_HOOK);
  manyDir = await mkdtemp(join(tmpdir(), 'crm-test-runner-many-'));
  await mkdir(join(manyDir, 'test'));
  for (let f = 0; f < FILES; f += 1) await writeFile(join(manyDir, 'test', `many-${f}.test.ts`), manyTests(f));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(manyDir, { recursive: true, force: true });
});

describe('scripts/run-tests.mjs', () => {
  it('fails a hanging test by name after TEST_TIMEOUT_MS and ends the run', () => {
    const started = Date.now();
    const run = runRunner(dir, TIMEOUT_MS);
    const out = `${run.stdout}${run.stderr}`;
    assert.equal(run.signal, null, `the run ended by itself (took ${Date.now() - started} ms):\n${out}`);
    assert.equal(run.status, 1, out);
    assert.match(out, /✔ finishes at once/);
    assert.match(out, /✖ hangs with a server open \(\d+(\.\d+)?ms\)\n\s+'test timed out after 800ms'/, out);
    assert.match(
      out,
      /✔ takes longer than the default, with a timeout of its own/,
      'its own timeout wins, and the suite is not timed as a whole',
    );
    assert.match(out, /✖ waits on a before hook that hangs \(\d+(\.\d+)?ms\)\n\s+'test timed out after 800ms'/, out);
    assert.match(out, /ℹ pass 2\n/);
  });

  it('reports every result of every file, at force-exit, in each of two runs', () => {
    const total = FILES * TESTS_PER_FILE;
    for (const round of [1, 2]) {
      const run = runRunner(manyDir, 60_000);
      const out = `${run.stdout}${run.stderr}`;
      assert.equal(run.status, 0, out.slice(-2000));
      const counted = Number(/ℹ tests (\d+)\n/.exec(out)?.[1]);
      const passed = Number(/ℹ pass (\d+)\n/.exec(out)?.[1]);
      assert.deepEqual({ round, counted, passed }, { round, counted: total, passed: total });
    }
  });
});
