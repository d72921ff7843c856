import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHostLock } from '../../../src/adapters/safari/host-lock';
import type { SafariClient } from '../../../src/adapters/safari/safari-client';
import { clientFor, someUser, startSimulator } from '../../simulator/sim-fixture';

/**
 * The Safari server drives one tab and does not protect itself: the adapter must never have two
 * browser calls in flight at one host. The simulator's overlap counter is the witness.
 */

describe('browser calls are serialized per host', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    // A small but real latency, so that overlapping requests would actually be inside the browser together.
    sim = await startSimulator({
      flavor: 'head',
      latencyScale: 0.002,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  const mixedCalls = (clients: SafariClient[], n: number) =>
    Array.from({ length: n }, (_, i) => {
      const client = clients[i % clients.length]!;
      const user = someUser(sim.control, i % 6);
      switch (i % 4) {
        case 0:
          return client.sendTo(user, `parallel ${i}`);
        case 1:
          return client.readThread(user, 10);
        case 2:
          return client.listConversations('general');
        default:
          return client.openConversation(user);
      }
    });

  it('many parallel calls through clients sharing the host lock never overlap', async () => {
    const lock = createHostLock();
    const clients = [clientFor(sim.url, { lock }), clientFor(sim.url, { lock })];
    const results = await Promise.all([...mixedCalls(clients, 24), clients[0]!.health()]);
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results.filter((r) => !r.ok)),
    );
    const overlap = sim.control.overlap();
    assert.equal(overlap.overlaps, 0);
    assert.equal(overlap.maxInFlight, 1);
    assert.equal(sim.control.sends().length, 6);
  });

  it('the counter does see overlap when calls bypass the lock (clients with separate locks)', async () => {
    const clients = Array.from({ length: 4 }, () => clientFor(sim.url));
    await Promise.all(mixedCalls(clients, 24));
    assert.ok(sim.control.overlap().overlaps > 0);
    assert.ok(sim.control.overlap().maxInFlight > 1);
  });
});

describe('after a browser call goes unanswered the lock is held a while', () => {
  // The server keeps driving Safari after our timeout, so releasing at once would overlap its work.
  const run = async (holdAfterNoAnswerMs: number) => {
    const sim = await startSimulator({ flavor: 'ccf4331' });
    try {
      const lock = createHostLock();
      const client = clientFor(sim.url, {
        lock,
        holdAfterNoAnswerMs,
        timeouts: { defaultMs: 100, statusMs: 100, readMs: 1_000, sendMs: 1_000, allConversationsMs: 1_000 },
      });
      // The server works on for 1.5 s after our 0.1 s timeout: margin enough on a loaded machine.
      sim.control.scriptFaults('/api/conversations/open', [{ kind: 'slow', delayMs: 1_500 }]);
      const timedOut = await client.openConversation(someUser(sim.control));
      assert.equal(timedOut.code, 'OUTCOME_UNKNOWN');
      assert.equal((await client.readMessages(5)).code, 'OK');
      return sim.control.overlap().overlaps;
    } finally {
      await sim.close();
    }
  };

  it('holding past the server work avoids the overlap that releasing at once causes', async () => {
    assert.equal(await run(2_500), 0);
    assert.ok((await run(0)) >= 1, 'released at once, the next call runs into the server still at work');
  });
});
