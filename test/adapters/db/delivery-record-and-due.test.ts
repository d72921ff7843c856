import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createDeliveryRepository,
  type AttemptRecord,
  type DeliveryRepository,
} from '../../../src/adapters/db/delivery-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { messageIdOf } from '../../../src/domain/webhook-dispatch';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A chunk's record and the next due rows in one call (crm_webhook_record_and_due): the read comes
// after the record, in the same transaction, so it never hands out a row the chunk just settled.

let sb: TestSupabase;
let repo: DeliveryRepository;

before(async () => {
  sb = await startTestSupabase('postgres');
  repo = createDeliveryRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
});
after(async () => {
  await sb?.stop();
});

/** An endpoint owed `n` fresh events, queued as the dispatcher queues them. */
async function endpointOwed(name: string, n: number) {
  const [w] = await sb.sql.query<{ id: string }>(
    `insert into webhook_endpoints (url, events, secret) values ($1, '{*}', 'whsec_0123456789') returning id`,
    [`http://127.0.0.1:9/${name}`],
  );
  const owed = [];
  for (let i = 0; i < n; i++) {
    const [emitted] = await sb.sql.query<{ id: string }>(
      `select crm_emit_event('default', 'contact.merged', 'contact', $1, '{}'::jsonb) as id`,
      [`${name}-${i}`],
    );
    const [e] = await sb.sql.query<{ id: string; seq: string }>(`select id, seq from event_outbox where id = $1`, [
      emitted!.id,
    ]);
    owed.push({
      endpointId: w!.id,
      eventId: e!.id,
      eventSeq: Number(e!.seq),
      eventType: 'contact.merged',
      messageId: messageIdOf(e!.id),
    });
  }
  const [state] = await sb.sql.query<{ last_seq: string }>(`select last_seq from webhook_dispatch_state`);
  await repo.fanOut(owed, Number(state!.last_seq), null);
  return w!.id;
}

const attempt = (deliveryId: string, outcome: AttemptRecord['outcome'], nextAttemptAt: string | null = null) =>
  ({
    deliveryId,
    messageId: 'msg_x',
    eventType: 'contact.merged',
    attempt: 1,
    outcome,
    responseStatus: outcome === 'delivered' ? 200 : 500,
    responseBody: '',
    latencyMs: 1,
    error: null,
    nextAttemptAt,
    replay: false,
    test: false,
    attemptedAt: new Date().toISOString(),
  }) satisfies AttemptRecord;

describe('recording a chunk and reading the next due rows in one call', () => {
  it('reads after the record: settled rows are gone, the excluded ones left out, the rest in event order', async () => {
    const endpointId = await endpointOwed('record-and-due', 5);
    // Row 0 delivered, row 1 to retry now (due again at once); row 2 taken by a lane meanwhile.
    const all = (await repo.due(endpointId, 5, Date.now()))!.deliveries;
    const past = new Date(Date.now() - 1_000).toISOString();
    const answer = await repo.recordAndDue(
      endpointId,
      [attempt(all[0]!.id, 'delivered'), attempt(all[1]!.id, 'retrying', past)],
      {},
      { limit: 10, exclude: [all[2]!.id], now: Date.now() },
    );
    assert.deepEqual(
      answer.due?.deliveries.map((d) => d.id),
      [all[1]!.id, all[3]!.id, all[4]!.id],
      'the retried row due again, the excluded one left out, the delivered one gone',
    );
    assert.equal(answer.due?.deliveries[0]!.attempts, 1, 'read as recorded');
    assert.equal(answer.nextDueAt !== null && Date.parse(answer.nextDueAt) <= Date.now(), true);
    assert.equal(answer.due?.endpoint.secrets[0], 'whsec_0123456789');
  });

  it('a chunk that disables the endpoint reads it disabled with nothing due; a deleted one reads null', async () => {
    const endpointId = await endpointOwed('record-and-disable', 3);
    const rows = (await repo.due(endpointId, 3, Date.now()))!.deliveries;
    const answer = await repo.recordAndDue(
      endpointId,
      [attempt(rows[0]!.id, 'gone')],
      { disable: 'the receiver answered 410 Gone' },
      { limit: 10, exclude: [], now: Date.now() },
    );
    assert.deepEqual(
      [answer.due?.endpoint.enabled, answer.due?.endpoint.disabledReason, answer.due?.deliveries, answer.nextDueAt],
      [false, 'the receiver answered 410 Gone', [], null],
    );
    await sb.sql.query(`delete from webhook_endpoints where id = $1`, [endpointId]);
    const gone = await repo.recordAndDue(endpointId, [], {}, { limit: 10, exclude: [], now: Date.now() });
    assert.deepEqual(gone, { nextDueAt: null, due: null });
  });
});
