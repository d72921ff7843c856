import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedSource, withDeadline } from '../../../src/adapters/metrics/cached';

// A scrape storm costs one read per source: concurrent scrapes share a read, a read serves for the
// cache's lifetime, and a failed or hung read costs its own metrics (null), then is tried again.

describe('metrics sources', () => {
  it('shares one read among concurrent scrapes and keeps it for the cache lifetime', async () => {
    let clock = 0;
    let reads = 0;
    const read = cachedSource(
      async () => ++reads,
      5_000,
      () => assert.fail('no error expected'),
      () => clock,
    );
    assert.deepEqual(await Promise.all([read(), read(), read()]), [1, 1, 1]);
    clock = 4_999;
    assert.equal(await read(), 1);
    clock = 5_000;
    assert.deepEqual(await Promise.all([read(), read()]), [2, 2]);
    assert.equal(reads, 2);
  });

  it('answers null on a failed read, reports it, and reads again on the next scrape', async () => {
    const errors: string[] = [];
    let fail = true;
    const read = cachedSource(
      async () => {
        if (fail) throw new Error('data API down');
        return 'totals';
      },
      5_000,
      (err) => errors.push((err as Error).message),
    );
    assert.equal(await read(), null);
    fail = false;
    assert.equal(await read(), 'totals');
    assert.deepEqual(errors, ['data API down']);
  });

  it('gives up on a read that does not answer in time, and passes one that does', async () => {
    const hung = withDeadline(() => new Promise<never>(() => {}), 20);
    await assert.rejects(hung(), /no answer within 20 ms/);
    assert.equal(await withDeadline(async () => 'ok', 1_000)(), 'ok');
  });
});
