import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { staleScores } from '../../../src/domain/rescoring';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

let sb: TestSupabase;
before(async () => {
  sb = await startTestSupabase('pglite');
});
after(async () => {
  await sb?.stop();
});

describe('score repository', () => {
  it("returns each contact's newest messages, oldest first, past the data API's 1000-row page", async () => {
    await sb.sql.exec(`
      insert into contacts (account_id, username) select 'rm', 'person_' || g from generate_series(1, 30) g;
      insert into conversations (account_id, contact_id) select 'rm', id from contacts where account_id = 'rm';
      insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound)
        select 'rm', v.id, v.contact_id, p, 'message ' || p, p % 2 = 0
        from conversations v cross join generate_series(0, 59) p where v.account_id = 'rm';`);
    const ids = (await sb.sql.query<{ id: string }>(`select id from contacts where account_id = 'rm'`)).map(
      (r) => r.id,
    );
    const recent = await createScoreRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey })).recentMessages(
      ids,
      50,
    );
    assert.equal(recent.size, 30);
    for (const messages of recent.values()) {
      assert.deepEqual(
        messages.map((m) => m.position),
        Array.from({ length: 50 }, (_, i) => i + 10),
        'the 50 newest, oldest first',
      );
    }
  });

  it('writes a compare-and-set score only where the contact is still as read, with its history row and event', async () => {
    await sb.sql.exec(`insert into contacts (account_id, username, last_message_at)
      select 'cas', 'person_' || g, now() - interval '2 days' from generate_series(1, 2) g`);
    const repo = createScoreRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
    const rows = await repo.page('cas', null, 10);
    const updates = staleScores(rows, Date.now(), DEFAULT_SCORE_WEIGHTS);
    assert.equal(updates.length, 2);
    // One of them changes after the read: its score, computed from the row as it was, must not land.
    await sb.sql.exec(
      `update contacts set notes = 'changed meanwhile' where account_id = 'cas' and username = 'person_1'`,
    );
    assert.deepEqual(await repo.record('cas', updates, 'test', { ifUnchanged: true }), { updated: 1, scoreChanged: 1 });
    const scored = await sb.sql.query<{ username: string; history: string; events: string }>(
      `select c.username, (select count(*) from score_history h where h.contact_id = c.id) as history,
        (select count(*) from event_outbox e where e.entity_id = c.id::text and e.type = 'contact.score_changed') as events
       from contacts c where c.account_id = 'cas' and c.relationship_score is not null`,
    );
    assert.deepEqual(
      scored.map((r) => [r.username, Number(r.history), Number(r.events)]),
      [['person_2', 1, 1]],
    );
    // Without the compare-and-set (a write that read the contact in its own transaction), it lands.
    assert.deepEqual(await repo.record('cas', updates, 'test'), { updated: 1, scoreChanged: 1 });
  });
});
