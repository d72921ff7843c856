import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DueRead } from '../../../src/adapters/db/delivery-repository';
import { drainEndpoint, type DeliveryStep, type DrainPorts } from '../../../src/app/webhooks/webhook-drain';
import { attemptOf, ENDPOINT, row } from '../../helpers/drain-fixture';

// The drain's "one read at a time", with every call held until the test lets it answer; a read (a
// fetch, or a record that reads too) answers with the rows due when it was made. The timed reads of
// webhook-drain.test.ts never overlap, guard or no guard. Here a fetch answers only when nothing
// else can move, so a second read the drain starts beside it is seen pending with it; and when the
// fetch does answer, late, its rows may have been sent and recorded meanwhile: sent twice.

type Kind = 'fetch' | 'send' | 'read with a record';
type Held = { kind: Kind; answer: () => void };
type Counts = ReturnType<typeof heldStore>['counts'];

function heldStore(rows: number) {
  const due = new Map(Array.from({ length: rows }, (_, n) => [`d${n}`, row(n)]));
  const sent: string[] = [];
  /** Calls made and not yet answered, oldest first. */
  const held: Held[] = [];
  const counts = { fetches: 0, readsWithRecord: 0, mostReadsPending: 0 };
  let clock = 0;
  const hold = <T>(kind: Held['kind'], value: T) =>
    new Promise<T>((resolve) => {
      held.push({ kind, answer: () => resolve(value) });
      const reads = held.filter((h) => h.kind !== 'send').length;
      counts.mostReadsPending = Math.max(counts.mostReadsPending, reads);
    });
  /** What the database would answer as the read arrives. */
  const read = (exclude: string[], limit: number): DueRead => ({
    endpoint: ENDPOINT,
    deliveries: [...due.values()].filter((d) => !exclude.includes(d.id)).slice(0, limit),
  });
  const ports: DrainPorts = {
    fetch: (exclude, limit) => {
      counts.fetches++;
      return hold('fetch', read(exclude, limit));
    },
    send: (_e, d) => {
      sent.push(d.id);
      clock += 10;
      return hold('send', attemptOf(d, { at: clock }));
    },
    // Writes at once; a read with it is held.
    record: async (records, _change, next) => {
      for (const r of records) due.delete(r.deliveryId!);
      const nextDueAt = due.size > 0 ? new Date(clock).toISOString() : null;
      if (!next) return { nextDueAt };
      counts.readsWithRecord++;
      return hold('read with a record', { nextDueAt, due: read(next.exclude, next.limit) });
    },
    now: () => clock,
  };
  return { ports, due, sent, held, counts };
}

/**
 * Runs the drain, answering one held call at a time, of the first kind in `order` held, the oldest
 * of that kind, once the drain has moved as far as it can (nothing here waits on a timer: one turn
 * of the event loop runs every callback the drain has queued). Bounded: fails if not ended after
 * `answers` answers.
 */
async function drive(s: ReturnType<typeof heldStore>, drain: Promise<DeliveryStep>, order: Kind[], answers = 1000) {
  let ended = false;
  const end = () => void (ended = true);
  drain.then(end, end);
  for (let n = 0; n <= answers; n++) {
    await new Promise((r) => setImmediate(r));
    if (ended) return drain;
    const kind = order.find((k) => s.held.some((h) => h.kind === k));
    assert.ok(kind, 'the drain waits with no call held');
    const [call] = s.held.splice(
      s.held.findIndex((h) => h.kind === kind),
      1,
    );
    call!.answer();
  }
  assert.fail(`the drain had not ended after ${answers} calls were answered`);
}

// Each case keeps the drain making one kind of read, and each guard is asked against it.
const CASES = [
  {
    what: 'rows read alone as the queue runs low; a chunk recorded meanwhile leaves the reading to it',
    batchSize: 10,
    order: ['read with a record', 'send', 'fetch'] as Kind[],
    reads: (c: Counts) => c.fetches > 1,
  },
  {
    what: "rows read with the chunks' records; a queue running low meanwhile waits for that read",
    batchSize: 20,
    order: ['send', 'read with a record', 'fetch'] as Kind[],
    reads: (c: Counts) => c.readsWithRecord > 1,
  },
];

describe('drainEndpoint with every call held', () => {
  for (const c of CASES)
    it(`never has two reads under way, and sends each delivery once: ${c.what}`, async () => {
      const s = heldStore(60);
      const options = { batchSize: c.batchSize, concurrency: 4, disableAfterMs: 1e9, budgetMs: 1e9, chunk: 5 };
      const step = await drive(s, drainEndpoint(s.ports, options), c.order);
      const times = new Map<string, number>();
      for (const id of s.sent) times.set(id, (times.get(id) ?? 0) + 1);
      assert.deepEqual(
        {
          mostReadsPending: s.counts.mostReadsPending,
          sentMoreThanOnce: [...times].filter(([, n]) => n > 1).map(([id]) => id),
          neverSent: Array.from({ length: 60 }, (_, n) => `d${n}`).filter((id) => !times.has(id)),
        },
        { mostReadsPending: 1, sentMoreThanOnce: [], neverSent: [] },
      );
      assert.ok(c.reads(s.counts), `${s.counts.fetches} fetches, ${s.counts.readsWithRecord} reads with a record`);
      assert.deepEqual([step.attempted, step.delivered, step.more, step.stopped, s.due.size], [60, 60, false, null, 0]);
    });
});
