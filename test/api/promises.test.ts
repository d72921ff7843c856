import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createPromiseRepository } from '../../src/adapters/db/promise-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import type { Json } from '../simulator/sim-fixture';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// The promise routes over the data API and PostgreSQL: made (201), listed, kept (200, and 200 with
// changed: false when kept before); bad input is a 400, an unknown contact or promise a 404.

const ACCOUNT = 'acct-promises';
const NOW = Date.UTC(2026, 11, 6, 12);
const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

let sb: TestSupabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  app = createApp(
    makeApiDeps({
      contacts: createContactRepository(db),
      promises: createPromiseRepository(db),
      config: { accountId: ACCOUNT },
      now: () => NOW,
    }),
  );
  await sb.sql.query(`insert into contacts (account_id, username) values ($1, 'maya'), ($1, 'ben')`, [ACCOUNT]);
});
after(async () => {
  await sb?.stop();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, withKey(body === undefined ? { method } : jsonBody(body, { method })));
  return { status: res.status, body: (await res.json()) as Json };
};

describe('promise routes', () => {
  it('makes, lists and keeps a promise; the contact shows its counts and score', async () => {
    const made = await call('POST', '/api/contacts/maya/promises', {
      text: '  Send the checklist ',
      due: '2026-12-11',
    });
    assert.equal(made.status, 201);
    assert.deepEqual(
      [made.body.promise.text, made.body.promise.due, made.body.promise.kept_at, made.body.changed],
      ['Send the checklist', '2026-12-11', null, true],
    );
    // Never scored before; a bare contact with no messages (by hand, default weights): recency 20 × 0.2 +
    // resonance 30 × 0.2 + needClarity 20 × 0.15 + valueDelivered 20 × 0.2 + consent 30 × 0.1 = 20, and
    // reliability 0 of 1 kept = 0 → 20. Kept: reliability 100 × 0.15 = 15 → 35.
    assert.deepEqual(
      [made.body.contact.promises_made, made.body.contact.relationship_score, made.body.score_changed],
      [1, 20, true],
    );

    const listed = await call('GET', '/api/contacts/maya/promises');
    assert.equal(listed.status, 200);
    assert.deepEqual([listed.body.made, listed.body.kept], [1, 0]);
    assert.deepEqual(listed.body.promises, [made.body.promise]);

    const path = `/api/contacts/maya/promises/${made.body.promise.id}/kept`;
    const kept = await call('POST', path);
    assert.equal(kept.status, 200);
    assert.deepEqual(
      [kept.body.changed, kept.body.contact.promises_kept, kept.body.contact.relationship_score],
      [true, 1, 35],
    );
    assert.notEqual(kept.body.promise.kept_at, null);
    const again = await call('POST', path);
    assert.deepEqual([again.status, again.body.changed, again.body.score_changed], [200, false, false]);
    assert.equal(again.body.promise.kept_at, kept.body.promise.kept_at);

    const contact = (await call('GET', '/api/contacts/maya')).body.contact;
    assert.deepEqual([contact.promises_made, contact.promises_kept, contact.value_delivered_count], [1, 1, 0]);
  });

  it('answers bad input 400, an unknown contact or promise 404, and writes nothing', async () => {
    const cases: [string, string, unknown, number][] = [
      ['no text', '/api/contacts/ben/promises', {}, 400],
      ['blank text', '/api/contacts/ben/promises', { text: '   ' }, 400],
      ['text too long', '/api/contacts/ben/promises', { text: 'x'.repeat(501) }, 400],
      ['a due that is no date', '/api/contacts/ben/promises', { text: 'x', due: 'next friday' }, 400],
      ['an unknown field', '/api/contacts/ben/promises', { text: 'x', owner: 'me' }, 400],
      ['an unknown contact', '/api/contacts/nobody/promises', { text: 'x' }, 404],
      ['a promise id that is no uuid', '/api/contacts/ben/promises/42/kept', undefined, 400],
      ['an unknown promise', `/api/contacts/ben/promises/${UNKNOWN}/kept`, undefined, 404],
    ];
    for (const [name, path, body, status] of cases) {
      const res = await call('POST', path, body);
      assert.equal(res.status, status, name);
      assert.equal(res.body.error.code, status === 400 ? 'VALIDATION_FAILED' : 'NOT_FOUND', name);
    }
    const maya = (await call('GET', '/api/contacts/maya/promises')).body.promises[0];
    const other = await call('POST', `/api/contacts/ben/promises/${maya.id}/kept`);
    assert.equal(other.status, 404, "another contact's promise is not this contact's");
    assert.equal((await call('GET', '/api/contacts/nobody/promises')).status, 404);
    const ben = await call('GET', '/api/contacts/ben/promises');
    assert.deepEqual([ben.body.promises, ben.body.made, ben.body.kept], [[], 0, 0]);
  });
});
