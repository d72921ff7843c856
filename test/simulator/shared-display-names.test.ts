import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raw, startSimulator } from './sim-fixture';

/** Threads sharing one display name, for tests of identity by name; the profile route agrees. */
describe('sharedDisplayNames', () => {
  it('gives the requested pairs one display name and leaves the rest unique', async () => {
    const sim = await startSimulator({ flavor: 'head', conversations: 12, sharedDisplayNames: 3 });
    try {
      const names = sim.control.threads().map((t) => t.displayName);
      for (const i of [0, 2, 4]) assert.equal(names[i + 1], names[i], `pair ${i}`);
      assert.equal(new Set(names).size, 12 - 3);
      const handles = new Set(sim.control.threads().map((t) => t.username));
      assert.equal(handles.size, 12, 'handles stay distinct');
    } finally {
      await sim.close();
    }
  });

  it('answers the shared name from the profile of the thread that copied it', async () => {
    const sim = await startSimulator({ flavor: 'head', conversations: 12, sharedDisplayNames: 1 });
    try {
      const [first, second] = sim.control.threads();
      const profile = await raw(sim.url, `/api/profile/${second!.username}`);
      assert.deepEqual([profile.json.success, profile.json.username], [true, second!.username]);
      assert.equal(profile.json.profile.fullName, first!.displayName);
      assert.equal((await raw(sim.url, `/api/profile/${first!.username}`)).json.profile.fullName, first!.displayName);
    } finally {
      await sim.close();
    }
  });

  it('is deterministic, survives a reset, and is off by default', async () => {
    const [a, b, plain] = await Promise.all([
      startSimulator({ conversations: 20, sharedDisplayNames: 4 }),
      startSimulator({ conversations: 20, sharedDisplayNames: 4 }),
      startSimulator({ conversations: 20 }),
    ]);
    try {
      const names = (s: typeof a) => s.control.threads().map((t) => t.displayName);
      assert.deepEqual(names(a), names(b));
      a.control.reset();
      assert.deepEqual(names(a), names(b));
      assert.equal(new Set(names(plain)).size, 20);
      assert.deepEqual(names(a).slice(8), names(plain).slice(8), 'threads outside the pairs keep their names');
    } finally {
      await Promise.all([a.close(), b.close(), plain.close()]);
    }
  });

  it('refuses more pairs than the inbox has threads for', async () => {
    await assert.rejects(startSimulator({ conversations: 5, sharedDisplayNames: 3 }), RangeError);
  });
});
