import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeCursor, type ContactCursor } from '../../src/adapters/db/contact-query';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { makeApiDeps, withKey } from '../helpers/api';
import { MALFORMED_CURSORS } from '../helpers/adversarial';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// GET /api/contacts with cursors built the way the encoder builds them but holding a value that
// does not fit the sort's column, through supabase-js → PostgREST → PGlite: each is the client's
// mistake (400, naming the cursor), never a database error (500) as every one of them was.

const ACCOUNT = 'acct-cursor';
const ID = '00000000-0000-4000-8000-000000000001';

type Sort = ContactCursor['sort'];
const cursor = (sort: Sort, value: unknown, order: 'asc' | 'desc' = 'desc') => ({
  sort,
  order,
  raw: encodeCursor({ sort, order, value: value as string, id: ID }),
});

const MALFORMED = MALFORMED_CURSORS.map(([label, sort, value, order]) => [label, cursor(sort, value, order)] as const);

const VALID: [string, ReturnType<typeof cursor>][] = [
  ['score 0', cursor('score', 0)],
  ['score 100', cursor('score', 100, 'asc')],
  ['no score', cursor('score', null)],
  ['microseconds and an offset', cursor('recent', '2026-11-24T08:00:00.123456+05:30')],
  ['29 February of a leap year', cursor('created', '2024-02-29T23:59:59Z', 'asc')],
  ['a username of dots and underscores', cursor('username', 'dev.ops_1', 'asc')],
  ['64 characters of username', cursor('username', 'é'.repeat(64), 'asc')],
];

describe('GET /api/contacts with a cursor whose value does not fit its column', () => {
  let sb: TestSupabase;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    sb = await startTestSupabase('pglite');
    const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    app = createApp(makeApiDeps({ contacts: createContactRepository(db), config: { accountId: ACCOUNT } }));
    const { error } = await db.from('contacts').insert({
      id: ID,
      account_id: ACCOUNT,
      username: 'ana',
      relationship_score: 50,
      last_message_at: '2026-11-24T08:00:00Z',
    });
    assert.equal(error, null);
  });
  after(async () => {
    await sb?.stop();
  });

  const get = ({ sort, order, raw }: ReturnType<typeof cursor>) =>
    app.request(`/api/contacts?sort=${sort}&order=${order}&cursor=${raw}`, withKey());

  for (const [label, c] of MALFORMED) {
    it(`answers ${label} with 400 naming the cursor`, async () => {
      const res = await get(c);
      const body = (await res.json()) as { error: { code: string; details?: { path: string }[] } };
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(body.error.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        body.error.details?.map((d) => d.path),
        ['cursor'],
      );
    });
  }

  for (const [label, c] of VALID) {
    it(`pages on from ${label}`, async () => {
      const res = await get(c);
      assert.equal(res.status, 200, await res.clone().text());
    });
  }
});
