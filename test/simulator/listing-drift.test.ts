import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { raw, startSimulator, type Json } from './sim-fixture';

/** HEAD's drifting listings: handle or display name, threadId or '', decided anew per listing call. */

interface Row {
  username: string;
  threadId: string;
}
type Sim = Awaited<ReturnType<typeof startSimulator>>;

const listAll = async (sim: Sim): Promise<Row[]> =>
  Object.values((await raw(sim.url, '/api/conversations/all')).json.conversations as Record<string, Row[]>).flat();

/** Each row resolved to its thread: a name may only be that thread's handle or its display name. */
function resolve(sim: Sim, rows: Row[]) {
  const byName = new Map<string, Json>();
  for (const t of sim.control.threads()) byName.set(t.username, t).set(t.displayName, t);
  return rows.map((r) => {
    const thread = byName.get(r.username);
    assert.ok(thread, `row name ${r.username} is no thread's handle or display name`);
    assert.ok(r.threadId === '' || r.threadId === thread.threadId, `row ${r.username} carries another thread's id`);
    return { thread: thread.threadId as string, handle: r.username === thread.username, hasId: r.threadId !== '' };
  });
}

/** Today's rows: each thread's fixed choice of name, and always its real threadId. */
function assertFixed(sim: Sim, rows: Row[]) {
  const truth = new Map(sim.control.threads().map((t) => [t.threadId, t]));
  for (const r of rows) {
    const t = truth.get(r.threadId);
    assert.ok(t, `row ${r.username} has no real threadId`);
    assert.equal(r.username, t.listsDisplayName ? t.displayName : t.username);
  }
}

const share = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;

describe('HEAD listing drift', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSimulator({
      flavor: 'head',
      conversations: 200,
      listingDrift: { handleChance: 0.4, threadIdChance: 0.5 },
    });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('repeats the last listing exactly when asked, then drifts on', async () => {
    const first = await listAll(sim);
    sim.control.repeatLastListing();
    assert.deepEqual(await listAll(sim), first);
    assert.notDeepEqual(await listAll(sim), first);
  });

  it('shows the same rows in two listings, but each row by handle or name and with or without id anew', async () => {
    const [a, b] = [resolve(sim, await listAll(sim)), resolve(sim, await listAll(sim))];
    assert.equal(a.length, 200);
    assert.deepEqual(
      a.map((r) => r.thread),
      b.map((r) => r.thread),
      'same threads, same order',
    );
    assert.notDeepEqual(
      a.map((r) => r.handle),
      b.map((r) => r.handle),
    );
    assert.notDeepEqual(
      a.map((r) => r.hasId),
      b.map((r) => r.hasId),
    );
    for (const listing of [a, b]) {
      const handles = share(listing.map((r) => r.handle));
      const ids = share(listing.map((r) => r.hasId));
      assert.ok(handles > 0.28 && handles < 0.52, `handle share ${handles}, chance 0.4`);
      assert.ok(ids > 0.38 && ids < 0.62, `threadId share ${ids}, chance 0.5`);
    }
  });

  it('replays the same sequence after a reset, counting both listing routes', async () => {
    const first = [await listAll(sim), await listAll(sim)];
    sim.control.reset();
    assert.deepEqual([await listAll(sim), await listAll(sim)], first);
    sim.control.reset();
    const tab = (await raw(sim.url, '/api/conversations')).json.conversations as Row[];
    assert.deepEqual(tab, first[0]!.slice(0, tab.length), 'the primary tab leads the first listing');
    assert.deepEqual(await listAll(sim), first[1], 'a tab listing is listing number one too');
  });

  it('follows the chances at their ends, set over the control route', async () => {
    const set = (body: unknown) => raw(sim.url, '/__sim/listing-drift', { method: 'POST', body });
    assert.deepEqual((await set({ handleChance: 1, threadIdChance: 0 })).json, { ok: true });
    const all = resolve(sim, await listAll(sim));
    assert.ok(all.every((r) => r.handle && !r.hasId));
    await set({ handleChance: 0, threadIdChance: 1 });
    assert.ok(resolve(sim, await listAll(sim)).every((r) => !r.handle && r.hasId));
    assert.equal((await set({ handleChance: 1.5, threadIdChance: 0 })).status, 400);
    assert.equal((await set({ handleChance: 0.5 })).status, 400);
  });

  it('goes back to fixed rows when turned off, and to the option on reset', async () => {
    await raw(sim.url, '/__sim/listing-drift', { method: 'POST', body: null });
    const fixed = await listAll(sim);
    assert.deepEqual(await listAll(sim), fixed);
    assertFixed(sim, fixed);
    sim.control.reset();
    assert.notDeepEqual(await listAll(sim), fixed);
  });
});

describe('listing without drift, and ccf4331 with it', () => {
  it('keeps fixed HEAD rows when listingDrift is null (the default)', async () => {
    const sim = await startSimulator({ flavor: 'head', conversations: 60, listingDrift: null });
    try {
      const first = await listAll(sim);
      assert.deepEqual(await listAll(sim), first);
      assertFixed(sim, first);
    } finally {
      await sim.close();
    }
  });

  it('leaves ccf4331 rows alone: real handles, no threadId', async () => {
    const sim = await startSimulator({
      flavor: 'ccf4331',
      conversations: 20,
      listingDrift: { handleChance: 0, threadIdChance: 1 },
    });
    try {
      const handles = new Set(sim.control.threads().map((t) => t.username));
      const rows = (await listAll(sim)) as unknown as Record<string, unknown>[];
      assert.ok(rows.length > 0 && rows.every((r) => handles.has(r.username as string) && !('threadId' in r)));
    } finally {
      await sim.close();
    }
  });
});
