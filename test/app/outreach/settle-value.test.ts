import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { upsertScored } from '../../../src/app/contacts/contact-scoring';
import { createSettler, type SettlePorts } from '../../../src/app/outreach/settle';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createOutreachRepository } from '../../../src/adapters/db/outreach-repository';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A sent DM that carries content (a video, a link) counts one value delivered, in the sent move's
// own transaction: a settle repeated (the activity retried) counts nothing more, on PostgreSQL.

const ACCOUNT = 'valued';
const NOW = Date.UTC(2026, 11, 6, 12);
let sb: TestSupabase;
let ports: SettlePorts;
let outreach: ReturnType<typeof createOutreachRepository>;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  outreach = createOutreachRepository(db);
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
  const contacts = createContactRepository(db);
  const scores = createScoreRepository(db);
  ports = { outreach, contacts, scores, now: () => NOW, scoreWeights: DEFAULT_SCORE_WEIGHTS };
  const building = (username: string) => ({ username, whatTheyreBuilding: 'a podcast' });
  await upsertScored({ contacts, scores }, ACCOUNT, ['linked', 'plain', 'video_fan', 'retried'].map(building), {
    nowMs: NOW,
    weights: DEFAULT_SCORE_WEIGHTS,
  });
});
after(async () => {
  await sb?.stop();
});

const contactId = async (username: string) =>
  (await sb.sql.query<{ id: string }>(`select id from contacts where username = $1`, [username]))[0]!.id;

/** An item queued for `username` and reserved by an attempt: what the sender settles. */
async function reserved(username: string, text: string, videoId: string | null = null) {
  const key = randomUUID();
  const [queued] = (
    await outreach.enqueue(ACCOUNT, [
      {
        id: randomUUID(),
        businessKey: key,
        kind: 'direct',
        contactId: await contactId(username),
        username,
        text,
        textKey: key,
        priority: 50,
        scheduledAt: null,
        campaign: null,
        template: null,
        videoId,
        stopOnReply: false,
        requiresApproval: false,
        status: 'queued',
        notifyWorkflowId: null,
        requestId: null,
        event: { note: key },
      },
    ])
  ).items;
  const token = `t-${key}`;
  const moved = await outreach.transition(queued!.item.id, {
    move: 'reserve',
    fields: { attempt_token: token, attempts_add: 1, last_attempt_at: new Date(NOW).toISOString() },
  });
  assert.equal(moved.applied, true);
  return { itemId: queued!.item.id, token };
}

const state = async (username: string) =>
  (
    await sb.sql.query<{ relationship_score: number; value_delivered_count: number }>(
      `select relationship_score, value_delivered_count from contacts where username = $1`,
      [username],
    )
  )[0]!;
const scoreEvents = async (username: string) =>
  (
    await sb.sql.query<{ payload: { old_score: number; new_score: number; reason: string } }>(
      `select payload from event_outbox where type = 'contact.score_changed' and entity_id = $1 order by seq`,
      [await contactId(username)],
    )
  ).map((r) => [r.payload.reason, r.payload.old_score, r.payload.new_score]);

const SENT = { to: 'sent', outcome: 'OK' } as const;

// Worked out by hand (crm-engines.md §3.2, default weights). Each contact says what it is building and
// starts at 32 (see test/app/contacts/promises.test.ts). Once a DM is sent at NOW: recency 100 × 0.20 = 20,
// resonance 20 (our message only, none of theirs) × 0.20 = 4, needClarity 50 × 0.15 = 7.5, reliability
// 50 × 0.15 = 7.5, consent 30 × 0.10 = 3 — together 42 — plus valueDelivered × 0.20:
//   none delivered 20 → 4 (46); one 50 → 10 (52); two 70 → 14 (56).
describe('value delivered by a sent DM, over PostgreSQL', () => {
  it('a link or a video counts one, a plain DM none; the score moves with its event', async () => {
    const settler = createSettler(ports);
    for (const [username, text, video] of [
      ['linked', 'The checklist: https://example.com/checklist', null],
      ['plain', 'How is the podcast going?', null],
      ['video_fan', 'Made this for you', 'vid_7'],
    ] as const) {
      const { itemId, token } = await reserved(username, text, video);
      assert.equal((await settler.settle(itemId, token, SENT)).status, 'sent');
    }
    assert.deepEqual(await state('linked'), { relationship_score: 52, value_delivered_count: 1 });
    assert.deepEqual(await state('plain'), { relationship_score: 46, value_delivered_count: 0 });
    assert.deepEqual(await state('video_fan'), { relationship_score: 52, value_delivered_count: 1 });
    assert.deepEqual(await scoreEvents('linked'), [
      ['contact_created', null, 32],
      ['value_delivered', 32, 52],
    ]);
    assert.deepEqual(await scoreEvents('plain'), [
      ['contact_created', null, 32],
      ['dm_sent', 32, 46],
    ]);

    const second = await reserved('linked', 'And the template: www.example.com/template');
    await settler.settle(second.itemId, second.token, SENT);
    assert.deepEqual(await state('linked'), { relationship_score: 56, value_delivered_count: 2 });
  });

  it('a settle repeated after its score failed counts once, and scores then', async () => {
    const { itemId, token } = await reserved('retried', 'Here: https://example.com/guide');
    const failing = createSettler({
      ...ports,
      scores: {
        record: () => Promise.reject(new Error('data API gone after the move committed')),
      },
    });
    await assert.rejects(failing.settle(itemId, token, SENT), /data API gone/);
    assert.deepEqual(await state('retried'), { relationship_score: 32, value_delivered_count: 1 });

    const settler = createSettler(ports);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      assert.equal((await settler.settle(itemId, token, SENT)).status, 'sent');
      assert.deepEqual(await state('retried'), { relationship_score: 52, value_delivered_count: 1 });
    }
    assert.deepEqual(await scoreEvents('retried'), [
      ['contact_created', null, 32],
      ['value_delivered', 32, 52],
    ]);
    const sent = await sb.sql.query(
      `select 1 from event_outbox where type = 'message.sent' and payload->>'item_id' = $1`,
      [itemId],
    );
    assert.equal(sent.length, 1, 'one message.sent for the item');
  });

  it('a DM with content that failed delivers nothing', async () => {
    const before = await state('plain');
    const { itemId, token } = await reserved('plain', 'https://example.com/never-arrived');
    const settled = await createSettler(ports).settle(itemId, token, {
      to: 'failed',
      outcome: 'NOT_FOUND',
      error: 'x',
    });
    assert.equal(settled.status, 'failed');
    assert.deepEqual(await state('plain'), before);
  });
});
