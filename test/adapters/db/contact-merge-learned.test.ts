import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mergeContacts, type MergerPorts } from '../../../src/adapters/db/contact-merger';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createIdentityRepository } from '../../../src/adapters/db/identity-repository';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A merge on PostgreSQL carries what the absorbed contact told us (learned fields with their
// provenance) and its newer reply (last_intent, last_replied_at) into the survivor.

const ACCOUNT = 'acct-merge-learned';
let sb: TestSupabase;
let ports: MergerPorts;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
  ports = {
    identity: createIdentityRepository(db),
    scores: createScoreRepository(db),
    scoreWeights: DEFAULT_SCORE_WEIGHTS,
    now: Date.now,
  };
});
after(async () => void (await sb?.stop()));

const taught = (value: string, messageId: string) => ({
  value,
  sentence: `I said ${value}`,
  messageId,
  learnedAt: '2026-12-01T10:00:00.000Z',
  pattern: 'test',
});
type Row = {
  id: string;
  what_theyre_building: string | null;
  current_friction: string | null;
  fit_signals: string[];
  learned_fields: Record<string, unknown>;
  last_intent: string | null;
  last_replied_at: Date | null;
};
async function contact(fields: Record<string, unknown>): Promise<string> {
  const names = Object.keys(fields);
  const [row] = await sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, ${names.join(', ')}) values ($1, ${names.map((_, i) => `$${i + 2}`).join(', ')}) returning id`,
    [ACCOUNT, ...names.map((k) => (k === 'learned_fields' ? JSON.stringify(fields[k]) : fields[k]))],
  );
  return row!.id;
}
const read = async (id: string) => (await sb.sql.query<Row>(`select * from contacts where id = $1`, [id]))[0];

describe('a merge on PostgreSQL', () => {
  it("carries the absorbed contact's learned values, their provenance and its newer reply", async () => {
    const keep = await contact({
      username: 'maya.learned',
      what_theyre_building: 'a CRM',
      fit_signals: ['builds_in_public'],
      learned_fields: { fit_signals: [taught('builds_in_public', 's1')] },
      last_intent: 'question',
      last_replied_at: '2026-12-01T10:00:00.000Z',
    });
    const old = await contact({
      display_name: 'Maya',
      what_theyre_building: 'an app for gyms',
      current_friction: 'pricing',
      fit_signals: ['asks_for_feedback'],
      learned_fields: {
        what_theyre_building: taught('an app for gyms', 'a1'),
        current_friction: taught('pricing', 'a2'),
        fit_signals: [taught('asks_for_feedback', 'a3')],
      },
      last_intent: 'interested',
      last_replied_at: '2026-12-02T10:00:00.000Z',
    });
    const merged = await mergeContacts(ports, ACCOUNT, {
      survivorId: keep,
      absorbedId: old,
      evidence: 'user',
      detail: {},
      by: 'user',
    });
    assert.equal(merged.merged, true, JSON.stringify(merged));
    const row = (await read(keep))!;
    assert.deepEqual(
      [row.what_theyre_building, row.current_friction, row.fit_signals],
      ['a CRM', 'pricing', ['asks_for_feedback', 'builds_in_public']],
    );
    assert.deepEqual(row.learned_fields, {
      current_friction: taught('pricing', 'a2'),
      fit_signals: [taught('builds_in_public', 's1'), taught('asks_for_feedback', 'a3')],
    });
    assert.deepEqual([row.last_intent, row.last_replied_at?.toISOString()], ['interested', '2026-12-02T10:00:00.000Z']);
    assert.equal(await read(old), undefined, 'the absorbed contact is gone');
  });
});
