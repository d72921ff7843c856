import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOutboxWaker, pokingFetch } from '../../../src/adapters/webhooks/outbox-waker';

// Every write wakes the dispatcher, but a burst of writes costs one signal in flight and at most
// one more behind it, and a failing signal is reported, never thrown at the writer.

function gatedSignal() {
  const calls: (() => void)[] = [];
  const signal = () => new Promise<void>((resolve) => calls.push(resolve));
  return { signal, calls };
}

describe('outbox waker', () => {
  it('coalesces a burst of pokes into the signal in flight plus one', async () => {
    const g = gatedSignal();
    const waker = createOutboxWaker(g.signal);
    for (let i = 0; i < 100; i++) waker.poke();
    assert.equal(g.calls.length, 1, 'one signal in flight');
    g.calls[0]!();
    await new Promise((r) => setImmediate(r));
    assert.equal(g.calls.length, 2, 'one more for the pokes that came meanwhile');
    g.calls[1]!();
    await waker.settled();
    assert.equal(g.calls.length, 2, 'and no more');
    waker.poke();
    assert.equal(g.calls.length, 3, 'a later poke signals again');
    g.calls[2]!();
    await waker.settled();
  });

  it('waits at least minGapMs after a signal before the next one', async () => {
    const at: number[] = [];
    const waker = createOutboxWaker(
      async () => void at.push(Date.now()),
      () => {},
      40,
    );
    waker.poke();
    waker.poke();
    await waker.settled();
    assert.equal(at.length, 2);
    assert.ok(at[1]! - at[0]! >= 39, `${at[1]! - at[0]!} ms apart`);
  });

  it('reports a failed signal and keeps working', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let signals = 0;
    const waker = createOutboxWaker(
      async () => {
        signals++;
        if (fail) throw new Error('Temporal is down');
      },
      (e) => errors.push(e),
    );
    waker.poke();
    await waker.settled();
    fail = false;
    waker.poke();
    await waker.settled();
    assert.equal(signals, 2);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['Temporal is down'],
    );
  });

  it('pokes after requests that may write and succeeded, not after reads or failures', async () => {
    let pokes = 0;
    const answers = [200, 201, 500, 200, 204];
    const base = (async () => new Response(null, { status: answers.shift() ?? 200 })) as typeof fetch;
    const f = pokingFetch(() => void pokes++, base);
    await f('http://db/rest/v1/contacts', { method: 'GET' });
    await f('http://db/rest/v1/rpc/crm_emit_event', { method: 'POST' });
    await f('http://db/rest/v1/rpc/crm_emit_event', { method: 'POST' });
    await f('http://db/rest/v1/contacts');
    await f('http://db/rest/v1/contacts', { method: 'PATCH' });
    assert.equal(pokes, 2, 'the POST that succeeded and the PATCH');
  });

  it('does not poke after a call of a function that only reads, though PostgREST takes it as a POST', async () => {
    let pokes = 0;
    const base = (async () => new Response('[]', { status: 200 })) as typeof fetch;
    const f = pokingFetch(() => void pokes++, base);
    await f('http://db/rest/v1/rpc/crm_contacts_by_usernames', { method: 'POST' });
    await f(new URL('http://db/rest/v1/rpc/crm_outreach_snapshot'), { method: 'POST' });
    assert.equal(pokes, 0, 'two reads');
    await f('http://db/rest/v1/rpc/crm_enqueue_outreach', { method: 'POST' });
    await f(new Request('http://db/rest/v1/rpc/crm_outreach_transition', { method: 'POST' }), { method: 'POST' });
    assert.equal(pokes, 2, 'the two writes');
  });
});
