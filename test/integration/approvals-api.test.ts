import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { textKeyOf } from '../../src/app/outreach/outreach-items';
import { jsonBody, withKey } from '../helpers/api';
import { startDmWorld } from '../helpers/dm-world';
import { eventually } from '../helpers/outreach-stack';
import type { Json } from '../simulator/sim-fixture';

// Approvals you can edit, and bulk decisions, through the real API over PostgreSQL, Temporal and
// the Safari simulator, with every DM held for approval: an edited text is checked like any DM,
// replaces the queued one in the same move and is what goes out; bulk approve/reject answer per
// item, and racing bulk approvals approve each item exactly once.

const ACCOUNT = 'main';
const LATER = '2099-01-01T00:00:00Z';
let world: Awaited<ReturnType<typeof startDmWorld>>;
let reviewerKey: string;

before(async () => {
  world = await startDmWorld(ACCOUNT);
  await world.stack.account(ACCOUNT, { approvalMode: 'all' });
  const issued = await post('/api/keys', { name: 'reviewer', scope: 'write' });
  reviewerKey = issued.body.secret;
});
after(async () => {
  await world?.stop();
});

async function call(path: string, init: RequestInit = {}) {
  const res = await world.api.app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
}
const post = (path: string, body: unknown, key?: string) =>
  call(path, jsonBody(body, key ? { headers: { 'x-api-key': key } } : {}));
