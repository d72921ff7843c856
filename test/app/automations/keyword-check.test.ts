import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createAutomationRepository, type AutomationRepository } from '../../../src/adapters/db/automation-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { notConfiguredVideos } from '../../../src/adapters/mediaposter/video-repository';
import { checkKeywordReplies, type KeywordCheckPorts } from '../../../src/app/automations/keyword-check';
import { OPEN_PACING } from '../../helpers/outreach-stack';
import { raceHeldTransaction } from '../../helpers/held-transaction';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// The keyword check's write over PostgreSQL, where transactions really overlap: checks running at
// once over the same stored messages (the full sync's batch and the reply watch's) queue one reply
// and record each match once; a contact opting out while a check runs gets no reply.

const ACCOUNT = 'kw';
let sb: TestSupabase;
let ports: KeywordCheckPorts;
let repo: AutomationRepository;
const wakes: string[] = [];

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:9');
  await createAccountRepository(db).ensure('kw-off', 'http://127.0.0.1:9');
  repo = createAutomationRepository(db);
  ports = {
    automations: repo,
    accounts: createAccountRepository(db),
    videos: notConfiguredVideos,
    // Records wakes instead of signalling a sender (no Temporal here): the waking itself is the
    // sender's, tested with it (test/integration/keyword-replies.test.ts wakes a real one).
    senders: { wakeSender: async (accountId) => void wakes.push(accountId) },
    outreachSettings: { defaults: { pacing: OPEN_PACING, approvalMode: 'first_contact', approvalNotifyMs: 3_600_000 } },
  };
});
after(async () => {
  await sb?.stop();
});

const sql = <T>(q: string, args: unknown[] = []) => sb.sql.query<T>(q, args);

/** A contact with a thread already read (position 0 from before), and the new inbound texts stored unchecked. */
async function person(username: string, texts: string[], account = ACCOUNT): Promise<string> {
  const [{ id }] = (await sql<{ id: string }>(
    `insert into contacts (account_id, username, total_messages_received) values ($1, $2, 1) returning id`,
    [account, username],
  )) as [{ id: string }];
  const [{ id: conv }] = (await sql<{ id: string }>(
    `insert into conversations (account_id, contact_id, message_count) values ($1, $2, $3) returning id`,
    [account, id, texts.length + 1],
  )) as [{ id: string }];
  await sql(
    `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound, observed_at, keywords_checked)
     values ($1, $2, $3, 0, 'hello', true, now() - interval '1 day', true)`,
    [account, conv, id],
  );
  await more(conv, id, 1, texts, account);
  return id;
}

async function more(conv: string, contact: string, from: number, texts: string[], account = ACCOUNT) {
  for (const [i, text] of texts.entries())
    await sql(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound)
       values ($1, $2, $3, $4, $5, false)`,
      [account, conv, contact, from + i, text],
    );
}

const waiting = async (account: string) =>
  (
    (await sql<{ n: number }>(
      `select count(*)::int as n from messages where account_id = $1 and not keywords_checked`,
      [account],
    )) as [{ n: number }]
  )[0].n;

describe('checkKeywordReplies over PostgreSQL', () => {
  it('checks running at once queue one reply per contact and record each match once', async () => {
    const automation = await repo.create(ACCOUNT, {
      name: 'Guide',
      keywords: ['guide', 'checklist'],
      reply: { template: 'Hi {{first_name|there}}, here it is' },
      videoId: null,
      enabled: true,
      activeSince: new Date(Date.now() - 60_000).toISOString(),
    });
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => person(`p${i}`, ['the guide please', 'and the checklist', 'thanks'])),
    );
    const results = await Promise.all(Array.from({ length: 4 }, () => checkKeywordReplies(ports, ACCOUNT)));
    assert.equal(
      results.reduce((n, r) => n + r.queued, 0),
      10,
      'one reply per contact in all',
    );
    assert.equal(
      results.reduce((n, r) => n + r.matched, 0),
      20,
      'two matching messages per contact, each recorded once',
    );
    const items = await sql<{ contact_id: string; text: string; status: string }>(
      `select contact_id, text, status from outreach_items where campaign = $1 order by username`,
      [`automation:${automation.id}`],
    );
    assert.deepEqual(
      items.map((i) => [i.contact_id, i.text, i.status]),
      // Known only by handle: greeted by the template's fallback, never "Hi p0".
      ids.map((id) => [id, 'Hi there, here it is', 'queued']),
    );
    const events = await sql<{ type: string; n: number }>(
      `select type, count(*)::int as n from event_outbox where type in ('automation.matched', 'outreach.queued') group by type order by type`,
    );
    assert.deepEqual(
      events.map((e) => [e.type, e.n]),
      [
        ['automation.matched', 20],
        ['outreach.queued', 10],
      ],
    );
    const stats = (await repo.get(automation.id))!.stats;
    assert.deepEqual(stats, { matched: 20, queued: 10, sent: 0, skipped: 10 });
    const [{ n }] = (await sql<{ n: number }>(
      `select count(*)::int as n from messages where not keywords_checked`,
    )) as [{ n: number }];
    assert.equal(n, 0, 'every message checked');
    assert.ok(wakes.length >= 1 && wakes.every((a) => a === ACCOUNT), 'the sender was woken');
  });

  it('a contact opted out while the check runs gets no reply (the write waits for the opt-out and sees it)', async () => {
    const id = await person('late.stopper', ['guide']);
    // The opt-out's transaction holds the contact's row while the check's write arrives.
    const { waited, value: r } = await raceHeldTransaction(
      sb,
      (held) => held.query(`update contacts set opted_out = true where id = $1`, [id]),
      () => checkKeywordReplies(ports, ACCOUNT),
      'the check',
    );
    assert.equal(waited, true, 'the check waited for the opt-out');
    assert.deepEqual([r.matched, r.queued], [1, 0]);
    assert.deepEqual(await sql(`select id from outreach_items where contact_id = $1`, [id]), []);
    const [m] = await sql<{ outcome: string }>(`select outcome from automation_matches where contact_id = $1`, [id]);
    assert.equal(m!.outcome, 'opted_out');
  });

  it('with no automation on, what waits is marked checked without being read; once one is on, new messages are read and matched', async () => {
    const account = 'kw-off';
    let pageReads = 0;
    const counting: KeywordCheckPorts = {
      ...ports,
      automations: { ...repo, unchecked: (a, n) => (pageReads++, repo.unchecked(a, n)) },
    };
    const fields = { name: 'Guide', keywords: ['guide'], reply: { text: 'here it is' }, videoId: null };
    await repo.create(account, { ...fields, enabled: false, activeSince: null });
    const id = await person('quiet', ['the guide please', 'thanks'], account);
    assert.equal(await waiting(account), 2);

    assert.deepEqual(await checkKeywordReplies(counting, account), { checked: 0, matched: 0, queued: 0 });
    assert.equal(pageReads, 0, 'no page read: only a disabled automation');
    assert.equal(await waiting(account), 0, 'what waited is marked checked');

    await repo.create(account, { ...fields, enabled: true, activeSince: new Date(Date.now() - 1000).toISOString() });
    const [{ conv }] = (await sql<{ conv: string }>(`select id as conv from conversations where contact_id = $1`, [
      id,
    ])) as [{ conv: string }];
    await more(conv, id, 3, ['guide again'], account);
    const r = await checkKeywordReplies(counting, account);
    assert.deepEqual([r.checked, r.matched], [1, 1], 'the message written after it was on is read and matched');
    assert.ok(pageReads >= 1);
    assert.equal(await waiting(account), 0);
  });
});
