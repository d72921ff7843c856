import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHostLock } from '../../../src/adapters/safari/host-lock';

describe('host lock', () => {
  it('grants one holder per key, in arrival order', async () => {
    const lock = createHostLock();
    const order: number[] = [];
    const first = await lock.acquire('h:1');
    const waiting = [1, 2, 3].map((n) => lock.acquire('h:1').then((release) => (order.push(n), release)));
    assert.equal(lock.size('h:1'), 4);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, []);
    first();
    for (const p of waiting) (await p)();
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(lock.size('h:1'), 0);
  });

  it('does not make different hosts wait for each other', async () => {
    const lock = createHostLock();
    await lock.acquire('a:1');
    const other = await Promise.race([
      lock.acquire('b:1').then(() => 'granted'),
      new Promise((r) => setTimeout(() => r('blocked'), 50)),
    ]);
    assert.equal(other, 'granted');
  });

  it('a caller that aborts while queued leaves the line and never holds the lock', async () => {
    const lock = createHostLock();
    const release = await lock.acquire('h');
    const ctl = new AbortController();
    const abandoned = lock.acquire('h', ctl.signal);
    const next = lock.acquire('h');
    ctl.abort(new Error('cancelled'));
    await assert.rejects(abandoned, /cancelled/);
    assert.equal(lock.size('h'), 2);
    release();
    (await next)();
    assert.equal(lock.size('h'), 0);
  });

  it('releasing twice does not free a later holder', async () => {
    const lock = createHostLock();
    const release = await lock.acquire('h');
    const second = lock.acquire('h');
    release();
    await second;
    release();
    assert.equal(lock.size('h'), 1);
  });
});
