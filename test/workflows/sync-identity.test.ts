import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { EVENT_CATALOGUE } from '../../src/domain/event-catalogue';
import type { SubscribableEvent } from '../../src/domain/events';
import { lossyRead } from '../../src/simulator/shapes';
import type { SyncProgress } from '../../src/contracts/sync';
import { startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// One person, one contact on the later Safari server: listings show a display name or a handle
// from one listing to the next and drop thread ids at random (seeded). Real Temporal, PostgREST
// over PostgreSQL, the simulator over HTTP with its lossy reader.

type Sim = Awaited<ReturnType<typeof startSimulator>>;
type Stack = Awaited<ReturnType<typeof startSyncStack>>;
const DRIFT = { handleChance: 0.4, threadIdChance: 0.5 };

let env: TestWorkflowEnvironment;
before(async () => void (env = await startTestTemporal()));
after(async () => env?.teardown());

async function setUp(options: Parameters<typeof startSimulator>[0]) {
  const sim = await startSimulator({ flavor: 'head', listingDrift: DRIFT, ...options });
  const stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url, { backend: 'postgres' });
  return {
    sim,
    stack,
    close: async () => {
      await stack.stop();
      await sim.close();
    },
  };
}

async function sync(stack: Stack, account: string, profileLookups: number): Promise<SyncProgress> {
  return stack.syncOnce(account, { profileLookups, batchSize: 25 });
}

/** Each simulated thread as the lossy reader shows it, by handle, with its display name. */
function truth(sim: Sim) {
  const now = sim.control.now();
  return sim.control.threads().map((t) => ({
    username: t.username,
    displayName: t.displayName,
    lines: lossyRead(t.messages.filter((m) => m.atMs <= now)).map((m) => `${m.isOutbound ? 'out' : 'in'}:${m.text}`),
  }));
}

/** Every stored contact with its messages in order. */
async function stored(stack: Stack, account: string) {
  const rows = await stack.sb.sql.query<{
    id: string;
    username: string | null;
    display_name: string | null;
    lines: string[] | null;
  }>(
    `select c.id, c.username, c.display_name,
       (select array_agg((case when m.is_outbound then 'out:' else 'in:' end) || m.message_text order by m.position)
        from messages m where m.contact_id = c.id) as lines
     from contacts c where c.account_id = $1`,
    [account],
  );
  return rows.map((r) => ({ ...r, lines: r.lines ?? [] }));
}

/** Exactly one contact per simulated thread, each holding that thread, once. */
async function assertOnePerThread(sim: Sim, stack: Stack, account: string, when: string) {
  const contacts = await stored(stack, account);
  assert.equal(contacts.length, sim.control.threads().length, `${when}: ${contacts.length} contacts`);
  for (const c of contacts) {
    const threads = threadOf(sim, c);
    assert.equal(threads.length, 1, `${when}: ${c.username ?? c.display_name} is one simulated thread`);
    assert.deepEqual(c.lines, threads[0]!.lines, `${when}: the thread of ${c.username ?? c.display_name}`);
  }
}

/** Every event these syncs wrote has the shape the webhook catalogue promises receivers. */
async function assertCatalogued(stack: Stack, account: string, mustSee: string[]) {
  const events = await stack.sb.sql.query<{ type: string; payload: unknown }>(
    `select type, payload from event_outbox where account_id = $1 order by seq`,
    [account],
  );
  for (const e of events) {
    const schema = EVENT_CATALOGUE[e.type as SubscribableEvent];
    assert.ok(schema, `${e.type} is in the catalogue`);
    const parsed = schema.safeParse(e.payload);
    assert.ok(
      parsed.success,
      `${e.type}: ${parsed.success ? '' : parsed.error.message} in ${JSON.stringify(e.payload).slice(0, 300)}`,
    );
  }
  for (const type of mustSee)
    assert.ok(
      events.some((e) => e.type === type),
      `a ${type} event was written`,
    );
}

/** Which thread a stored contact is: by its handle, else by its (unique) display name. */
function threadOf(sim: Sim, c: { username: string | null; display_name: string | null }) {
  const all = truth(sim);
  return c.username
    ? all.filter((t) => t.username === c.username)
    : all.filter((t) => t.displayName === c.display_name);
}

/** What an older sync did: a person listed by display name, stored again under the handle with the same thread. */
async function storedTwice(sim: Sim, stack: Stack, account: string) {
  await sync(stack, account, 0);
  const person = truth(sim).find((t) => t.lines.length >= 2)!;
  const [old] = await stack.sb.sql.query<{ id: string }>(
    `select id from contacts where account_id = $1 and display_name = $2`,
    [account, person.displayName],
  );
  const [dup] = await stack.sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username) values ($1, $2) returning id`,
    [account, person.username],
  );
  const [conv] = await stack.sb.sql.query<{ id: string }>(
    `insert into conversations (account_id, contact_id, message_count) values ($1, $2, $3) returning id`,
    [account, dup!.id, person.lines.length],
  );
  for (const [i, line] of person.lines.entries()) {
    await stack.sb.sql.query(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound) values ($1, $2, $3, $4, $5, $6)`,
      [account, conv!.id, dup!.id, i, line.slice(line.indexOf(':') + 1), line.startsWith('out:')],
    );
  }
  return { person, old: old!, dup: dup! };
}

