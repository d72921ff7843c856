import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnManaged } from '../../src/devstack/processes';
import { supervise } from '../../src/devstack/supervisor';

// The supervisor over real child processes: a part killed or crashing is started again and the
// restart is said; one that keeps dying is given up on, saying which part and how it ended.

const node = (name: string, script: string) => () =>
  spawnManaged({ name, command: process.execPath, args: ['-e', script] });
const FOREVER = 'process.stdout.write("up\\n"); setInterval(() => {}, 1000)';

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('supervisor', () => {
  it('starts a part killed with SIGKILL again, says so, and stops it for good when asked', async () => {
    const lines: string[] = [];
    const gaveUp: string[] = [];
    const part = supervise({
      name: 'worker',
      start: node('worker', FOREVER),
      say: (l) => lines.push(l),
      onGiveUp: (r) => gaveUp.push(r),
      backoffMs: 20,
    });
    await until(() => part.current().output().includes('up'), 'the first start');
    const first = part.current().child;
    first.kill('SIGKILL');
    await until(() => part.starts() === 2 && part.current().output().includes('up'), 'the restart');
    assert.notEqual(part.current().child.pid, first.pid);
    assert.match(lines.join('\n'), /worker killed by SIGKILL; restarting it in 20 ms/);
    await part.stop();
    assert.notEqual(part.current().child.exitCode ?? part.current().child.signalCode, null, 'stopped');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(part.starts(), 2, 'not restarted after stop');
    assert.deepEqual(gaveUp, []);
  });

  it('gives up after repeated quick crashes, naming the part, how it ended and its last output, with growing waits between', async () => {
    const lines: string[] = [];
    let reason = '';
    const part = supervise({
      name: 'api',
      start: node('api', 'console.error("cannot bind port 3200"); process.exit(3)'),
      say: (l) => lines.push(l),
      onGiveUp: (r) => (reason = r),
      backoffMs: 10,
      maxQuickCrashes: 4,
    });
    await until(() => reason !== '', 'giving up');
    assert.equal(part.starts(), 4);
    assert.match(reason, /^api exited with code 3, 4 times in a row/);
    assert.match(reason, /cannot bind port 3200/);
    assert.deepEqual(
      lines.map((l) => Number(/in (\d+) ms/.exec(l)?.[1])),
      [10, 20, 40],
      'backoff doubles',
    );
    await part.stop();
  });

  it('a part that stops cleanly was stopped on purpose: not restarted, the stack is told', async () => {
    let reason = '';
    const part = supervise({
      name: 'worker',
      start: node('worker', 'setTimeout(() => process.exit(0), 50)'),
      say: () => {},
      onGiveUp: (r) => (reason = r),
      backoffMs: 10,
    });
    await until(() => reason !== '', 'the stop to be reported');
    assert.equal(reason, 'worker stopped (exit code 0)');
    assert.equal(part.starts(), 1);
  });

  it('an async start that fails the first time fails ready; one that fails on a restart counts as a crash', async () => {
    const never = supervise({
      name: 'PostgREST',
      start: () => Promise.reject(new Error('no binary')),
      say: () => {},
      onGiveUp: () => {},
    });
    await assert.rejects(never.ready, /no binary/);
    assert.equal(never.starts(), 1, 'a part that never started is not retried');

    let reason = '';
    let calls = 0;
    const flaky = supervise({
      name: 'simulator',
      say: () => {},
      onGiveUp: (r) => (reason = r),
      backoffMs: 10,
      maxQuickCrashes: 3,
      start: async () => {
        calls += 1;
        if (calls > 1) throw new Error('port still in use');
        return node('simulator', 'process.exit(7)')();
      },
    });
    await flaky.ready;
    await until(() => reason !== '', 'giving up');
    assert.equal(flaky.starts(), 3);
    assert.match(reason, /^simulator could not be started again, 3 times in a row/);
    assert.match(reason, /port still in use/);
  });
});
