import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INBOX_TABS } from '../../src/domain/types';
import { generateInbox } from '../../src/simulator/inbox-generator';
import { raw, startSimulator, START_MS } from './sim-fixture';

describe('seeded inbox', () => {
  const make = (seed: number, conversations = 60) => generateInbox({ seed, conversations, startMs: START_MS });

  it('is the same for the same seed and different for another', () => {
    assert.deepEqual(make(7), make(7));
    assert.notDeepEqual(make(7).threads, make(8).threads);
  });

  it('has the requested number of conversations, over all four tabs', () => {
    const { threads, people } = make(3, 200);
    assert.equal(threads.length, 200);
    assert.ok(people.length > threads.length, 'people without a thread yet, for first messages');
    for (const tab of INBOX_TABS)
      assert.ok(
        threads.some((t) => t.tab === tab),
        tab,
      );
  });

  it('gives unique handles, none contained in another (ccf4331 opens by substring)', () => {
    const handles = make(5, 300).people.map((p) => p.username);
    assert.equal(new Set(handles).size, handles.length);
    for (const h of handles) assert.equal(handles.filter((o) => o.includes(h)).length, 1, h);
  });

  it('has legitimate repeated texts, short ones, and few timestamps', () => {
    const threads = make(11, 100).threads;
    const repeats = threads.filter((t) =>
      t.messages.some((m, i) => t.messages.findIndex((o) => o.text === m.text) !== i),
    );
    assert.ok(repeats.length >= 10, `only ${repeats.length} threads with a repeat`);
    const all = threads.flatMap((t) => t.messages);
    assert.ok(all.some((m) => m.text.length <= 3));
    const stamped = all.filter((m) => m.shownTime).length;
    assert.ok(stamped > 0 && stamped < all.length / 4, `${stamped} of ${all.length} stamped`);
  });

  it('schedules some replies after the start, to arrive as the clock moves', () => {
    const threads = make(13, 100).threads;
    const future = threads.filter((t) => t.messages.some((m) => m.atMs > START_MS));
    assert.ok(future.length > 0);
    for (const t of future) {
      const last = t.messages.at(-1)!;
      assert.equal(last.isOutbound, false);
      assert.ok(t.messages.slice(0, -1).every((m) => m.atMs <= START_MS));
    }
  });

  it('serves the same listing from two simulators with one seed, another from a second seed', async () => {
    const [a, b, c] = await Promise.all([
      startSimulator({ seed: 99 }),
      startSimulator({ seed: 99 }),
      startSimulator({ seed: 100 }),
    ]);
    try {
      const [la, lb, lc] = await Promise.all([a, b, c].map((s) => raw(s.url, '/api/conversations/all')));
      assert.deepEqual(la!.json, lb!.json);
      assert.notDeepEqual(la!.json, lc!.json);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