describe('sync on the later Safari server: one person, one contact', () => {
  it('200 conversations stay 200 contacts after 1, 2 and 5 syncs, each with its whole thread once', async () => {
    const { sim, stack, close } = await setUp({ conversations: 200, seed: 11 });
    try {
      const account = 'acct-drift';
      for (let n = 1; n <= 5; n++) {
        const progress = await sync(stack, account, 20);
        if (n === 1 || n === 2 || n === 5)
          await assertOnePerThread(sim, stack, account, `after sync ${n} (${JSON.stringify(progress.identity)})`);
      }
      const person = truth(sim)[17]!;
      sim.control.addInbound(person.username, 'a brand new reply, just once');
      await sync(stack, account, 20);
      const holders = (await stored(stack, account)).filter((c) => c.lines.includes('in:a brand new reply, just once'));
      assert.equal(holders.length, 1, 'the new reply is stored on one contact');
      assert.ok(
        holders[0]!.username === person.username || holders[0]!.display_name === person.displayName,
        'on the right contact',
      );
      assert.equal(holders[0]!.lines.filter((l) => l === 'in:a brand new reply, just once').length, 1, 'once');
      assert.equal((await stored(stack, account)).length, 200);
      await assertCatalogued(stack, account, [
        'contact.created',
        'contact.updated',
        'contact.score_changed',
        'message.received',
        'sync.completed',
      ]);
    } finally {
      await close();
    }
  });

  it('with no thread ids and no registry (a restarted server), profile lookups are what tell display names apart', async () => {
    const handlesKnown = async (lookups: number) => {
      const { sim, stack, close } = await setUp({
        conversations: 200,
        seed: 11,
        listingDrift: { handleChance: 0.4, threadIdChance: 0 },
      });
      try {
        const perSync: number[] = [];
        for (let n = 1; n <= 5; n++) {
          sim.control.clearThreadRegistry();
          perSync.push((await sync(stack, 'acct-lookups', lookups)).identity?.profileLookups ?? 0);
        }
        await assertOnePerThread(sim, stack, 'acct-lookups', `after 5 syncs with ${lookups} lookups each`);
        const remembered = await stack.sb.sql.query<{ n: string }>(
          `select count(*) as n from profile_lookups where account_id = 'acct-lookups'`,
        );
        return {
          withHandle: (await stored(stack, 'acct-lookups')).filter((c) => c.username).length,
          perSync,
          remembered: Number(remembered[0]!.n),
        };
      } finally {
        await close();
      }
    };
    const without = await handlesKnown(0);
    const few = await handlesKnown(3);
    const many = await handlesKnown(200);
    assert.deepEqual([without.perSync, without.remembered], [[0, 0, 0, 0, 0], 0]);
    assert.ok(
      few.perSync.every((n) => n <= 3) && few.perSync.includes(3),
      `at most 3 lookups a sync, and the cap was reached: ${few.perSync}`,
    );
    for (const run of [few, many]) {
      const made = run.perSync.reduce((a, b) => a + b, 0);
      assert.equal(run.remembered, made, 'each answer remembered, and no handle looked up twice');
    }
    assert.ok(
      many.withHandle > without.withHandle + 30,
      `handles known: ${many.withHandle} with lookups, ${without.withHandle} without`,
    );
    assert.ok(
      few.withHandle >= without.withHandle,
      `handles known: ${few.withHandle} with 3 lookups a sync, ${without.withHandle} without`,
    );
  });

  it("two people who share a display name stay two contacts, and neither gets the other one's messages", async () => {
    const { sim, stack, close } = await setUp({ conversations: 24, seed: 5, sharedDisplayNames: 3 });
    try {
      const account = 'acct-shared';
      const shared = new Set(
        truth(sim)
          .slice(0, 6)
          .map((t) => t.displayName),
      );
      assert.equal(shared.size, 3, 'the simulator made three shared names');
      for (let n = 1; n <= 5; n++) {
        await sync(stack, account, 50);
        for (const c of await stored(stack, account)) {
          const candidates = threadOf(sim, c);
          assert.ok(
            candidates.some((t) => JSON.stringify(t.lines) === JSON.stringify(c.lines)) || c.lines.length === 0,
            `sync ${n}: ${c.username ?? c.display_name} holds exactly one person's thread`,
          );
        }
      }
      // Each sharer's thread is held by one contact of its own; a contact the evidence could not
      // tie to one of them (a tie: same name, same last message) is reported, never merged.
      const contacts = await stored(stack, account);
      for (const t of truth(sim)
        .slice(0, 6)
        .filter((x) => x.lines.length > 0)) {
        assert.equal(
          contacts.filter((c) => JSON.stringify(c.lines) === JSON.stringify(t.lines)).length,
          1,
          `${t.username}'s thread is one contact`,
        );
      }
      const suspects = await stack.sb.sql.query<{ contact_id: string; other_id: string }>(
        `select contact_id, other_id from contact_duplicate_suspects where account_id = $1`,
        [account],
      );
      const reported = new Set(suspects.flatMap((x) => [x.contact_id, x.other_id]));
      const extra = contacts.length - 24;
      assert.ok(
        extra >= 0 && extra <= suspects.length,
        `${extra} contacts more than people, ${suspects.length} suspected pairs`,
      );
      if (extra > 0)
        assert.ok(contacts.filter((c) => reported.has(c.id)).length >= 2, 'the unsettled contacts are reported');
    } finally {
      await close();
    }
  });

  it('repairs a duplicate an older sync left: the same thread id seen with the handle merges the two', async () => {
    const { sim, stack, close } = await setUp({
      conversations: 30,
      seed: 3,
      listingDrift: { handleChance: 0, threadIdChance: 1 },
    });
    try {
      const account = 'acct-repair';
      const { old, dup } = await storedTwice(sim, stack, account);
      sim.control.setListingDrift({ handleChance: 1, threadIdChance: 1 });
      const progress = await sync(stack, account, 0);
      assert.equal(progress.identity?.merged, 1, JSON.stringify(progress.identity));
      await assertOnePerThread(sim, stack, account, 'after the repair');
      const [event] = await stack.sb.sql.query<{
        payload: { survivorId: string; absorbedId: string; evidence: { kind: string } };
      }>(`select payload from event_outbox where account_id = $1 and type = 'contact.merged'`, [account]);
      assert.deepEqual(
        [event!.payload.survivorId, event!.payload.absorbedId, event!.payload.evidence.kind],
        [dup.id, old.id, 'thread_id'],
      );
      const resolved = await stack.deps.contacts.getContact(account, old.id);
      assert.equal(resolved?.id, dup.id, 'the old id resolves to the survivor');
      await assertCatalogued(stack, account, ['contact.merged', 'contact.updated']);
    } finally {
      await close();
    }
  });

  it('a merge the sync makes waits while a DM to either contact is going out, and never re-addresses a DM', async () => {
    const { sim, stack, close } = await setUp({
      conversations: 30,
      seed: 3,
      listingDrift: { handleChance: 0, threadIdChance: 1 },
    });
    try {
      const account = 'acct-sync-dms';
      await stack.deps.accounts.ensure(account, sim.url);
      const { person, old, dup } = await storedTwice(sim, stack, account);
      const item = async (contactId: string, key: string, status: string, username = person.username) =>
        (
          await stack.sb.sql.query<{ id: string }>(
            `insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, stop_on_reply, status, attempt_token)
          values (gen_random_uuid(), $1, $2, 'queued', $3, $4, $2, $2, false, $5, $6) returning id`,
            [account, key, contactId, username, status, status === 'sending' ? 'tok' : null],
          )
        )[0]!.id;
      const going = await item(dup.id, 'going out', 'sending');
      await item(dup.id, 'survivor waits', 'queued');
      await item(old.id, 'absorbed waits', 'queued');
      await item(old.id, 'absorbed needs approval', 'awaiting_approval');
      await item(old.id, 'for another handle', 'queued', 'someone.else');
      const dms = async () =>
        Object.fromEntries(
          (
            await stack.sb.sql.query<{ business_key: string; contact_id: string; username: string; status: string }>(
              `select business_key, contact_id, username, status from outreach_items where account_id = $1`,
              [account],
            )
          ).map((r) => [
            r.business_key,
            [r.contact_id === dup.id ? 'dup' : r.contact_id === old.id ? 'old' : r.contact_id, r.username, r.status],
          ]),
        );
      const before = await dms();

      sim.control.setListingDrift({ handleChance: 1, threadIdChance: 1 });
      const held = await sync(stack, account, 0);
      assert.equal(held.identity?.merged, 0, `no merge while a DM goes out: ${JSON.stringify(held.identity)}`);
      assert.deepEqual(await dms(), before, 'every DM as it was');

      await stack.sb.sql.query(`update outreach_items set status = 'sent', sent_at = now() where id = $1`, [going]);
      const merged = await sync(stack, account, 0);
      assert.equal(merged.identity?.merged, 1, JSON.stringify(merged.identity));
      assert.deepEqual(await dms(), {
        'going out': ['dup', person.username, 'sent'],
        'survivor waits': ['dup', person.username, 'queued'],
        'absorbed waits': ['dup', person.username, 'queued'],
        'absorbed needs approval': ['dup', person.username, 'awaiting_approval'],
        'for another handle': ['dup', 'someone.else', 'cancelled'],
      });
      await assertOnePerThread(sim, stack, account, 'after the merge');
    } finally {
      await close();
    }
  });
});
