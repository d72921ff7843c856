import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../helpers/outreach-stack';
import { startOptOutWorld } from '../helpers/opt-out-world';
import type { Json } from '../simulator/sim-fixture';

// "Stop" means stop, through the real parts: the Safari simulator, the sync workflow, the data API
// over PostgreSQL, the sender and the API. A person with a campaign DM waiting writes "stop"; once
// the sync stores it they are opted out with the phrase and the message, everything waiting for
// them is cancelled at once, and the sender never sends it. Opted back in by hand, a re-read of
// the old message changes nothing; a new one (in Spanish) opts them out again.

const ACCOUNT = 'optout-sync';
let w: Awaited<ReturnType<typeof startOptOutWorld>>;

before(async () => {
  w = await startOptOutWorld(ACCOUNT);
  await w.sync(); // the first read of every thread: history, in which nobody asked us to stop
});
after(async () => {
  await w?.stop();
});

const itemsOf = async (ids: string[]) =>
  (
    await w.stack.sb.sql.query<{ id: string; status: string; outcome: string | null }>(
      `select id, status, outcome from outreach_items where id = any ($1)`,
      [ids],
    )
  )
    .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
    .map((r) => [r.status, r.outcome]);
const inboundId = async (contactId: string, text: string) =>
  (
    await w.stack.sb.sql.query<{ id: string }>(
      `select id from messages where contact_id = $1 and message_text = $2 and not is_outbound`,
      [contactId, text],
    )
  ).map((r) => r.id);

/** Queues a DM to `person` and waits until the sender has sent it. */
async function sendTo(person: string, text: string): Promise<void> {
  const queued = await w.call('POST', '/api/outreach/queue', { accountId: ACCOUNT, username: person, text });
  await eventually(
    () => itemsOf([queued.body.message.id as string]),
    (r) => r[0]?.[0] === 'sent',
    `"${text}" to go out`,
  );
}

/**
 * A follow-up to `person` held back (the account paused) until the next sync has read their thread;
 * `cancelled()` then checks that the opt-out cancelled it, resumes the account, and that it never went out.
 */
async function heldFollowUp(person: string, text: string) {
  assert.equal(
    (await w.call('POST', '/api/outreach/pause', { accountId: ACCOUNT, reason: 'hold the follow-up' })).status,
    200,
  );
  const queued = await w.call('POST', '/api/outreach/queue', { accountId: ACCOUNT, username: person, text });
  return {
    cancelled: async () => {
      assert.deepEqual(await itemsOf([queued.body.message.id as string]), [['cancelled', 'opted_out']]);
      assert.equal((await w.call('POST', '/api/outreach/resume', { accountId: ACCOUNT })).status, 200);
      assert.equal(w.sim.control.sentCount(person, text), 0);
    },
  };
}

/**
 * A new contact gets our DM and a sync reads their thread (our DM alone); then they write "stop",
 * and our next DM goes out before any sync reads it.
 */
async function stopBeforeOurNextDm(person: string, displayName: string): Promise<void> {
  assert.equal(w.sim.control.addPerson({ username: person, displayName }), true);
  assert.equal((await w.call('POST', '/api/contacts', { username: person })).status, 201);
  await sendTo(person, 'Hey there!');
  await w.sync(); // their thread read: our DM alone
  assert.notEqual((await w.contactRow(person)).opted_out, true);
  w.sim.control.addInbound(person, 'please stop messaging me');
  // Stored as sent, our DM is the thread's last message, just as the next listing shows it, so only
  // a read queued by the send looks at what came before it.
  await sendTo(person, 'One more thing!');
}

/** The next sync opts `person` out by what they wrote before our DM. */
async function syncOptsOut(person: string): Promise<void> {
  await w.sync();
  const row = await w.contactRow(person);
  assert.deepEqual([row.opted_out, row.opted_out_by], [true, 'message'], 'opted out by what they wrote before our DM');
}

