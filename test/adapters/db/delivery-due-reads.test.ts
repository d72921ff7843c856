import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createDeliveryRepository } from '../../../src/adapters/db/delivery-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// An endpoint's due read (crm_webhook_due, oldest event first) must touch about the rows it answers,
// however many delivered rows the endpoint still keeps (the log's whole retention window, and each
// of a backlog's rows as it drains). Before webhook_deliveries_pending_seq_idx it walked the
// endpoint's rows in seq order past every delivered one: 2,050 rows fetched for a page of 50 here.

let sb: TestSupabase;
let endpointId: string;
const KEPT_DELIVERED = 2_000;
const PENDING = 1_000;

before(async () => {
  sb = await startTestSupabase('postgres');
  const [w] = await sb.sql.query<{ id: string }>(
    `insert into webhook_endpoints (url, events, secret) values ('http://127.0.0.1:9/due', '{*}', 'whsec_0123456789') returning id`,
  );
  endpointId = w!.id;
  await sb.sql.query(
    `select crm_emit_events('default', 'contact.merged', 'contact',
       (select jsonb_agg(jsonb_build_object('entity_id', 'c' || (g % 100), 'payload', '{}'::jsonb)) from generate_series(1, $1::int) g))`,
    [KEPT_DELIVERED + PENDING],
  );
  await sb.sql.query(
    `insert into webhook_deliveries (endpoint_id, event_id, event_seq, event_type, message_id)
     select $1, e.id, e.seq, e.type, 'msg_' || e.id from event_outbox e`,
    [endpointId],
  );
  // The oldest events were delivered earlier and are still kept.
  await sb.sql.query(
    `update webhook_deliveries set status = 'delivered', delivered_at = now(), attempts = 1
     where id in (select id from webhook_deliveries order by event_seq limit $1)`,
    [KEPT_DELIVERED],
  );
  await sb.sql.query('analyze webhook_deliveries');
});
after(async () => {
  await sb?.stop();
});

/** The due read, and the rows of webhook_deliveries it fetched (this backend's counters, before and after). */
async function dueRead(limit: number, exclude: string[]) {
  const counters = async () => {
    const [c] = await sb.sql.query<{ fetched: string; seq_read: string }>(
      `select idx_tup_fetch::text as fetched, seq_tup_read::text as seq_read
       from pg_stat_xact_user_tables where relname = 'webhook_deliveries'`,
    );
    return { fetched: Number(c!.fetched), seqRead: Number(c!.seq_read) };
  };
  await sb.sql.query('begin');
  try {
    const before = await counters();
    const [row] = await sb.sql.query<{ due: { deliveries: { id: string }[] } }>(
      `select crm_webhook_due($1, $2, $3::uuid[]) as due`,
      [endpointId, limit, exclude],
    );
    const now = await counters();
    return {
      ids: row!.due.deliveries.map((d) => d.id),
      fetched: now.fetched - before.fetched,
      seqRead: now.seqRead - before.seqRead,
    };
  } finally {
    await sb.sql.query('commit');
  }
}

it('reads a page of due rows without walking past the delivered rows the endpoint keeps', async () => {
  const read = await dueRead(50, []);
  assert.equal(read.ids.length, 50);
  const [oldest] = await sb.sql.query<{ id: string }>(
    `select id from webhook_deliveries where status = 'pending' order by event_seq limit 1`,
  );
  assert.equal(read.ids[0], oldest!.id, 'oldest pending event first');
  assert.equal(read.seqRead, 0, 'no sequential scan');
  assert.ok(read.fetched <= 60, `fetched ${read.fetched} rows for a page of 50 (${KEPT_DELIVERED} delivered kept)`);
});

it('skips the rows a step has taken at about their own cost', async () => {
  const taken = (await dueRead(40, [])).ids;
  const read = await dueRead(50, taken);
  assert.equal(read.ids.length, 50);
  assert.ok(!read.ids.some((id) => taken.includes(id)), 'a taken row handed out again');
  assert.ok(read.fetched <= 100, `fetched ${read.fetched} rows for 50 past 40 taken`);
});

it('names an enabled endpoint owed a delivery due before the cutoff (a lost wake), and no other', async () => {
  const repo = createDeliveryRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
  const [{ oldest }] = (await sb.sql.query<{ oldest: string }>(
    `select min(next_attempt_at)::text as oldest from webhook_deliveries where status = 'pending'`,
  )) as [{ oldest: string }];
  const justBefore = new Date(Date.parse(oldest) - 1_000).toISOString();
  assert.deepEqual(await repo.stranded(new Date(Date.now() + 1_000).toISOString()), [endpointId]);
  assert.deepEqual(await repo.stranded(justBefore), [], 'nothing was due that long');
  await sb.sql.query(`update webhook_endpoints set enabled = false where id = $1`, [endpointId]);
  assert.deepEqual(
    await repo.stranded(new Date(Date.now() + 1_000).toISOString()),
    [],
    'a disabled endpoint is owed nothing',
  );
});
