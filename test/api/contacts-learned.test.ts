import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import type { Json } from '../simulator/sim-fixture';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// What the sync understood, through the API over the data API and PostgreSQL: a contact shows its
// last intent, when it last wrote and what was learned from which message; the list filters by
// intent; a learned field set by hand (or imported: the same plan as POST) becomes a typed value, its source dropped.

const ACCOUNT = 'acct-learned';
const MAYA = '00000000-0000-4000-8000-00000000000a';
const BEN = '00000000-0000-4000-8000-00000000000b';
const MESSAGE = '00000000-0000-4000-8000-0000000000f1';
const source = (value: string | string[], sentence: string) => ({
  value,
  sentence,
  messageId: MESSAGE,
  learnedAt: '2026-12-06T12:00:00.000Z',
  pattern: "I'm building …",
});

let sb: TestSupabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  app = createApp(
    makeApiDeps({
      contacts: createContactRepository(db),
      scores: createScoreRepository(db),
      config: { accountId: ACCOUNT },
    }),
  );
  const sentence = "I'm building a small app for gyms, still figuring out pricing.";
  await sb.sql.query(
    `insert into contacts (id, account_id, username, what_theyre_building, current_friction, fit_signals, notes,
       last_intent, last_replied_at, learned_fields)
     values ($1, $3, 'maya', 'a small app for gyms', 'pricing', '{saas}', 'typed note', 'interested', '2026-12-06T12:00:00Z', $4),
            ($2, $3, 'ben', null, null, '{}', null, 'question', '2026-12-05T09:00:00Z', '{}')`,
    [
      MAYA,
      BEN,
      ACCOUNT,
      JSON.stringify({
        what_theyre_building: source('a small app for gyms', sentence),
        current_friction: source('pricing', sentence),
      }),
    ],
  );
  await sb.sql.query(
    `insert into conversations (id, account_id, contact_id, message_count) values ('00000000-0000-4000-8000-0000000000c1', $1, $2, 2)`,
    [ACCOUNT, MAYA],
  );
  await sb.sql.query(
    `insert into messages (id, account_id, conversation_id, contact_id, position, message_text, is_outbound, intent, intent_reason)
     values (gen_random_uuid(), $1, '00000000-0000-4000-8000-0000000000c1', $2, 0, 'New video!', true, null, null),
            ($3, $1, '00000000-0000-4000-8000-0000000000c1', $2, 1, $4, false, 'interested', 'love this')`,
    [ACCOUNT, MAYA, MESSAGE, `Love this! ${sentence}`],
  );
});
after(async () => {
  await sb?.stop();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, withKey(body === undefined ? { method } : jsonBody(body, { method })));
  return { status: res.status, body: (await res.json()) as Json };
};

describe('what the sync understood, through the API', () => {
  it("shows a contact's last intent, when they wrote, what was learned and from which message", async () => {
    const { status, body } = await call('GET', '/api/contacts/maya');
    assert.equal(status, 200);
    const c = body.contact;
    assert.deepEqual([c.last_intent, c.last_replied_at], ['interested', '2026-12-06T12:00:00+00:00']);
    assert.deepEqual(c.learned_fields.what_theyre_building, {
      value: 'a small app for gyms',
      sentence: "I'm building a small app for gyms, still figuring out pricing.",
      message_id: MESSAGE,
      learned_at: '2026-12-06T12:00:00.000Z',
      pattern: "I'm building …",
    });
    assert.deepEqual(
      body.messages.map((m: Json) => [m.is_outbound, m.intent, m.intent_reason]),
      [
        [true, null, null],
        [false, 'interested', 'love this'],
      ],
    );
    assert.equal(body.messages[1].id, MESSAGE);
  });

  it('filters the list by last intent', async () => {
    const names = async (q: string) =>
      (await call('GET', `/api/contacts?${q}`)).body.contacts.map((c: Json) => c.username).sort();
    assert.deepEqual(await names('intent=interested'), ['maya']);
    assert.deepEqual(await names('intent=question'), ['ben']);
    assert.deepEqual(await names('intent=not_now'), []);
    assert.equal((await call('GET', '/api/contacts?intent=maybe')).status, 400);
  });

  it('makes a learned field set by hand a typed value (even to the same value), leaving the others learned', async () => {
    const { status, body } = await call('PATCH', '/api/contacts/maya', {
      what_theyre_building: 'a small app for gyms',
    });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body.contact.learned_fields), ['current_friction']);
    assert.equal(body.contact.what_theyre_building, 'a small app for gyms');

    // POST updates a known contact through the same plan as an import (upsertContacts).
    const saved = await call('POST', '/api/contacts', { username: 'maya', current_friction: 'finding gyms that pay' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const after = (await call('GET', '/api/contacts/maya')).body.contact;
    assert.deepEqual(
      [after.current_friction, after.learned_fields, after.notes],
      ['finding gyms that pay', {}, 'typed note'],
    );
  });
});
