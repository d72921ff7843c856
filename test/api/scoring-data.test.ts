import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SupabaseClient } from '@supabase/supabase-js';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createScoreRepository, type ScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { insertRows, read, type Json } from '../helpers/data-api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// Score recalculation and batch scoring through supabase-js → PostgREST → PGlite.
// The clock is makeApiDeps' fixed 2026-11-25T12:00Z.

const ACCOUNT = 'acct-score';

/** The real repository, counting the calls made to each method. */
function counted(repo: ScoreRepository, calls: Record<string, number>): ScoreRepository {
  return new Proxy(repo, {
    get(target, key: string) {
      const method = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[key]!;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return method.apply(target, args);
      };
    },
  });
}

describe('scoring over the data API', () => {
  let sb: TestSupabase;
  let app: ReturnType<typeof createApp>;
  const calls: Record<string, number> = {};
  let samId = '';
  let tiaId = '';
  let db: SupabaseClient;

  before(async () => {
    sb = await startTestSupabase('pglite');
    db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    const scores = counted(createScoreRepository(db), calls);
    app = createApp(makeApiDeps({ contacts: createContactRepository(db), scores, config: { accountId: ACCOUNT } }));
    samId = (
      await insertRows(db, 'contacts', [
        {
          account_id: ACCOUNT,
          username: 'sam',
          last_message_at: '2026-11-23T12:00:00Z',
          what_theyre_building: 'a course',
          asks_opinion: true,
        },
      ])
    )[0]!;
    const [conv] = await insertRows(db, 'conversations', [{ account_id: ACCOUNT, contact_id: samId }]);
    const thread: [string, boolean][] = [
      ['hey! what are you working on?', true],
      ["I'm building a course, any tips?", false],
      ['love that', true],
      ["thanks, that's great", false],
    ];
    const messages = thread.map(([text, out], i) => ({
      account_id: ACCOUNT,
      conversation_id: conv,
      contact_id: samId,
      position: i,
      message_text: text,
      is_outbound: out,
    }));
    await insertRows(db, 'messages', messages);
    tiaId = (await insertRows(db, 'contacts', [{ account_id: ACCOUNT, username: 'tia' }]))[0]!;
    await insertRows(db, 'contacts', [{ account_id: 'acct-other', username: 'ghost' }]);
  });
  after(async () => {
    await sb?.stop();
  });

  const history = (contactId: string) =>
    read<{ score: number; previous_score: number | null; reason: string }>(
      db.from('score_history').select('score, previous_score, reason').eq('contact_id', contactId).order('scored_at'),
    );
  const scoreEvents = () =>
    read<{ entity_id: string; payload: Json }>(
      db.from('event_outbox').select('entity_id, payload').eq('type', 'contact.score_changed').order('seq'),
    );

  // 2 days ago → recency 100; inbound resonance (60 + 40) / 2 = 50; need 20 + 30 = 50; value 20;
  // reliability 50; consent 30 + 25 = 55 → 20 + 10 + 7.5 + 4 + 7.5 + 5.5 = 54.5 → 55.
  const samComponents = {
    recency: 100,
    resonance: 50,
    needClarity: 50,
    valueDelivered: 20,
    reliability: 50,
    consent: 55,
  };
  const samScore = {
    overall: 55,
    components: samComponents,
    ...samComponents,
    tier: { label: 'Building', emoji: '📊', color: 'yellow' },
    lane: 'service',
  };

  it('GET previews the score without writing anything', async () => {
    const res = await app.request('/api/contacts/sam/score', withKey());
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { score: samScore });
    assert.deepEqual(await history(samId), []);
  });

  it('POST recalculates, stores, writes one history row and one contact.score_changed event', async () => {
    const res = await app.request('/api/contacts/sam/score', withKey({ method: 'POST' }));
    assert.equal(res.status, 200);
    const body = (await res.json()) as { contact: Json; score: Json; changed: boolean };
    assert.equal(body.changed, true);
    assert.deepEqual(body.score, samScore);
    assert.equal(body.contact.relationship_score, 55);
    assert.deepEqual(await history(samId), [{ score: 55, previous_score: null, reason: 'manual' }]);
    const events = await scoreEvents();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], {
      entity_id: samId,
      payload: {
        ...events[0]!.payload,
        old_score: null,
        new_score: 55,
        change: 55,
        reason: 'manual',
        components: samComponents,
      },
    });
  });

  it('POST again writes no history row and no event when the score does not move', async () => {
    const res = await app.request(`/api/contacts/${samId}/score`, withKey({ method: 'POST' }));
    const body = (await res.json()) as { score: Json; changed: boolean };
    assert.deepEqual([body.changed, body.score.overall], [false, 55]);
    assert.equal((await history(samId)).length, 1);
    assert.equal((await scoreEvents()).length, 1);
  });

  it('answers 404 for an unknown contact', async () => {
    const res = await app.request('/api/contacts/nobody/score', withKey({ method: 'POST' }));
    assert.equal(res.status, 404);
  });

  it('batch: rescores the found contacts in three requests, reporting each missing name once', async () => {
    for (const key of Object.keys(calls)) delete calls[key];
    const res = await app.request(
      '/api/scoring/batch',
      withKey(jsonBody({ usernames: ['sam', '@TIA', 'ghost', 'Ghost'] })),
    );
    assert.equal(res.status, 200);
    // sam is current (55); tia was never scored: 20, 30, 20, 20, 50, 30 → 27.5 → 28.
    assert.deepEqual(await res.json(), { updated: 2, changed: 1, failed: ['ghost'] });
    assert.deepEqual(calls, { byUsernames: 1, recentMessages: 1, record: 1 });
    assert.deepEqual(await history(tiaId), [{ score: 28, previous_score: null, reason: 'batch' }]);
    assert.equal((await history(samId)).length, 1);
  });

  it('batch: takes 500 names in one read (no URL-length limit)', async () => {
    for (const key of Object.keys(calls)) delete calls[key];
    const usernames = Array.from({ length: 500 }, (_, i) => `user_with_a_long_name_${String(i).padStart(3, '0')}`);
    await insertRows(db, 'contacts', [
      { account_id: ACCOUNT, username: usernames[7] },
      { account_id: ACCOUNT, username: usernames[499] },
    ]);
    const res = await app.request('/api/scoring/batch', withKey(jsonBody({ usernames })));
    const body = (await res.json()) as { updated: number; changed: number; failed: string[] };
    assert.deepEqual([body.updated, body.changed, body.failed.length], [2, 2, 498]);
    assert.ok(!body.failed.includes(usernames[7]!));
    assert.deepEqual(calls, { byUsernames: 1, recentMessages: 1, record: 1 });
  });
});
