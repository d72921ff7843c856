import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../helpers/outreach-stack';
import { startOptOutWorld } from '../helpers/opt-out-world';
import type { Json } from '../simulator/sim-fixture';

// Keyword replies through the real parts: people write to the Safari simulator, the sync workflow
// stores it (the CRM data API over PostgreSQL), the keyword check after each thread batch queues
// the reply and the real sender sends it. "DM me GUIDE": one reply per person however often their
// thread is read and however many keywords they wrote; none to someone who opted out (also in the
// same read); none for what was written before the automation; a first read's keyword held.

const ACCOUNT = 'keyword-replies';
const REPLY = 'Hi {{first_name|there}}! Here is the guide: https://example.com/guide';
let w: Awaited<ReturnType<typeof startOptOutWorld>>;
let automationId: string;

before(async () => {
  w = await startOptOutWorld(ACCOUNT);
  await w.sync(); // the first read of every thread: history, before any automation
  w.sim.control.addInbound(w.people()[3]!, 'is the free guide out yet?');
  await w.sync(); // stored and checked before the automation exists
  const created = await w.call('POST', '/api/automations', {
    accountId: ACCOUNT,
    name: 'Guide',
    keywords: ['guide', 'free guide', 'checklist'],
    reply: { template: REPLY },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  automationId = created.body.automation.id;
});
after(async () => {
  await w?.stop();
});

const sql = <T>(q: string, args: unknown[] = []) => w.stack.sb.sql.query<T>(q, args);
const itemsFor = (contactId: string) =>
  sql<{ id: string; status: string; text: string; business_key: string }>(
    `select id, status, text, business_key from outreach_items where contact_id = $1 and campaign = $2`,
    [contactId, `automation:${automationId}`],
  );
const matchesOf = (contactId: string) =>
  sql<{ payload: Json }>(
    `select payload from event_outbox where type = 'automation.matched' and entity_id = $1 order by seq`,
    [contactId],
  ).then((rows) => rows.map((r) => [r.payload.keyword, r.payload.outcome]));
const sendsTo = (username: string) => w.sim.control.sends().filter((s) => s.username === username);
const stats = async () => (await w.call('GET', `/api/automations/${automationId}`)).body.automation.stats;
const reread = async (contactId: string) => {
  await w.stack.deps.inbox.queueThreads(ACCOUNT, [contactId]);
  await w.sync();
};

describe('keyword replies, through the sync and the sender', () => {
  it('a message with several keywords, synced again and again, gets exactly one reply, with their first name', async () => {
    const person = w.people()[0]!;
    w.sim.control.addInbound(person, 'GUIDE please! The free guide, and the checklist too 🙏');
    await w.sync();
    const row = await w.contactRow(person);
    const [item] = await eventually(
      () => itemsFor(row.id),
      (items) => items[0]?.status === 'sent',
      'the reply to be sent',
      60_000,
    );
    const firstName =
      String(row.display_name ?? '')
        .trim()
        .split(/\s+/)[0] || 'there'; // the simulator's names are plain "First Last"; never the handle
    assert.equal(item!.text, `Hi ${firstName}! Here is the guide: https://example.com/guide`);
    assert.equal(item!.business_key, `automation:${automationId}:${row.id}`);

    w.sim.control.addInbound(person, 'did you send the guide? guide guide');
    await w.sync();
    await reread(row.id);
    await reread(row.id);
    assert.deepEqual(
      (await itemsFor(row.id)).map((i) => i.status),
      ['sent'],
      'one reply in the ledger',
    );
    assert.equal(sendsTo(person).length, 1, 'one DM went out');
    assert.deepEqual(await matchesOf(row.id), [
      ['guide', 'queued'],
      ['guide', 'already_replied'],
    ]);
    assert.deepEqual(await stats(), { matched: 2, queued: 1, sent: 1, skipped: 1 });
    const unchecked = await sql<{ n: number }>(
      `select count(*)::int as n from messages where contact_id = $1 and not keywords_checked`,
      [row.id],
    );
    assert.equal(unchecked[0]!.n, 0, 'every stored message checked, ours included');
  });

  it('someone who opted out gets none, also when "stop" comes in the same read as the keyword', async () => {
    const [, earlier, same] = w.people() as [string, string, string];
    w.sim.control.addInbound(earlier, 'stop');
    await w.sync();
    w.sim.control.addInbound(earlier, 'ok send me the guide');
    w.sim.control.addInbound(same, 'guide');
    w.sim.control.addInbound(same, 'stop');
    await w.sync();
    for (const username of [earlier, same]) {
      const row = await w.contactRow(username);
      assert.equal(row.opted_out, true, username);
      assert.deepEqual(await itemsFor(row.id), [], `no reply queued for ${username}`);
      assert.deepEqual(await matchesOf(row.id), [['guide', 'opted_out']]);
      assert.deepEqual(sendsTo(username), []);
    }
  });

  it('a message stored before the automation existed gets none, even when checked only now', async () => {
    const row = await w.contactRow(w.people()[3]!);
    // Their keyword message came before the automation. As if its check had failed then (MediaPoster
    // down, say), it waits to be checked again, and is, at the next batch: still no reply.
    const [old] = await sql<{ id: string }>(
      `update messages set keywords_checked = false where contact_id = $1 and message_text = 'is the free guide out yet?'
       returning id`,
      [row.id],
    );
    assert.ok(old, 'the sync stored it');
    await reread(row.id);
    const [{ checked }] = (await sql<{ checked: boolean }>(
      `select keywords_checked as checked from messages where id = $1`,
      [old.id],
    )) as [{ checked: boolean }];
    assert.equal(checked, true, 'checked now');
    assert.deepEqual(await itemsFor(row.id), []);
    assert.deepEqual(await matchesOf(row.id), []);
  });

  it("a keyword in a new thread's first read (no time shown: history of unknown age) is held for approval", async () => {
    w.sim.control.addInbound('new.reader', 'hey! can I get the checklist');
    await w.sync();
    const row = await w.contactRow('new.reader');
    assert.deepEqual(
      (await itemsFor(row.id)).map((i) => i.status),
      ['awaiting_approval'],
    );
    assert.deepEqual(await matchesOf(row.id), [['checklist', 'held']]);
    assert.deepEqual(sendsTo('new.reader'), []);
    assert.deepEqual(await stats(), { matched: 5, queued: 2, sent: 1, skipped: 3 });
  });

  it('disabled, it answers nothing; deleted, its waiting reply is cancelled', async () => {
    assert.equal((await w.call('PATCH', `/api/automations/${automationId}`, { enabled: false })).status, 200);
    const person = w.people()[4]!;
    w.sim.control.addInbound(person, 'guide pls');
    await w.sync();
    const row = await w.contactRow(person);
    assert.deepEqual(await itemsFor(row.id), []);
    const held = (await itemsFor((await w.contactRow('new.reader')).id))[0]!;
    const gone = await w.call('DELETE', `/api/automations/${automationId}`);
    assert.deepEqual(gone.body, { deleted: true, cancelled: 1 });
    const [cancelled] = await sql<{ status: string }>(`select status from outreach_items where id = $1`, [held.id]);
    assert.equal(cancelled!.status, 'cancelled');
  });
});
