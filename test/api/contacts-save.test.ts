import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SupabaseClient } from '@supabase/supabase-js';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { insertRows, read, type Json } from '../helpers/data-api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// POST /api/contacts and GET /api/contacts/{id} through supabase-js → PostgREST → PGlite.
// The clock is makeApiDeps' fixed 2026-11-25T12:00Z.

const ACCOUNT = 'acct-save';

describe('POST /api/contacts and GET /api/contacts/{id} over the data API', () => {
  let sb: TestSupabase;
  let app: ReturnType<typeof createApp>;
  /** Without a score port: showing a contact must not need one (nor write a score). */
  let reader: ReturnType<typeof createApp>;
  let db: SupabaseClient;

  before(async () => {
    sb = await startTestSupabase('pglite');
    db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    app = createApp(
      makeApiDeps({
        contacts: createContactRepository(db),
        scores: createScoreRepository(db),
        config: { accountId: ACCOUNT },
      }),
    );
    reader = createApp(makeApiDeps({ contacts: createContactRepository(db), config: { accountId: ACCOUNT } }));
  });
  after(async () => {
    await sb?.stop();
  });

  const post = async (body: unknown) => {
    const res = await app.request('/api/contacts', withKey(jsonBody(body)));
    return { status: res.status, contact: ((await res.json()) as { contact: Json }).contact };
  };
  const events = async (contactId: unknown) =>
    (
      await read<{ type: string }>(
        db.from('event_outbox').select('type').eq('entity_id', contactId).order('entity_seq'),
      )
    ).map((e) => e.type);
  const history = (contactId: unknown) =>
    read<{ score: number; previous_score: number | null; reason: string }>(
      db.from('score_history').select('score, previous_score, reason').eq('contact_id', contactId).order('scored_at'),
    );

  it('creates (201), scores the new contact and updates only the given fields later (200), keeping score and stage', async () => {
    const created = await post({
      username: '@New.Person',
      display_name: 'New',
      pipeline_stage: 'trust_signals',
      tags: ['x'],
    });
    assert.equal(created.status, 201);
    const id = created.contact.id;
    // Never messaged: recency 20, resonance 30, need 20, value 20, reliability 50, consent 30 → 27.5 → 28.
    assert.deepEqual(created.contact, {
      ...created.contact,
      username: 'new.person',
      display_name: 'New',
      pipeline_stage: 'trust_signals',
      tags: ['x'],
      relationship_score: 28,
      notes: null,
    });

    const updated = await post({ username: 'new.person', notes: 'met at a meetup' });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.contact, {
      ...created.contact,
      notes: 'met at a meetup',
      updated_at: updated.contact.updated_at,
    });

    assert.deepEqual(await events(id), ['contact.created', 'contact.score_changed', 'contact.updated']);
    assert.deepEqual(await history(id), [{ score: 28, previous_score: null, reason: 'contact_saved' }]);
  });

  it('writes nothing when the same fields are posted again', async () => {
    const again = await post({ username: 'new.person', notes: 'met at a meetup' });
    assert.equal(again.status, 200);
    assert.deepEqual(await events(again.contact.id), ['contact.created', 'contact.score_changed', 'contact.updated']);
  });

  it('rescores when a field the score reads changes (one more history row and event)', async () => {
    const res = await post({ username: 'new.person', what_theyre_building: 'a podcast' });
    // need clarity 20 → 50: 27.5 + 0.15 × 30 = 32.
    assert.equal(res.contact.relationship_score, 32);
    assert.equal(res.contact.pipeline_stage, 'trust_signals');
    assert.deepEqual((await events(res.contact.id)).slice(3), ['contact.updated', 'contact.score_changed']);
    assert.deepEqual(
      (await history(res.contact.id)).map((h) => [h.score, h.previous_score]),
      [
        [28, null],
        [32, 28],
      ],
    );
  });

  it('shows a contact with its 50 newest messages (oldest first), the total and a score computed from them', async () => {
    const [id] = await insertRows(db, 'contacts', [
      { account_id: ACCOUNT, username: 'sam', last_message_at: '2026-11-24T12:00:00Z' },
    ]);
    const [conv] = await insertRows(db, 'conversations', [{ account_id: ACCOUNT, contact_id: id }]);
    const thread = Array.from({ length: 55 }, (_, i) => ({
      account_id: ACCOUNT,
      conversation_id: conv,
      contact_id: id,
      position: i,
      message_text: `hello ${i}`,
      is_outbound: true,
    }));
    await insertRows(db, 'messages', thread);
    const res = await reader.request('/api/contacts/SAM', withKey());
    assert.equal(res.status, 200);
    const body = (await res.json()) as { contact: Json; messages: Json[]; messageCount: number; score: Json };
    assert.equal(body.contact.id, id);
    assert.equal(body.messageCount, 55);
    assert.equal(body.messages.length, 50);
    assert.deepEqual(body.messages[0], {
      id: body.messages[0]!.id,
      position: 5,
      message_text: 'hello 5',
      message_type: 'text',
      is_outbound: true,
      sent_by_automation: false,
      sent_at: null,
      intent: null,
      intent_reason: null,
    });
    assert.equal(body.messages[49]!.position, 54);
    // 1 day ago → recency 100; only outbound → resonance 20; need 20, value 20, reliability 50, consent 30 → 41.5 → 42.
    const components = {
      recency: 100,
      resonance: 20,
      needClarity: 20,
      valueDelivered: 20,
      reliability: 50,
      consent: 30,
    };
    assert.deepEqual(body.score, {
      overall: 42,
      components,
      ...components,
      tier: { label: 'Needs Work', emoji: '⚠️', color: 'yellow' },
      lane: 'friendship',
    });
    assert.equal((await history(id)).length, 0, 'showing a score writes nothing');
  });

  it('shows the stored score when there is one, found by uuid', async () => {
    const components = {
      recency: 85,
      resonance: 70,
      needClarity: 50,
      valueDelivered: 90,
      reliability: 100,
      consent: 55,
    };
    const [id] = await insertRows(db, 'contacts', [
      {
        account_id: ACCOUNT,
        username: 'stored.sam',
        relationship_score: 77,
        score_components: components,
        resonance: 70,
      },
    ]);
    const body = (await (await reader.request(`/api/contacts/${id}`, withKey())).json()) as {
      messages: Json[];
      messageCount: number;
      score: Json;
    };
    assert.deepEqual(body.score, {
      overall: 77,
      components,
      ...components,
      tier: { label: 'Good', emoji: '👍', color: 'blue' },
      lane: 'friendship',
    });
    assert.deepEqual([body.messages, body.messageCount], [[], 0]);
  });

  it('answers 404 for a contact of another account', async () => {
    await insertRows(db, 'contacts', [{ account_id: 'acct-other', username: 'stranger' }]);
    const res = await reader.request('/api/contacts/stranger', withKey());
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { message: string } }).error.message, 'Contact not found');
  });

  it("takes the original server's instagram_username for the handle, shows it back, and refuses none or two different ones", async () => {
    const created = await post({ instagram_username: 'From.Original', display_name: 'Old client' });
    assert.equal(created.status, 201);
    assert.deepEqual(
      [created.contact.username, created.contact.instagram_username],
      ['from.original', 'from.original'],
    );
    assert.equal((await post({ username: 'same.one', instagram_username: '@Same.One' })).status, 201, 'both, agreeing');
    for (const body of [{ display_name: 'no handle' }, { username: 'one.name', instagram_username: 'another.name' }]) {
      const res = await app.request('/api/contacts', withKey(jsonBody(body)));
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
    }
    const listed = await app.request('/api/contacts/from.original', withKey());
    assert.equal(((await listed.json()) as { contact: Json }).contact.instagram_username, 'from.original');
  });
});
