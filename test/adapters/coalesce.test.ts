import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coalesceByKey } from '../../src/adapters/coalesce';

// Group commit: concurrent calls for one key share the calls that follow the one in flight.

/** Each call waits until the test releases it by key. */
function recorder(fail = false) {
  const calls: { key: string; args: number[] }[] = [];
  const releases = new Map<string, () => void>();
  const fn = coalesceByKey<number, string>(async (key, args) => {
    calls.push({ key, args });
    await new Promise<void>((r) => releases.set(key, r));
    if (fail) throw new Error('boom');
    return args.map((a) => `${key}:${a * 10}`);
  });
  return { calls, fn, release: (key = 'a') => releases.get(key)!() };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('coalesceByKey', () => {
  it('sends a lone call at the end of its turn, then groups what arrives meanwhile into one call, answering each in order', async () => {
    const r = recorder();
    const first = r.fn('a', 1);
    await tick();
    const rest = [r.fn('a', 2), r.fn('a', 3), r.fn('a', 4)];
    const other = r.fn('b', 9);
    await tick();
    assert.deepEqual(
      r.calls,
      [
        { key: 'a', args: [1] },
        { key: 'b', args: [9] },
      ],
      'other keys do not wait',
    );
    r.release('b');
    assert.equal(await other, 'b:90');
    r.release('a');
    assert.equal(await first, 'a:10');
    await tick();
    assert.deepEqual(r.calls.at(-1), { key: 'a', args: [2, 3, 4] });
    r.release();
    assert.deepEqual(await Promise.all(rest), ['a:20', 'a:30', 'a:40']);
  });

  it('sends the arguments asked for in one turn as one call (not the first alone and the rest after it)', async () => {
    const r = recorder();
    const together = [r.fn('a', 1), r.fn('a', 2), r.fn('a', 3)];
    await tick();
    assert.deepEqual(r.calls, [{ key: 'a', args: [1, 2, 3] }]);
    r.release();
    assert.deepEqual(await Promise.all(together), ['a:10', 'a:20', 'a:30']);
  });

  it('fails every argument of a failed call, and keeps working afterwards', async () => {
    const r = recorder(true);
    const one = r.fn('a', 1);
    await tick();
    r.release();
    await assert.rejects(one, /boom/);
    const two = r.fn('a', 2);
    await tick();
    assert.deepEqual(r.calls.at(-1), { key: 'a', args: [2] }, 'the key is free again');
    r.release();
    await assert.rejects(two, /boom/);
  });
});
