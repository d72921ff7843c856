import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createAutomationRepository, type AutomationRepository } from '../../../src/adapters/db/automation-repository';
import { createInboxRepository, type InboxRepository } from '../../../src/adapters/db/inbox-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { raceHeldTransaction } from '../../helpers/held-transaction';
import { listingRow } from '../../helpers/listing-row';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A thread batch stores its messages already checked for keywords when no automation is on
// (…003500), so nothing rewrites every message a sync stores. Over PostgreSQL, where an
// automation can be turned on while a batch's transaction is open: it waits for the batch, then
// opens again what the batch marked, so a keyword written after it was on is still answered.

let sb: TestSupabase;
let inbox: InboxRepository;
let automations: AutomationRepository;
before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  inbox = createInboxRepository(db);
  automations = createAutomationRepository(db);
  for (const a of ['kc-off', 'kc-on', 'kc-race', 'kc-again'])
    await createAccountRepository(db).ensure(a, 'http://127.0.0.1:9');
});
after(async () => {
  await sb?.stop();
});

const listed = (username: string) =>
  listingRow({ username, listingName: username, preview: 'guide please', unreadCount: 1 });
const TEXTS = [
  { text: 'hi there', isOutbound: true, messageType: 'text' as const, sentAt: null },
  { text: 'the guide please', isOutbound: false, messageType: 'text' as const, sentAt: null },
];
const guide = (enabled: boolean, activeSince: string | null) => ({
  name: 'Guide',
  keywords: ['guide'],
  reply: { text: 'here it is' },
  videoId: null,
  enabled,
  activeSince,
});

/** One listed thread, claimed by `token`. */
async function claimed(account: string, token: string) {
  await inbox.storeListing(account, [listed(`${account}.person`)]);
  const [thread] = await inbox.claimThreads(account, token, 1, 10, null);
  assert.ok(thread, 'a thread was claimed');
  return thread;
}

const unchecked = async (account: string) =>
  (
    (await sb.sql.query<{ n: number }>(
      'select count(*)::int as n from messages where account_id = $1 and not keywords_checked',
      [account],
    )) as [{ n: number }]
  )[0].n;

describe('keywords checked as a thread batch is stored', () => {
  it('with no automation on, the batch is stored checked; with one on, its messages wait for the check', async () => {
    await automations.create('kc-off', guide(false, null));
    await automations.create('kc-on', guide(true, new Date(Date.now() - 60_000).toISOString()));
    for (const account of ['kc-off', 'kc-on']) {
      const thread = await claimed(account, `tok-${account}`);
      const r = await inbox.applyThreadReads(
        account,
        `tok-${account}`,
        [{ conversationId: thread.conversationId, expectedCount: 0, messages: TEXTS }],
        [],
      );
      assert.equal(r.messagesAdded, 2);
    }
    assert.equal(await unchecked('kc-off'), 0, 'nothing left for a second write to mark');
    assert.equal(await unchecked('kc-on'), 2, 'an automation is on: both wait for the check');
    assert.equal(await automations.checkNeeded('kc-on'), true);
  });

  it('an automation turned on while a batch is being stored waits for it, then opens what it marked', async () => {
    const thread = await claimed('kc-race', 'tok-race');
    // The API's clock when the automation is turned on, just before the batch's transaction begins.
    const activeSince = new Date(Date.now() - 1).toISOString();
    const reads = [
      {
        conversation_id: thread.conversationId,
        expected_count: 0,
        messages: TEXTS.map((m) => ({ text: m.text, is_outbound: m.isOutbound, message_type: 'text' })),
      },
    ];
    const { waited } = await raceHeldTransaction(
      sb,
      (held) =>
        held.query(`select public.crm_apply_thread_reads('kc-race', 'tok-race', $1::jsonb)`, [JSON.stringify(reads)]),
      () => automations.create('kc-race', guide(true, activeSince)),
      'turning the automation on',
    );
    assert.equal(waited, true, 'the automation waited for the batch');
    assert.equal(await unchecked('kc-race'), 1, 'the inbound message the batch marked is open again');
    assert.equal(await automations.checkNeeded('kc-race'), true);
    const page = await automations.unchecked('kc-race', 10);
    assert.deepEqual(
      page.map((m) => m.text),
      ['the guide please'],
      'the check reads it',
    );
  });

  it('an automation enabled again opens what was stored checked from its new active_since on, and nothing before it', async () => {
    const automation = await automations.create('kc-again', guide(false, null));
    const thread = await claimed('kc-again', 'tok-again');
    await inbox.applyThreadReads(
      'kc-again',
      'tok-again',
      [{ conversationId: thread.conversationId, expectedCount: 0, messages: TEXTS }],
      [],
    );
    assert.equal(await unchecked('kc-again'), 0, 'stored checked: none was on');
    const [{ at }] = (await sb.sql.query<{ at: string }>(
      'select max(observed_at)::text as at from messages where account_id = $1',
      ['kc-again'],
    )) as [{ at: string }];
    const stored = Date.parse(at);
    await automations.update(automation.id, { enabled: true, activeSince: new Date(stored + 60_000).toISOString() });
    assert.equal(await unchecked('kc-again'), 0, 'on from after the batch: nothing of it to answer');
    await automations.update(automation.id, { enabled: false, activeSince: null });
    await automations.update(automation.id, { enabled: true, activeSince: new Date(stored - 1).toISOString() });
    assert.equal(await unchecked('kc-again'), 1, 'on from before the batch: its inbound message is opened again');
  });
});
