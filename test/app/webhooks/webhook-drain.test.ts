import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DueDelivery } from '../../../src/adapters/db/delivery-repository';
import { drainEndpoint, type DrainPorts } from '../../../src/app/webhooks/webhook-drain';
import { attemptOf, ENDPOINT, row } from '../../helpers/drain-fixture';

// The drain against an in-memory store that behaves as the database does: rows are due until their
// attempt is recorded, and a read leaves out the ids it is told to.

function store(
  rows: number,
  answer: (d: DueDelivery, tries: number) => 'delivered' | 'retrying' | 'gone' = () => 'delivered',
) {
  const due = new Map(Array.from({ length: rows }, (_, n) => [`d${n}`, row(n)]));
  const sent: string[] = [];
  const chunks: number[] = [];
  const tries = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let fetches = 0;
  let clock = 0;
  let exists = true;
  let readsWithRecord = 0;
  let reading = 0;
  let maxReading = 0;
  /** As the database answers a read, a tick later; counts reads under way at once. */
  const read = async (exclude: string[], limit: number) => {
    maxReading = Math.max(maxReading, ++reading);
    await new Promise((r) => setTimeout(r, 1));
    reading--;
    if (!exists) return null;
    return { endpoint: ENDPOINT, deliveries: [...due.values()].filter((d) => !exclude.includes(d.id)).slice(0, limit) };
  };
  const ports: DrainPorts = {
    fetch: async (exclude, limit) => {
      fetches++;
      return read(exclude, limit);
    },
    send: async (_e, d) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sent.push(d.id);
      const n = (tries.get(d.id) ?? 0) + 1;
      tries.set(d.id, n);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      clock += 10;
      const outcome = answer(d, n);
      const status = outcome === 'gone' ? 410 : outcome === 'delivered' ? 200 : 500;
      return attemptOf(d, { attempt: n, outcome, status, at: clock });
    },
    record: async (records, change, next) => {
      chunks.push(records.length);
      for (const r of records) if (r.outcome !== 'retrying') due.delete(r.deliveryId!);
      if (change.disable) due.clear();
      const nextDueAt = due.size > 0 ? new Date(clock).toISOString() : null;
      if (!next) return { nextDueAt };
      readsWithRecord++;
      return { nextDueAt, due: await read(next.exclude, next.limit) };
    },
    now: () => clock,
  };
  return {
    ports,
    sent,
    chunks,
    due,
    get maxInFlight() {
      return maxInFlight;
    },
    get fetches() {
      return fetches;
    },
    get readsWithRecord() {
      return readsWithRecord;
    },
    get maxReading() {
      return maxReading;
    },
    gone: () => void (exists = false),
  };
}

const options = { batchSize: 10, concurrency: 4, disableAfterMs: 1e9, budgetMs: 1e9, chunk: 5 };

describe('drainEndpoint', () => {
  it('sends every due row once, at most `concurrency` at a time, reading more while sending and recording in chunks', async () => {
    const s = store(47);
    const step = await drainEndpoint(s.ports, options);
    assert.equal(s.sent.length, 47);
    assert.equal(new Set(s.sent).size, 47, 'a row taken and not yet recorded is never read again');
    assert.ok(s.maxInFlight <= 4 && s.maxInFlight >= 2, `in flight: ${s.maxInFlight}`);
    assert.ok(s.fetches + s.readsWithRecord >= 5, 'more rows were read as the first ones went');
    assert.ok(
      s.chunks.every((n) => n <= 5 + 4),
      `chunks: ${s.chunks.join(',')}`,
    );
    assert.deepEqual(
      [step.attempted, step.delivered, step.more, step.stopped, step.nextDueAt],
      [47, 47, false, null, null],
    );
    assert.equal(s.due.size, 0);
  });

  it("reads the next rows with a chunk's record, one read at a time, taking rows in the order they are due", async () => {
    const s = store(300);
    // Room for a chunk when a chunk is recorded, as with the defaults (50 rows, 8 at once, chunks of 25).
    const step = await drainEndpoint(s.ports, { ...options, batchSize: 20 });
    assert.deepEqual(
      s.sent,
      Array.from({ length: 300 }, (_, n) => `d${n}`),
      'sent in row order, each once',
    );
    assert.equal(s.maxReading, 1, 'never two reads under way at once (both would hand out the same rows)');
    assert.ok(
      s.readsWithRecord > 2 * s.fetches,
      `most reads went with a record: ${s.readsWithRecord} with a record, ${s.fetches} alone`,
    );
    assert.deepEqual([step.attempted, step.more, s.due.size], [300, false, 0]);
  });

  it('leaves a failed row due under the same id and says when to come back; the next step retries it', async () => {
    const s = store(3, (d, n) => (d.id === 'd1' && n < 3 ? 'retrying' : 'delivered'));
    const first = await drainEndpoint(s.ports, { ...options, chunk: 1 });
    assert.deepEqual([first.delivered, first.more], [2, false]);
    assert.notEqual(first.nextDueAt, null, 'the retry is scheduled');
    await drainEndpoint(s.ports, options);
    const third = await drainEndpoint(s.ports, options);
    assert.deepEqual(s.sent.filter((id) => id === 'd1').length, 3);
    assert.deepEqual([third.delivered, third.nextDueAt, s.due.size], [1, null, 0]);
  });

  it('stops sending once a chunk disables the endpoint (410), and says why', async () => {
    const s = store(40, (d) => (d.id === 'd0' ? 'gone' : 'delivered'));
    const step = await drainEndpoint(s.ports, { ...options, chunk: 1 });
    assert.match(step.stopped ?? '', /^disabled: the receiver answered 410 Gone/);
    assert.ok(s.sent.length < 40, `${s.sent.length} sent after the 410`);
    assert.equal(step.nextDueAt, null);
  });

  it('hands back to the workflow after its budget, with more to do', async () => {
    const s = store(100);
    const step = await drainEndpoint(s.ports, { ...options, budgetMs: 100 });
    assert.ok(step.attempted < 100 && step.more, `${step.attempted} attempted, more: ${step.more}`);
    assert.equal(new Set(s.sent).size, s.sent.length);
  });

  it('reports a deleted endpoint without sending', async () => {
    const s = store(5);
    s.gone();
    assert.deepEqual(await drainEndpoint(s.ports, options), {
      attempted: 0,
      delivered: 0,
      nextDueAt: null,
      more: false,
      stopped: 'deleted',
    });
    assert.equal(s.sent.length, 0);
  });

  it('records a chunk slow to fill once `chunkMs` has passed, not only when it is full or the step ends', async () => {
    // One at a time, each send at least a timer tick: 20 sends outlast the 5 ms bound several times.
    const s = store(20);
    const step = await drainEndpoint(s.ports, { ...options, concurrency: 1, batchSize: 20, chunk: 100, chunkMs: 5 });
    assert.equal(step.delivered, 20);
    assert.equal(s.due.size, 0, 'every attempt recorded');
    assert.deepEqual([...s.sent].sort(), [...new Set(s.sent)].sort(), 'each sent once');
    assert.ok(s.chunks.length > 2 && s.chunks[0]! < 20, `records by size: ${s.chunks.join(',')}`);
    assert.equal(
      s.chunks.reduce((a, b) => a + b, 0),
      20,
      'no attempt recorded twice',
    );
  });
});
