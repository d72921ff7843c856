import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { lossyRead } from '../../src/simulator/shapes';
import { startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// Anyone can set their Instagram display name to another person's handle. On the later Safari
// server, whose listings show display names, a new person whose display name is a known contact's
// handle writes to us: through the real sync workflow (Temporal, PostgREST over PostgreSQL, the
// simulator over HTTP with drifting listings), their message must never land on that contact, nor
// their thread id on it.

let env: TestWorkflowEnvironment;
before(async () => void (env = await startTestTemporal()));
after(async () => env?.teardown());

describe("a display name that is a known contact's handle", () => {
  it('after three syncs, none of their messages is on that contact and its thread id is its own', async () => {
    const sim = await startSimulator({
      flavor: 'head',
      conversations: 30,
      seed: 11,
      listingDrift: { handleChance: 0.4, threadIdChance: 0.5 },
    });
    const stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url, { backend: 'postgres' });
    const account = 'acct-spoof';
    const sync = () => stack.syncOnce(account, { profileLookups: 20, batchSize: 25 });
    const contacts = () =>
      stack.sb.sql.query<{
        id: string;
        username: string | null;
        display_name: string | null;
        thread_id: string | null;
        lines: string[] | null;
      }>(
        `select c.id, c.username, c.display_name, c.thread_id, (select array_agg((case when m.is_outbound then 'out:' else 'in:' end) || m.message_text order by m.position)
         from messages m where m.contact_id = c.id) as lines from contacts c where c.account_id = $1`,
        [account],
      );
    try {
      await sync();
      await sync();
      const people = sim.control.threads();
      const handles = new Set((await contacts()).flatMap((c) => (c.username ? [c.username] : [])));
      const targets = people.filter((t) => handles.has(t.username));
      assert.ok(targets.length >= 10, `contacts known by handle after two syncs: ${targets.length}`);
      // Each known handle gets an impostor: display name = that handle, writing to us now.
      const impostors = targets.map((t, i) => ({
        target: t,
        username: `impostor${i}x`,
        text: `impostor ${i} says hi, it is me`,
      }));
      for (const p of impostors) {
        assert.equal(sim.control.addPerson({ username: p.username, displayName: p.target.username }), true);
        sim.control.addInbound(p.username, p.text);
      }
      const own = (t: (typeof people)[number]) =>
        lossyRead(t.messages.filter((m) => m.atMs <= sim.control.now())).map(
          (m) => `${m.isOutbound ? 'out' : 'in'}:${m.text}`,
        );

      for (let n = 1; n <= 3; n++) {
        const progress = await sync();
        const stored = await contacts();
        for (const { target } of impostors) {
          const c = stored.find((x) => x.username === target.username)!;
          assert.ok(c, `sync ${n}: @${target.username} is still a contact`);
          assert.ok(
            !(c.lines ?? []).some((l) => l.includes('says hi, it is me')),
            `sync ${n}: @${target.username} holds no impostor's message: ${JSON.stringify(c.lines)}`,
          );
          assert.ok(
            c.thread_id === null || c.thread_id === target.threadId,
            `sync ${n}: @${target.username}'s thread id is its own, not ${c.thread_id}`,
          );
          assert.deepEqual(
            c.lines ?? [],
            own(target),
            `sync ${n}: @${target.username} holds its own thread (${JSON.stringify(progress.identity)})`,
          );
        }
        for (const p of impostors) {
          const holders = stored.filter((c) => (c.lines ?? []).includes(`in:${p.text}`));
          assert.ok(holders.length <= 1, `sync ${n}: ${p.username}'s message is stored once at most`);
          for (const h of holders)
            assert.ok(
              h.username === p.username || h.username === null,
              `sync ${n}: ${p.username}'s message is on @${h.username}`,
            );
        }
      }
      const final = await contacts();
      const arrived = impostors.filter((p) =>
        final.some((c) => c.username === p.username && (c.lines ?? []).includes(`in:${p.text}`)),
      );
      assert.ok(
        arrived.length > 0,
        "the impostors' own messages are read too, on their own contacts, once their rows show who they are",
      );
    } finally {
      await stack.stop();
      await sim.close();
    }
  });
});
