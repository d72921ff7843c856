import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
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
});
