import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createInboxRepository, type InboxRepository } from '../../../src/adapters/db/inbox-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { write } from '../../../src/app/sync/thread-writes';
import type { Read } from '../../../src/app/sync/thread-reading';
import { classifyIntent } from '../../../src/domain/intents';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { listingRow } from '../../helpers/listing-row';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// What the sync's writes make of new inbound messages, over the data API and PostgreSQL: each
// one's intent stored with it, its contact's last intent and reply time, the DM it answers
// (contact.replied, once per DM), and learned values written only where nothing changed since the
// claim read the contact (a hand edit meanwhile wins).

const ACCOUNT = 'understood';
let sb: TestSupabase;
let inbox: InboxRepository;
let clock = Date.parse('2026-12-06T12:00:00Z');
const deps = () => ({ inbox, now: () => clock, scoreWeights: { ...DEFAULT_SCORE_WEIGHTS } });

before(async () => {
  sb = await startTestSupabase('postgres');
  inbox = createInboxRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
  await sb.sql.query(`insert into accounts (id, safari_url) values ($1, 'http://127.0.0.1:1')`, [ACCOUNT]);
  const people = ['maya.builds', 'noah.quiet', 'hand.typed', 'sofia.learns'];
  await inbox.storeListing(
    ACCOUNT,
    people.map((username) => listingRow({ username, listingName: username, unreadCount: 1 })),
  );
});
after(async () => {
  await sb?.stop();
});

type In = [text: string, sentAt?: string | null];
/** Claims the person's thread and writes what its read appended: ['in' | 'out', text, sentAt?]. */
async function readAndWrite(username: string, messages: ['in' | 'out', ...In][]) {
  const [{ id }] = (await sb.sql.query<{ id: string }>(
    'select id from contacts where account_id = $1 and username = $2',
    [ACCOUNT, username],
  )) as [{ id: string }];
  await inbox.queueThreads(ACCOUNT, [id]);
  const token = randomUUID();
  const [thread] = await inbox.claimThreads(ACCOUNT, token, 1, 10, [id]);
  assert.ok(thread, `the thread of ${username} is claimed`);
  const appended = messages.map(([dir, text, sentAt]) => ({
    text,
    isOutbound: dir === 'out',
    messageType: 'text' as const,
    sentAt: sentAt ?? null,
  }));
  const read: Read = {
    thread,
    gap: false,
    appended,
    earlier: [],
    outcome: { conversationId: thread.conversationId, expectedCount: thread.messageCount, messages: appended },
    summary: { name: username, found: appended.length, saved: appended.length },
  };
  const counts = await write(deps(), { accountId: ACCOUNT, token }, [read]);
  assert.equal(counts.messagesAdded, messages.length);
  return { contactId: id, thread };
}

const contact = async (id: string) =>
  (
    await sb.sql.query<{
      last_intent: string | null;
      last_replied_at: Date | null;
      what_theyre_building: string | null;
    }>('select last_intent, last_replied_at, what_theyre_building, learned_fields from contacts where id = $1', [id])
  )[0]!;
const replied = (id: string) =>
  sb.sql.query<{ payload: Record<string, unknown> }>(
    `select payload from event_outbox where entity_id = $1 and type = 'contact.replied' order by seq`,
    [id],
  );

describe('inbound messages as the sync stores them', () => {
  it("stores each inbound message's intent and reason, and the newest one's on its contact", async () => {
    const texts = ['Hey! I saw your video', 'How much does the course cost?'];
    const { contactId } = await readAndWrite('noah.quiet', [
      ['out', 'Welcome!'],
      ['in', texts[0]!],
      ['in', texts[1]!],
    ]);
    const stored = await sb.sql.query<{ message_text: string; intent: string | null; intent_reason: string | null }>(
      'select message_text, intent, intent_reason from messages where contact_id = $1 order by position',
      [contactId],
    );
    assert.deepEqual(stored, [
      { message_text: 'Welcome!', intent: null, intent_reason: null },
      ...texts.map((t) => ({
        message_text: t,
        intent: classifyIntent(t).intent,
        intent_reason: classifyIntent(t).reason,
      })),
    ]);
    const row = await contact(contactId);
    assert.equal(row.last_intent, classifyIntent(texts[1]!).intent);
    assert.equal(row.last_replied_at?.toISOString(), new Date(clock).toISOString(), 'no time shown: when it was seen');
    assert.deepEqual(await replied(contactId), [], 'no DM was sent to them: nothing answers one');
  });

  it('writes contact.replied for the first message after a DM we sent, once, with the DM and the intent', async () => {
    const [{ id: contactId }] = (await sb.sql.query<{ id: string }>(
      'select id from contacts where account_id = $1 and username = $2',
      [ACCOUNT, 'maya.builds'],
    )) as [{ id: string }];
    const itemId = randomUUID();
    await sb.sql.query(
      `insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key,
         campaign, stop_on_reply, status, sent_at)
       values ($1, $2, 'k-1', 'campaign', $3, 'maya.builds', 'New video: pricing', 'tk', 'video:pricing', false, 'sent', $4)`,
      [itemId, ACCOUNT, contactId, new Date(clock - 3_600_000).toISOString()],
    );
    const before = '2026-12-06T10:00:00.000Z';
    const reply = 'How much is it?';
    await readAndWrite('maya.builds', [
      ['in', 'an older message, before our DM', before],
      ['in', reply],
      ['in', 'and one more'],
    ]);
    const [{ id: messageId }] = (await sb.sql.query<{ id: string }>(
      'select id from messages where contact_id = $1 and message_text = $2',
      [contactId, reply],
    )) as [{ id: string }];
    const events = await replied(contactId);
    assert.deepEqual(
      events.map((e) => e.payload),
      [
        {
          contact: { id: contactId, username: 'maya.builds', display_name: null },
          item_id: itemId,
          campaign: 'video:pricing',
          message_id: messageId,
          intent: classifyIntent(reply).intent,
          intent_reason: classifyIntent(reply).reason,
          replied_at: new Date(clock).toISOString(),
        },
      ],
    );
    const [item] = await sb.sql.query<{ reply_message_id: string }>(
      'select reply_message_id from outreach_items where id = $1',
      [itemId],
    );
    assert.equal(item?.reply_message_id, messageId);

    clock += 60_000;
    await readAndWrite('maya.builds', [['in', 'Any news? I am interested']]);
    assert.equal((await replied(contactId)).length, 1, 'the same DM is answered once');
    assert.equal((await contact(contactId)).last_intent, classifyIntent('Any news? I am interested').intent);
  });
});

