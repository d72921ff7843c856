import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DueDelivery } from '../../../src/adapters/db/delivery-repository';
import { drainEndpoint, type DrainPorts } from '../../../src/app/webhooks/webhook-drain';
import { attemptOf, ENDPOINT, row } from '../../helpers/drain-fixture';

// A step whose reads came back short has sent all that was due: before it ends it reads once more,
// since under a backlog the dispatcher fans out its next page while the step sends this one. Rows
// that arrived meanwhile go in the same step; with none, the step ends after that one read.

/** Rows due until recorded; `arrive(n)` is a fan-out committing n more while the step runs. */
function store(rows: number, onSend: (sent: number, arrive: (n: number) => void) => void = () => undefined) {
  const due = new Map<string, DueDelivery>();
  let next = 0;
  const arrive = (n: number) => {
    for (const end = next + n; next < end; next++) due.set(`d${next}`, row(next));
  };
  arrive(rows);
  const sent: string[] = [];
  const reads: number[] = [];
  /** Round trips: reads alone, and records (which may read in the same call). */
  const calls = { fetch: 0, record: 0 };
  const read = async (exclude: string[], limit: number) => {
    await new Promise((r) => setTimeout(r, 1));
    const deliveries = [...due.values()].filter((d) => !exclude.includes(d.id)).slice(0, limit);
    reads.push(deliveries.length);
    return { endpoint: ENDPOINT, deliveries };
  };
  const ports: DrainPorts = {
    fetch: (exclude, limit) => {
      calls.fetch++;
      return read(exclude, limit);
    },
    send: async (_e, d) => {
      sent.push(d.id);
      onSend(sent.length, arrive);
      await new Promise((r) => setTimeout(r, 1));
      return attemptOf(d);
    },
    record: async (records, _change, nextRead) => {
      calls.record++;
      for (const r of records) due.delete(r.deliveryId!);
      return { nextDueAt: null, ...(nextRead ? { due: await read(nextRead.exclude, nextRead.limit) } : {}) };
    },
    now: () => 0,
  };
  return { ports, sent, reads, due, calls };
}

const options = { batchSize: 10, concurrency: 4, disableAfterMs: 1e9, budgetMs: 1e9, chunk: 5 };

describe('drainEndpoint, once what was due is sent', () => {
  it('sends in the same step the rows that arrived while it sent the last ones', async () => {
    // The first read finds 6 of a batch of 10 (caught up); a page of 6 more lands during the first
    // send, and another of 6 during the tenth.
    const s = store(6, (n, arrive) => (n === 1 || n === 10 ? arrive(6) : undefined));
    const step = await drainEndpoint(s.ports, options);
    assert.deepEqual(
      s.sent,
      Array.from({ length: 18 }, (_, n) => `d${n}`),
      'every row, in order, each once',
    );
    assert.deepEqual([step.attempted, step.more, step.stopped, s.due.size], [18, false, null, 0]);
    assert.equal(s.reads.at(-1), 0, 'the step ended on a read that found nothing');
  });

  it('ends after one more read when nothing arrived', async () => {
    const s = store(6);
    // One chunk's worth, as an event or two at rest.
    const step = await drainEndpoint(s.ports, { ...options, chunk: 10 });
    assert.deepEqual(s.reads, [6, 0], 'the first read, then one look that found nothing');
    // At rest a step costs what it did before the look: one read, one record (the look rides on it).
    assert.deepEqual(s.calls, { fetch: 1, record: 1 });
    assert.deepEqual([step.attempted, step.more, s.due.size], [6, false, 0]);
  });

  it('does not look again after its budget', async () => {
    const s = store(6, (n, arrive) => (n === 1 ? arrive(6) : undefined));
    const step = await drainEndpoint(s.ports, { ...options, budgetMs: 0 });
    assert.deepEqual(s.reads, [6], 'out of time: no further read');
    assert.equal(step.attempted, 6);
  });
});
