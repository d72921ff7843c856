import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../helpers/outreach-stack';
import { startOptOutWorld } from '../helpers/opt-out-world';
import type { Json } from '../simulator/sim-fixture';

// Opting out by hand through the real API over PostgreSQL: PATCH /api/contacts/{id} (and POST
// /api/contacts, and an import) opt out through the same path as a message does — every waiting
// DM cancelled, the event — a DM to them is 409 OPTED_OUT, and opting back in is recorded.

const ACCOUNT = 'optout-api';
let w: Awaited<ReturnType<typeof startOptOutWorld>>;

before(async () => {
  w = await startOptOutWorld(ACCOUNT);
  for (const username of ['maya.stops', 'ben.stays'])
    assert.equal((await w.call('POST', `/api/contacts?accountId=${ACCOUNT}`, { username })).status, 201);
  assert.equal(
    (await w.call('POST', '/api/outreach/pause', { accountId: ACCOUNT, reason: 'nothing goes out in this test' }))
      .status,
    200,
  );
});
after(async () => {
  await w?.stop();
});

const queue = (items: { username: string; text: string; campaign?: string }[]) =>
  w.call('POST', '/api/outreach/queue', { accountId: ACCOUNT, items });
const statuses = async (ids: string[]) =>
  Promise.all(ids.map(async (id) => (await w.call('GET', `/api/outreach/queue/${id}`)).body.item.status as string));
const itemCount = async (username: string) =>
  Number(
    (
      await w.stack.sb.sql.query<{ n: string }>(
        `select count(*) as n from outreach_items where account_id = $1 and username = $2`,
        [ACCOUNT, username],
      )
    )[0]!.n,
  );

