import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertScored } from '../../../src/app/contacts/contact-scoring';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { DEFAULT_SCORE_WEIGHTS, scoreContact } from '../../../src/domain/scoring';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A contact has its score from the moment it exists: written, then scored in the same step, over
// the real data API. The scores are the formula's, not a default.

let sb: TestSupabase;
let ports: { contacts: ReturnType<typeof createContactRepository>; scores: ReturnType<typeof createScoreRepository> };
const NOW = Date.UTC(2026, 10, 29, 12);
const scoring = { nowMs: NOW, weights: DEFAULT_SCORE_WEIGHTS };

before(async () => {
  sb = await startTestSupabase('pglite');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  ports = { contacts: createContactRepository(db), scores: createScoreRepository(db) };
});
after(async () => {
  await sb?.stop();
});

const scoreOf = async (username: string) =>
  (await sb.sql.query<{ relationship_score: number | null }>(`select relationship_score from contacts where account_id = 'cs' and username = $1`, [username]))[0]?.relationship_score;

describe('upsertScored', () => {
  it('scores new contacts with the formula when they are written', async () => {
    await upsertScored(ports, 'cs', [{ username: 'new_one' }, { username: 'builder', whatTheyreBuilding: 'a podcast', tags: ['vip'] }], scoring);
    const [plain, builder] = [await scoreOf('new_one'), await scoreOf('builder')];
    assert.notEqual(plain, null);
    const expected = scoreContact({ contact: (await ports.contacts.getScored('cs', 'new_one'))!.contact, messages: [], nowMs: NOW }, DEFAULT_SCORE_WEIGHTS).overall;
    assert.equal(plain, expected);
    assert.ok(builder! > plain, 'what they are building counts from the start');
  });

  it('scores what an earlier attempt wrote but did not score, and leaves scored contacts alone', async () => {
    await ports.contacts.upsertContacts('cs', [{ username: 'half_done' }]);
    assert.equal(await scoreOf('half_done'), null, 'written without a score (an attempt that stopped there)');
    const history = async () => Number((await sb.sql.query<{ n: string }>(`select count(*) as n from score_history`))[0]!.n);
    const before = await history();
    await upsertScored(ports, 'cs', [{ username: 'half_done' }, { username: 'new_one' }], scoring);
    assert.notEqual(await scoreOf('half_done'), null);
    assert.equal(await history(), before + 1, 'only the unscored one was scored');
  });
});