const sql = <T>(q: string, params: unknown[] = []) => world.stack.sb.sql.query<T & Record<string, unknown>>(q, params);
const people = () => world.sim.control.threads().map((t) => t.username);
const queue = async (body: Json) => {
  const res = await post('/api/outreach/queue', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.message ?? res.body.messages;
};
const item = async (id: string) => (await call(`/api/outreach/queue/${id}`)).body;

describe('approving with an edited text', () => {
  it('refuses a bad edit with a 4xx and leaves the item as it was', async () => {
    const held = await queue({ username: people()[0], text: 'Hello from the queue', scheduled_at: LATER });
    assert.equal(held.status, 'awaiting_approval');
    for (const [text, status, reason] of [
      ['Hi {{first name}}', 400, 'TEMPLATE_INVALID'],
      ['Hi {{topic}}', 400, 'TEMPLATE_INVALID'],
      ['x'.repeat(1001), 400, 'TEXT_TOO_LONG'],
      ['   ', 400, 'TEXT_EMPTY'],
    ] as const) {
      const res = await post(`/api/outreach/queue/${held.id}/approve`, { text });
      assert.deepEqual([res.status, res.body.error.details.reason], [status, reason], text.slice(0, 20));
    }
    const extra = await post(`/api/outreach/queue/${held.id}/approve`, { text: 'hi', other: 1 });
    assert.equal(extra.status, 400, 'unknown fields are refused');
    const after = await item(held.id);
    assert.deepEqual(
      [after.item.status, after.item.text, after.item.approved_at],
      ['awaiting_approval', 'Hello from the queue', null],
    );
    assert.equal(after.history.length, 1, 'only its queueing');
  });

  it('approves with the new text: text and text key replaced in one move, both texts and the approving key in its history, the new text sent', async () => {
    const name = people()[1]!;
    const held = await queue({ username: name, text: 'Hello from the queue' });
    const res = await post(
      `/api/outreach/queue/${held.id}/approve`,
      { text: 'Hi {{first_name|there}}, edited by hand' },
      reviewerKey,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.item.text, 'Hi there, edited by hand');
    const [row] = await sql<{ text: string; text_key: string }>(
      `select text, text_key from outreach_items where id = $1`,
      [held.id],
    );
    assert.deepEqual(row, { text: 'Hi there, edited by hand', text_key: textKeyOf('Hi there, edited by hand') });
    const { history } = await item(held.id);
    assert.deepEqual(history.at(-1).detail, {
      reason: 'approved',
      by: 'reviewer',
      edited: true,
      previous_text: 'Hello from the queue',
      text: 'Hi there, edited by hand',
    });
    await eventually(
      () => item(held.id),
      (b) => b.item.status === 'sent',
      'the edited DM to be sent',
    );
    assert.equal(world.sim.control.sentCount(name, 'Hi there, edited by hand'), 1);
    assert.equal(world.sim.control.sentCount(name, 'Hello from the queue'), 0, 'the old text never went');

    // The same words again to the same person inside the dedup window: refused, the item untouched.
    const next = await queue({ username: name, text: 'Something else', scheduled_at: LATER });
    const dup = await post(`/api/outreach/queue/${next.id}/approve`, { text: 'Hi  there, edited by hand ' });
    assert.deepEqual(
      [dup.status, dup.body.error.code, dup.body.error.details.reason],
      [409, 'CONFLICT', 'DUPLICATE_TEXT'],
    );
    assert.deepEqual(
      [(await item(next.id)).item.status, (await item(next.id)).item.text],
      ['awaiting_approval', 'Something else'],
    );
    const late = await post(`/api/outreach/queue/${held.id}/approve`, { text: 'Too late' });
    assert.equal(late.status, 409, 'a sent DM cannot be approved again');
  });
});

describe('bulk approve and reject', () => {
  it('answers each id: approved, not_found, not_waiting, already_approved; a campaign rejects what still waits', async () => {
    const [p, q, r] = people().slice(3, 6) as [string, string, string];
    const items = await queue({
      items: [p, q, r].map((username) => ({
        username,
        text: `spring for ${username}`,
        campaign: 'spring',
        scheduled_at: LATER,
      })),
    });
    const [a, b, c] = items.map((i: Json) => i.id as string);
    const cancelled = (await queue({ username: p, text: 'to cancel', scheduled_at: LATER })).id;
    await call(`/api/outreach/queue/${cancelled}`, { method: 'DELETE' });
    const ghost = randomUUID();
    const res = await post('/api/outreach/approve', { ids: [a, b, ghost, cancelled, a] }, reviewerKey);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      results: [
        { id: a, result: 'approved' },
        { id: b, result: 'approved' },
        { id: ghost, result: 'not_found' },
        { id: cancelled, result: 'not_waiting', status: 'cancelled' },
      ],
      approved: 2,
      rejected: 0,
      more: false,
    });
    assert.equal((await item(a)).history.at(-1).detail.by, 'reviewer');
    const again = await post('/api/outreach/approve', { ids: [a] });
    assert.deepEqual(again.body.results, [{ id: a, result: 'already_approved', status: 'queued' }]);

    const rejected = await post('/api/outreach/reject', { campaign: 'spring' });
    assert.deepEqual(
      rejected.body.results.map((x: Json) => [x.id, x.result]),
      [
        [a, 'rejected'],
        [b, 'rejected'],
        [c, 'rejected'],
      ],
    );
    assert.equal(rejected.body.rejected, 3);
    assert.deepEqual((await post('/api/outreach/approve', { campaign: 'spring' })).body.results, []);
    for (const id of [a, b, c]) assert.equal((await item(id)).item.status, 'cancelled');
  });

  it('refuses a bad bulk request with a 400 and moves nothing', async () => {
    const held = (await queue({ username: people()[6], text: 'still held', scheduled_at: LATER })).id;
    for (const body of [
      {},
      { ids: [] },
      { ids: ['not-a-uuid'] },
      { ids: Array.from({ length: 501 }, () => randomUUID()) },
      { ids: [held], campaign: 'spring' },
      { campaign: '' },
    ]) {
      const res = await post('/api/outreach/approve', body);
      assert.deepEqual(
        [res.status, res.body.error.code],
        [400, 'VALIDATION_FAILED'],
        JSON.stringify(body).slice(0, 60),
      );
    }
    assert.equal((await item(held)).item.status, 'awaiting_approval');
  });

  it('racing bulk approvals (by ids and by campaign) approve each item exactly once', async () => {
    const handles = Array.from({ length: 60 }, (_, n) => `race.person${n}`);
    const items = await queue({
      items: handles.map((username) => ({ username, text: 'race day', campaign: 'race', scheduled_at: LATER })),
    });
    const ids = items.map((i: Json) => i.id as string);
    const answers = await Promise.all([
      post('/api/outreach/approve', { ids }),
      post('/api/outreach/approve', { ids: [...ids].reverse() }),
      post('/api/outreach/approve', { campaign: 'race' }),
      post('/api/outreach/approve', { ids: ids.slice(20, 40) }),
    ]);
    const approvedBy = new Map<string, number>();
    for (const a of answers) {
      assert.equal(a.status, 200, JSON.stringify(a.body));
      for (const r of a.body.results as Json[]) {
        if (r.result === 'approved') approvedBy.set(r.id, (approvedBy.get(r.id) ?? 0) + 1);
        else assert.equal(r.result, 'already_approved', JSON.stringify(r));
      }
    }
    assert.equal(approvedBy.size, 60, 'every item approved');
    assert.ok(
      [...approvedBy.values()].every((n) => n === 1),
      'by exactly one of the calls',
    );
    const rows = await sql<{ n: string }>(
      `select count(*) as n from outreach_item_events e join outreach_items o on o.id = e.item_id
       where o.campaign = 'race' and e.detail ->> 'reason' = 'approved'`,
    );
    assert.equal(Number(rows[0]!.n), 60, 'one approval in each history');
  });
});