describe('an opt-out by message, through the sync', () => {
  it('"stop" stored by the sync opts them out with the phrase and message, cancels what waits for them, once; the sender never sends it', async () => {
    const [person, other] = w.people() as [string, string];
    assert.equal(
      (await w.call('POST', '/api/outreach/pause', { accountId: ACCOUNT, reason: 'until the sync has run' })).status,
      200,
    );
    const queued = await w.call('POST', '/api/outreach/queue', {
      accountId: ACCOUNT,
      items: [
        { username: person, text: 'New video: 5 hooks that work', campaign: 'video:hooks' },
        { username: person, text: 'Did the checklist help?' },
        { username: other, text: 'New video: 5 hooks that work', campaign: 'video:hooks' },
      ],
    });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    const ids = queued.body.messages.map((m: Json) => m.id as string);

    w.sim.control.addInbound(person, 'stop');
    await w.sync();
    const row = await w.contactRow(person);
    const [stopId] = await inboundId(row.id, 'stop');
    assert.ok(stopId, 'the sync stored their message');
    assert.deepEqual(
      [row.opted_out, row.opted_out_reason, row.opted_out_by, row.opted_out_message_id],
      [true, 'stop', 'message', stopId],
    );
    assert.deepEqual(await itemsOf(ids), [
      ['cancelled', 'opted_out'],
      ['cancelled', 'opted_out'],
      ['queued', null],
    ]);
    const history = await w.call('GET', `/api/outreach/queue/${ids[0]}`);
    assert.deepEqual(history.body.history.at(-1).detail, {
      reason: 'opted_out',
      phrase: 'stop',
      messageId: stopId,
      by: 'message',
    });
    const events = await w.contactEvents(row.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], {
      type: 'contact.opted_out',
      payload: {
        contact: { id: row.id, username: person, display_name: row.display_name },
        reason: 'stop',
        language: 'en',
        matched: 'stop',
        messageId: stopId,
        by: 'message',
        source: 'sync',
        at: events[0]!.payload.at,
      },
    });
    const shown = (await w.call('GET', `/api/contacts/${person}`)).body.contact;
    assert.deepEqual([shown.opted_out, shown.opted_out_reason, shown.opted_out_message_id], [true, 'stop', stopId]);
    // A posted video's audience step reads them as opted out, and so leaves them out (test/domain/video-audience.test.ts).
    const candidates = await w.stack.deps.audience.candidates(ACCOUNT, null, 1000);
    assert.deepEqual(
      candidates.filter((c) => c.optedOut).map((c) => c.username),
      [person],
    );

    // Reading their thread again adds nothing: no second message, no second event.
    await w.stack.deps.inbox.queueThreads(ACCOUNT, [row.id]);
    await w.sync();
    assert.equal((await inboundId(row.id, 'stop')).length, 1);
    assert.equal((await w.contactEvents(row.id)).length, 1);

    assert.equal((await w.call('POST', '/api/outreach/resume', { accountId: ACCOUNT })).status, 200);
    await eventually(
      () => itemsOf([ids[2]]),
      (s) => s[0]?.[0] === 'sent',
      "the other person's campaign DM to go out",
    );
    assert.deepEqual(
      w.sim.control.sends().filter((s) => s.username === person),
      [],
      'nothing ever went to them',
    );
    assert.deepEqual(await itemsOf(ids.slice(0, 2)), [
      ['cancelled', 'opted_out'],
      ['cancelled', 'opted_out'],
    ]);
  });

  it('opted back in by hand, a re-read of the old "stop" leaves them in; a new "no me escribas más" opts them out again', async () => {
    const person = w.people()[0]!;
    const { id } = await w.contactRow(person);
    const back = await w.call('PATCH', `/api/contacts/${person}`, { opted_out: false });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.contact.opted_out, false);
    assert.ok(Date.parse(back.body.contact.opted_in_at) > 0, 'the opt-in is recorded');

    await w.stack.deps.inbox.queueThreads(ACCOUNT, [id]);
    await w.sync();
    assert.equal((await w.contactRow(person)).opted_out, false, 'the old message does not opt them out again');
    assert.deepEqual(
      (await w.contactEvents(id)).map((e) => e.type),
      ['contact.opted_out', 'contact.opted_in'],
    );

    w.sim.control.addInbound(person, 'No me escribas más, por favor');
    await w.sync();
    const row = await w.contactRow(person);
    const [newId] = await inboundId(row.id, 'No me escribas más, por favor');
    assert.deepEqual(
      [row.opted_out, row.opted_out_reason, row.opted_out_message_id],
      [true, 'no me escribas más', newId],
    );
    const events = await w.contactEvents(id);
    assert.deepEqual(
      events.map((e) => [e.type, e.payload.by, e.payload.language ?? null]),
      [
        ['contact.opted_out', 'message', 'en'],
        ['contact.opted_in', 'user', null],
        ['contact.opted_out', 'message', 'es'],
      ],
    );
  });

  it('a "stop" written before our first DM to someone whose thread was never read is seen when the thread is first read (found by the soak)', async () => {
    const person = 'new.person.here';
    assert.equal(w.sim.control.addPerson({ username: person, displayName: 'New Person' }), true);
    w.sim.control.addInbound(person, 'arrête de m’écrire stp');
    assert.equal((await w.call('POST', '/api/contacts', { username: person })).status, 201);
    // Our DM goes out before any sync has read their thread: the conversation the CRM holds is ours alone.
    await sendTo(person, 'Hi! Loved your last post');
    const followUp = await heldFollowUp(person, 'Following up on my DM');
    await w.sync();
    const row = await w.contactRow(person);
    assert.deepEqual(
      [row.opted_out, row.opted_out_reason, row.opted_out_by, row.opted_out_message_id],
      [true, "arrête de m'écrire", 'message', null],
      'opted out by what they wrote before our DM, though that message is not stored',
    );
    await followUp.cancelled();
  });
  it('a "stop" written after a sync read the thread and before our next DM went out is seen at the next sync (found by the soak)', async () => {
    const person = 'read.then.stop';
    await stopBeforeOurNextDm(person, 'Read Then Stop');
    const followUp = await heldFollowUp(person, 'Following up again');
    await syncOptsOut(person);
    await followUp.cancelled();
  });
  it('the same when their own messages are stored too: the "stop" sits between stored ones, where the merge takes it for stored', async () => {
    const person = 'talked.then.stop';
    assert.equal(w.sim.control.addPerson({ username: person, displayName: 'Talked Then Stop' }), true);
    w.sim.control.addInbound(person, 'hi! love your videos');
    assert.equal((await w.call('POST', '/api/contacts', { username: person })).status, 201);
    await w.sync(); // their message stored
    await sendTo(person, 'Thanks so much!');
    await w.sync(); // the thread read again: theirs, then ours
    w.sim.control.addInbound(person, 'bitte schreib mir nicht mehr');
    await sendTo(person, 'One more thing!');
    await syncOptsOut(person);
  });
  it('a read lost to a browser hiccup is tried again at the next sync, though the listing shows nothing new (found by the soak)', async () => {
    const person = 'hiccup.then.stop';
    await stopBeforeOurNextDm(person, 'Hiccup Then Stop');
    const followUp = await heldFollowUp(person, 'Following up once more');
    // Safari cannot open any thread during the next sync ("Element not found", as HEAD answers a
    // row it could not click): the read our DM queued fails, and the thread is unqueued with why.
    w.sim.control.scriptFaults('/api/conversations/open', Array(50).fill('soft_failure'));
    await w.sync();
    w.sim.control.clearFaults();
    const row = await w.contactRow(person);
    assert.notEqual(row.opted_out, true, 'the failed read saw nothing');
    const [conv] = await w.stack.sb.sql.query<{ needs_read: boolean; last_read_error: string | null }>(
      `select needs_read, last_read_error from conversations where contact_id = $1`,
      [row.id],
    );
    assert.deepEqual([conv?.needs_read, conv?.last_read_error?.split(':')[0]], [false, 'NOT_FOUND']);
    // The listing now shows just what is stored (our DM last), yet the failed read is owed.
    await syncOptsOut(person);
    await followUp.cancelled();
  });
});