describe('learned values', () => {
  it('fills empty fields from what they wrote, citing the message; never a typed value; a newer learned value replaces an older one', async () => {
    const [{ id }] = (await sb.sql.query<{ id: string }>(
      'select id from contacts where account_id = $1 and username = $2',
      [ACCOUNT, 'sofia.learns'],
    )) as [{ id: string }];
    await sb.sql.query(`update contacts set their_definition_of_win = 'typed by hand' where id = $1`, [id]);
    const first = "I'm building a small app for gyms, still figuring out pricing";
    await readAndWrite('sofia.learns', [['in', first]]);
    clock += 60_000;
    const second = 'My biggest struggle is finding clients. A win would be 10 paying gyms.';
    await readAndWrite('sofia.learns', [['in', second]]);
    const [row] = await sb.sql.query<Record<string, unknown>>(
      `select what_theyre_building, current_friction, their_definition_of_win, fit_signals, learned_fields
       from contacts where id = $1`,
      [id],
    );
    const ids = await sb.sql.query<{ id: string; message_text: string }>(
      'select id, message_text from messages where contact_id = $1',
      [id],
    );
    const idOf = (text: string) => ids.find((m) => m.message_text === text)!.id;
    const learned = row!.learned_fields as Record<
      string,
      { messageId: string; sentence: string } | { value: string }[]
    >;
    assert.deepEqual(
      [row!.what_theyre_building, row!.current_friction, row!.their_definition_of_win, row!.fit_signals],
      ['a small app for gyms', 'finding clients', 'typed by hand', ['pricing', 'clients']],
    );
    assert.deepEqual(
      [learned.what_theyre_building, learned.current_friction].map((s) => [
        (s as { messageId: string }).messageId,
        (s as { sentence: string }).sentence,
      ]),
      [
        [idOf(first), first],
        [idOf(second), 'My biggest struggle is finding clients.'],
      ],
    );
    assert.equal(learned.their_definition_of_win, undefined, 'the typed value keeps no learned source');
    assert.deepEqual(
      (learned.fit_signals as { value: string }[]).map((s) => s.value),
      ['pricing', 'clients'],
    );
  });

  it('are written only where the field is still what the claim read: a hand edit meanwhile is kept', async () => {
    const [{ id }] = (await sb.sql.query<{ id: string }>(
      'select id from contacts where account_id = $1 and username = $2',
      [ACCOUNT, 'hand.typed'],
    )) as [{ id: string }];
    await inbox.queueThreads(ACCOUNT, [id]);
    const [thread] = await inbox.claimThreads(ACCOUNT, 'tok-learn', 1, 10, [id]);
    // A person types what they are building after the claim read the contact.
    await sb.sql.query(`update contacts set what_theyre_building = 'a typed value' where id = $1`, [id]);
    const source = (value: string) => ({
      value,
      sentence: `I am building ${value}`,
      messageId: '00000000-0000-4000-8000-0000000000aa',
      learnedAt: new Date(clock).toISOString(),
      pattern: 'I am building …',
    });
    const learned = {
      what_theyre_building: { value: 'an app', expected: null, wasLearned: false, source: source('an app') },
      current_friction: { value: 'pricing', expected: null, wasLearned: false, source: source('pricing') },
    };
    const result = await inbox.applyThreadReads(
      ACCOUNT,
      'tok-learn',
      [
        {
          conversationId: thread!.conversationId,
          expectedCount: thread!.messageCount,
          messages: [{ text: 'I am building an app', isOutbound: false, messageType: 'text', sentAt: null }],
        },
      ],
      [],
      [],
      { contacts: [{ conversationId: thread!.conversationId, lastIntent: 'other', lastRepliedAt: null, learned }] },
    );
    assert.equal(result.learned, 1);
    const [row] = await sb.sql.query<{
      what_theyre_building: string;
      current_friction: string;
      learned_fields: Record<string, unknown>;
    }>('select what_theyre_building, current_friction, learned_fields from contacts where id = $1', [id]);
    assert.deepEqual(
      { ...row },
      {
        what_theyre_building: 'a typed value',
        current_friction: 'pricing',
        learned_fields: { current_friction: source('pricing') },
      },
    );
  });
});
