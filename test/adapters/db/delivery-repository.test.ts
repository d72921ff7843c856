import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDeliveryRepository, type DeliveryRepository } from '../../../src/adapters/db/delivery-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { messageIdOf } from '../../../src/domain/webhook-dispatch';
import { raceHeldTransaction } from '../../helpers/held-transaction';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// The dispatcher's fan-out racing an endpoint being disabled, on PostgreSQL with a transaction held
// open on its own connection: whichever starts first, a disabled endpoint is left with nothing
// pending. (Over PGlite, one query at a time, this race cannot happen.)

let sb: TestSupabase;
let repo: DeliveryRepository;

before(async () => {
  sb = await startTestSupabase('postgres');
  repo = createDeliveryRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
});
after(async () => {
  await sb?.stop();
});

async function endpointWithEvent(name: string) {
  const [w] = await sb.sql.query<{ id: string }>(
    `insert into webhook_endpoints (url, events, secret) values ($1, '{*}', 'whsec_0123456789') returning id`,
    [`http://127.0.0.1:9/${name}`],
  );
  const [eventId] = await sb.sql.query<{ id: string }>(
    `select crm_emit_event('default', 'contact.merged', 'contact', $1, '{}'::jsonb) as id`,
    [name],
  );
  const [e] = await sb.sql.query<{ seq: string }>(`select seq from event_outbox where id = $1`, [eventId!.id]);
  const owed = [
    {
      endpointId: w!.id,
      eventId: eventId!.id,
      eventSeq: Number(e!.seq),
      eventType: 'contact.merged',
      messageId: messageIdOf(eventId!.id),
    },
  ];
  return { endpointId: w!.id, owed, seq: Number(e!.seq) };
}
const pending = async (endpointId: string) =>
  (await sb.sql.query(`select 1 from webhook_deliveries where endpoint_id = $1 and status = 'pending'`, [endpointId]))
    .length;

/**
 * Runs `first` in a transaction held open on its own connection, starts `second`, then commits once
 * the other has reached its write (it waits on a lock this transaction holds, or is done).
 */
const race = (first: (c: pg.Client) => Promise<unknown>, second: () => Promise<unknown>) =>
  raceHeldTransaction(sb, first, second, 'the other (its write)');

describe('webhook fan-out against disabling', () => {
  it('an endpoint being disabled: a fan-out running meanwhile waits for it and queues nothing', async () => {
    const { endpointId, owed, seq } = await endpointWithEvent('disabled-first');
    await race(
      (c) => c.query(`select crm_webhook_record($1, '[]'::jsonb, '{"disable": "410 Gone"}'::jsonb)`, [endpointId]),
      () => repo.fanOut(owed, seq, null),
    );
    assert.equal(await pending(endpointId), 0);
  });

  it('a fan-out in progress: a disabling meanwhile waits for it, then cancels what it queued', async () => {
    const { endpointId, owed, seq } = await endpointWithEvent('fanned-out-first');
    const rows = JSON.stringify(
      owed.map((o) => ({
        endpoint_id: o.endpointId,
        event_id: o.eventId,
        event_seq: o.eventSeq,
        event_type: o.eventType,
        message_id: o.messageId,
      })),
    );
    await race(
      (c) => c.query(`select crm_webhook_fan_out($1::jsonb, $2, '{}'::jsonb)`, [rows, seq]),
      () => repo.record(endpointId, [], { disable: '410 Gone' }),
    );
    assert.equal(await pending(endpointId), 0);
    const [row] = await sb.sql.query<{ status: string }>(
      `select status from webhook_deliveries where endpoint_id = $1`,
      [endpointId],
    );
    assert.equal(row?.status, 'cancelled', 'queued by the fan-out, then cancelled by the disabling');
  });
});
