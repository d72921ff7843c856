import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAudienceRepository, type AudienceRepository } from '../../../src/adapters/db/audience-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// crm_audience_candidates through the data API: the facts the audience match reads, a page at a
// time, and the watcher's cursor kept as MediaPoster rendered it.

let sb: TestSupabase;
let repo: AudienceRepository;
before(async () => {
  sb = await startTestSupabase('pglite');
  repo = createAudienceRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
});
after(async () => {
  await sb?.stop();
});

async function contact(
  account: string,
  username: string | null,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const [row] = await sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username, display_name, tags) values ($1, $2, $3, $4) returning id`,
    [account, username, fields.display_name ?? (username ? null : 'Only A Name'), fields.tags ?? []],
  );
  return row!.id;
}

async function thread(contactId: string, messages: { text: string; outbound: boolean; at?: string }[]) {
  const [conv] = await sb.sql.query<{ id: string }>(
    `insert into conversations (account_id, contact_id) select account_id, id from contacts where id = $1 returning id`,
    [contactId],
  );
  for (const [position, m] of messages.entries()) {
    await sb.sql.query(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound, observed_at)
       select account_id, $2, id, $3, $4, $5, coalesce($6::timestamptz, now()) from contacts where id = $1`,
      [contactId, conv!.id, position, m.text, m.outbound, m.at ?? null],
    );
  }
}

describe('audience repository', () => {
  it('gives each contact its five latest inbound texts, newest first, and when we last wrote to it', async () => {
    const id = await contact('aud', 'talker', { tags: ['editing', null] });
    const texts = Array.from({ length: 7 }, (_, n) => ({ text: `inbound ${n}`, outbound: false }));
    await thread(id, [...texts, { text: 'our reply', outbound: true, at: '2026-01-02T03:04:05Z' }]);
    const quiet = await contact('aud', 'quiet');
    const rows = await repo.candidates('aud', null, 10);
    const c1 = rows.find((r) => r.id === id)!;
    const c2 = rows.find((r) => r.id === quiet)!;
    assert.deepEqual(c1.recentInbound, ['inbound 6', 'inbound 5', 'inbound 4', 'inbound 3', 'inbound 2']);
    assert.deepEqual(c1.tags, ['editing'], 'a NULL array element carries nothing');
    assert.equal(c1.lastContactedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(
      [c2.recentInbound, c2.lastContactedAt, c2.optedOut, c2.pipelineStage],
      [[], null, false, 'first_touch'],
    );
  });

  it("hands the cooldown our untimed messages only from a thread's later reads, and Instagram's own times", async () => {
    // A thread's first read stores its history in one transaction: one observed_at, position 0's.
    const first = '2026-02-01T10:00:00Z';
    const history = await contact('aud-t', 'history');
    await thread(history, [
      { text: 'hi there', outbound: false, at: first },
      { text: 'our old DM, no time shown', outbound: true, at: first },
    ]);
    const later = await contact('aud-t', 'later');
    await thread(later, [
      { text: 'hi there', outbound: false, at: first },
      { text: 'our old DM', outbound: true, at: first },
      { text: 'written from the phone since', outbound: true, at: '2026-02-03T08:00:00Z' },
    ]);
    const timed = await contact('aud-t', 'timed');
    await thread(timed, [{ text: 'dated by Instagram', outbound: true, at: first }]);
    await sb.sql.query(`update messages set sent_at = '2026-01-20T07:00:00Z' where contact_id = $1`, [timed]);
    const rows = new Map((await repo.candidates('aud-t', null, 10)).map((r) => [r.username, r.lastContactedAt]));
    assert.deepEqual(
      [rows.get('history'), rows.get('later'), rows.get('timed')],
      [null, '2026-02-03T08:00:00.000Z', '2026-01-20T07:00:00.000Z'],
    );
  });

  it('counts a DM waiting in the queue as written to', async () => {
    const id = await contact('aud-q', 'queued');
    await sb.sql.query(`insert into accounts (id, safari_url) values ('aud-q', 'http://127.0.0.1:3100')`);
    await sb.sql.query(
      `insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, stop_on_reply, status, created_at)
       values (gen_random_uuid(), 'aud-q', 'k1', 'campaign', $1, 'queued', 'hi', 'tk', true, 'queued', '2026-03-04T05:06:07Z')`,
      [id],
    );
    const [row] = await repo.candidates('aud-q', null, 10);
    assert.equal(row!.lastContactedAt, '2026-03-04T05:06:07.000Z');
  });

  it('pages through an account in id order, at most 1000 rows a page, and only that account', async () => {
    await sb.sql.query(
      `insert into contacts (account_id, username) select 'aud-many', 'u' || n from generate_series(1, 1203) n`,
    );
    await contact('aud-other', 'elsewhere');
    const ids: string[] = [];
    for (let after: string | null = null; ;) {
      const page = await repo.candidates('aud-many', after, 5_000);
      assert.ok(page.length <= 1000, `a page of ${page.length}`);
      ids.push(...page.map((r) => r.id));
      if (page.length < 1000) break;
      after = page.at(-1)!.id;
    }
    assert.equal(ids.length, 1203);
    assert.deepEqual(ids, [...ids].sort(), 'id order, no repeats');
    assert.equal(new Set(ids).size, 1203);
  });

  it('reads below an upper bound too, so two halves of the ids cover the account once', async () => {
    await sb.sql.query(
      `insert into contacts (account_id, username) select 'aud-halves', 'h' || n from generate_series(1, 300) n`,
    );
    const MID = '80000000-0000-0000-0000-000000000000';
    const lower = await repo.candidates('aud-halves', null, 1000, MID);
    const upper = await repo.candidates('aud-halves', '7fffffff-ffff-ffff-ffff-ffffffffffff', 1000);
    assert.ok(lower.length > 0 && upper.length > 0, `${lower.length} below, ${upper.length} above`);
    assert.ok(lower.every((r) => r.id < MID) && upper.every((r) => r.id >= MID));
    const all = (await repo.candidates('aud-halves', null, 1000)).map((r) => r.id);
    assert.deepEqual(
      [...lower, ...upper].map((r) => r.id),
      all,
      'together: every contact once, in id order',
    );
  });

  it('keeps the watcher cursor exactly as given (microseconds included)', async () => {
    assert.equal(await repo.watchCursor('aud-w'), null);
    await repo.saveWatchCursor('aud-w', { at: '2026-11-29T10:00:00.123456+00:00', postId: 'p1' });
    await repo.saveWatchCursor('aud-w', { at: '2026-11-29T11:00:00.654321+00:00', postId: 'p2' });
    const cursor = await repo.watchCursor('aud-w');
    assert.equal(Date.parse(cursor!.at), Date.parse('2026-11-29T11:00:00.654Z'));
    assert.match(cursor!.at, /\.654321/);
    assert.equal(cursor!.postId, 'p2');
  });
});
