import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertScored } from '../../../src/app/contacts/contact-scoring';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
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
  (
    await sb.sql.query<{ relationship_score: number | null }>(
      `select relationship_score from contacts where account_id = 'cs' and username = $1`,
      [username],
    )
  )[0]?.relationship_score;

describe('upsertScored', () => {
  it('scores new contacts with the formula when they are written', async () => {
    await upsertScored(
      ports,
      'cs',
      [{ username: 'new_one' }, { username: 'builder', whatTheyreBuilding: 'a podcast', tags: ['vip'] }],
      scoring,
    );
    // Worked out by hand from crm-engines.md §3.2 and the default weights, for a contact with no
    // messages, nothing promised, delivered or shared:
    //   recency 20 (never messaged) × 0.20 = 4      resonance 30 (no messages) × 0.20 = 6
    //   needClarity 20 × 0.15 = 3                   valueDelivered 20 (none) × 0.20 = 4
    //   reliability 50 (nothing promised) × 0.15 = 7.5   consent 30 × 0.10 = 3
    //   4 + 6 + 3 + 4 + 7.5 + 3 = 27.5 → 28 (half up)
    // With what they are building, needClarity is 20 + 30 = 50: 27.5 + 30 × 0.15 = 32 (tags count for nothing).
    assert.equal(await scoreOf('new_one'), 28);
    assert.equal(await scoreOf('builder'), 32, 'what they are building counts from the start');
  });

  it('scores what an earlier attempt wrote but did not score, and leaves scored contacts alone', async () => {
    await ports.contacts.upsertContacts('cs', [{ username: 'half_done' }]);
    assert.equal(await scoreOf('half_done'), null, 'written without a score (an attempt that stopped there)');
    const history = async () =>
      Number((await sb.sql.query<{ n: string }>(`select count(*) as n from score_history`))[0]!.n);
    const before = await history();
    await upsertScored(ports, 'cs', [{ username: 'half_done' }, { username: 'new_one' }], scoring);
    assert.equal(await scoreOf('half_done'), 28, 'the score of a bare new contact, worked out in the first test');
    assert.equal(await history(), before + 1, 'only the unscored one was scored');
  });
});