describe('opting out by hand', () => {
  it('PATCH opts them out: every waiting DM cancelled at once, the event written; a DM to them is 409 OPTED_OUT', async () => {
    const q = await queue([
      { username: 'maya.stops', text: 'New video!', campaign: 'video:1' },
      { username: 'maya.stops', text: 'How is the app going?' },
      { username: 'ben.stays', text: 'New video!', campaign: 'video:1' },
    ]);
    assert.equal((await w.call('PATCH', `/api/accounts/${ACCOUNT}`, { approval_mode: 'all' })).status, 200);
    const held = await queue([{ username: 'maya.stops', text: 'Want the checklist?' }]);
    assert.equal(held.body.messages[0].status, 'awaiting_approval');
    const ids = [...q.body.messages.map((m: Json) => m.id as string), held.body.messages[0].id as string];

    const res = await w.call('PATCH', `/api/contacts/maya.stops?accountId=${ACCOUNT}`, { opted_out: true });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      [
        res.body.contact.opted_out,
        res.body.contact.opted_out_reason,
        res.body.contact.opted_out_by,
        res.body.contact.opted_out_message_id,
      ],
      [true, 'manual', 'user', null],
    );
    assert.deepEqual(await statuses(ids), ['cancelled', 'cancelled', 'queued', 'cancelled']);
    const events = await w.contactEvents(res.body.contact.id);
    assert.deepEqual(
      events.map((e) => [e.type, e.payload.reason, e.payload.by, e.payload.source, typeof e.payload.requestId]),
      [['contact.opted_out', 'manual', 'user', 'api', 'string']],
    );
    assert.equal(
      (await w.call('PATCH', `/api/contacts/${res.body.contact.id}?accountId=${ACCOUNT}`, { opted_out: true })).status,
      200,
    );
    assert.equal((await w.contactEvents(res.body.contact.id)).length, 1, 'opting out again writes nothing');

    const before = await itemCount('ben.stays');
    for (const [path, body] of [
      ['/api/contacts/maya.stops/dm', { text: 'hi', accountId: ACCOUNT }],
      ['/api/dm/send', { username: 'maya.stops', text: 'hi', accountId: ACCOUNT }],
      ['/api/outreach/queue', { username: 'maya.stops', text: 'hi', accountId: ACCOUNT }],
    ] as const) {
      const refused = await w.call('POST', path, body);
      assert.deepEqual([refused.status, refused.body.error?.code], [409, 'OPTED_OUT'], path);
    }
    const batch = await queue([
      { username: 'ben.stays', text: 'a new one' },
      { username: 'maya.stops', text: 'a new one' },
    ]);
    assert.deepEqual(
      [batch.status, batch.body.error.code, batch.body.error.details],
      [409, 'OPTED_OUT', [{ path: 'items.1', username: 'maya.stops', reason: 'manual' }]],
    );
    assert.equal(await itemCount('ben.stays'), before, 'a batch naming someone who opted out is refused whole');
    assert.equal(await itemCount('maya.stops'), 3, 'nothing was queued for them');
  });

  it('PATCH opts them back in (recorded) with other fields; 404, 400 and 401 as for any route', async () => {
    const res = await w.call('PATCH', `/api/contacts/maya.stops?accountId=${ACCOUNT}`, {
      opted_out: false,
      notes: 'asked to hear from us again',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      [res.body.contact.opted_out, res.body.contact.notes, res.body.contact.opted_out_reason],
      [false, 'asked to hear from us again', 'manual'],
    );
    assert.ok(Date.parse(res.body.contact.opted_in_at) > Date.parse(res.body.contact.opted_out_at));
    const types = (
      await w.contactEvents(res.body.contact.id, ['contact.opted_out', 'contact.opted_in', 'contact.updated'])
    ).map((e) => e.type);
    assert.deepEqual(types, ['contact.opted_out', 'contact.updated', 'contact.opted_in']);
    assert.equal((await queue([{ username: 'maya.stops', text: 'Welcome back' }])).status, 201);

    assert.equal(
      (await w.call('PATCH', `/api/contacts/nobody.here?accountId=${ACCOUNT}`, { opted_out: true })).status,
      404,
    );
    assert.equal((await w.call('PATCH', `/api/contacts/maya.stops?accountId=${ACCOUNT}`, {})).status, 400);
    assert.equal(
      (await w.call('PATCH', `/api/contacts/maya.stops?accountId=${ACCOUNT}`, { username: 'someone.else' })).status,
      400,
    );
    const anonymous = await w.app.request(`/api/contacts/maya.stops?accountId=${ACCOUNT}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"opted_out":true}',
    });
    assert.equal(anonymous.status, 401);
    assert.equal((await w.contactRow('maya.stops')).opted_out, false);
  });

  it('POST /api/contacts and an import set opted_out through the same path', async () => {
    const waiting = `select id from outreach_items where account_id = '${ACCOUNT}' and username = $1 and status in ('queued', 'awaiting_approval')`;
    const [welcome] = (await w.stack.sb.sql.query<{ id: string }>(waiting, ['maya.stops'])).map((r) => r.id);
    const saved = await w.call('POST', `/api/contacts?accountId=${ACCOUNT}`, {
      username: 'maya.stops',
      opted_out: true,
    });
    assert.deepEqual([saved.status, saved.body.contact.opted_out], [200, true]);
    assert.deepEqual(await statuses([welcome!]), ['cancelled']);

    const [bens] = (await w.stack.sb.sql.query<{ id: string }>(waiting, ['ben.stays'])).map((r) => r.id);
    const started = await w.call('POST', `/api/contacts/import?accountId=${ACCOUNT}`, {
      contacts: [{ username: 'ben.stays', opted_out: true }],
    });
    assert.equal(started.status, 202);
    await eventually(
      () => w.contactRow('ben.stays'),
      (r) => r.opted_out === true,
      'the import to opt ben out',
    );
    assert.deepEqual(await statuses([bens!]), ['cancelled']);
    const ben = await w.contactRow('ben.stays');
    assert.deepEqual(
      (await w.contactEvents(ben.id)).map((e) => [e.type, e.payload.source]),
      [['contact.opted_out', 'import']],
    );
    const maya = await w.contactRow('maya.stops');
    assert.deepEqual(
      (await w.contactEvents(maya.id)).map((e) => e.type),
      ['contact.opted_out', 'contact.opted_in', 'contact.opted_out'],
    );
  });
});
