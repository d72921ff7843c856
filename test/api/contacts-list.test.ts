import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import type { SupabaseClient } from '@supabase/supabase-js';

// GET /api/contacts through supabase-js → PostgREST → PGlite: filters, sorts, keyset pages, search.

const ACCOUNT = 'acct-list';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

// [n, username, display_name, score, stage, tags, last_message_at, created_at]
type Seed = [number, string | null, string, number | null, string, string[], string | null, string];
const SEED: Seed[] = [
  [1, 'ana', 'Ana Díaz', 90, 'trust_signals', ['vip'], '2026-11-20T10:00:00Z', '2026-01-01T00:00:00Z'],
  [2, 'ben', 'Ben 100% Real', 70, 'first_touch', [], '2026-11-24T08:00:00.123456Z', '2026-01-02T00:00:00Z'],
  [3, 'cara', 'Cara_Underscore', 70, 'first_touch', ['vip', 'a,b'], null, '2026-01-03T00:00:00Z'],
  [4, 'dev.ops', 'Dev (Ops)', 70, 'context_captured', ['lead'], '2026-11-24T08:00:00.123456Z', '2026-01-04T00:00:00Z'],
  [5, 'eve', 'Eve*Star', 40, 'first_touch', [], '2026-10-01T00:00:00Z', '2026-01-05T00:00:00Z'],
  [6, 'finn', 'Finn "Quoted"', null, 'first_touch', [], null, '2026-01-05T00:00:00Z'],
  [7, 'gus', 'Gus\\Back', null, 'first_touch', ['vip'], '2026-11-01T00:00:00Z', '2026-01-05T00:00:00Z'],
  [8, null, 'Hana Listing', 55, 'first_touch', [], '2026-11-22T00:00:00Z', '2026-01-08T00:00:00Z'],
  [9, 'ivy', 'Ivy, Comma', 10, 'first_touch', [], null, '2026-01-09T00:00:00Z'],
  [10, 'jay', 'Jay.Dot', 90, 'first_touch', [], null, '2026-01-10T00:00:00Z'],
];

const HANA = '(hana)'; // the display-name-only contact, shown by its display name in expectations

/**
 * Seeded through the data API (service role), not with direct SQL: PGlite has one session, so a
 * direct statement can land inside a transaction PostgREST has open (its start-up schema load).
 */
async function seed(db: SupabaseClient) {
  const rows = SEED.map(([n, username, display, score, stage, tags, last, created]) => ({
    id: id(n),
    account_id: ACCOUNT,
    username,
    display_name: display,
    thread_id: username ? null : `thread-${n}`,
    relationship_score: score,
    pipeline_stage: stage,
    tags,
    last_message_at: last,
    created_at: created,
  }));
  // Another account's contact, higher than everyone: must never show up.
  rows.push({ ...rows[0]!, id: id(99), account_id: 'acct-other', username: 'zed', relationship_score: 100 });
  const { error } = await db.from('contacts').insert(rows);
  assert.equal(error, null);
}

type Page = {
  contacts: { id: string; username: string | null; display_name: string | null }[];
  count: number;
  nextCursor: string | null;
};
const names = (p: Page) => p.contacts.map((c) => c.username ?? `(${c.display_name?.split(' ')[0]?.toLowerCase()})`);

describe('GET /api/contacts over the data API', () => {
  let sb: TestSupabase;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    sb = await startTestSupabase('pglite');
    const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    app = createApp(
      makeApiDeps({
        contacts: createContactRepository(db),
        scores: createScoreRepository(db),
        config: { accountId: ACCOUNT },
      }),
    );
    await seed(db);
  });
  after(async () => {
    await sb?.stop();
  });

  async function list(query: string): Promise<Page> {
    const res = await app.request(`/api/contacts${query}`, withKey());
    assert.equal(res.status, 200, `${query}: ${await res.clone().text()}`);
    return (await res.json()) as Page;
  }

  /** Follows nextCursor to the end, returning every page's names. */
  async function allPages(query: string, limit: number): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const sep = query ? '&' : '?';
      const page = await list(`${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.count, page.contacts.length);
      pages.push(names(page));
      cursor = page.nextCursor;
      assert.ok(pages.length <= 20, 'paging does not end');
    } while (cursor);
    return pages;
  }

  const ORDERS: [string, string[]][] = [
    ['', ['jay', 'ana', 'dev.ops', 'cara', 'ben', HANA, 'eve', 'ivy', 'gus', 'finn']],
    ['?sort=score&order=asc', ['ivy', 'eve', HANA, 'ben', 'cara', 'dev.ops', 'ana', 'jay', 'finn', 'gus']],
    ['?sort=recent', ['dev.ops', 'ben', HANA, 'ana', 'gus', 'eve', 'jay', 'ivy', 'finn', 'cara']],
    ['?sort=recent&order=asc', ['eve', 'gus', 'ana', HANA, 'ben', 'dev.ops', 'cara', 'finn', 'ivy', 'jay']],
    ['?sort=username', ['ana', 'ben', 'cara', 'dev.ops', 'eve', 'finn', 'gus', 'ivy', 'jay', HANA]],
    ['?sort=username&order=desc', ['jay', 'ivy', 'gus', 'finn', 'eve', 'dev.ops', 'cara', 'ben', 'ana', HANA]],
    ['?sort=created', ['jay', 'ivy', HANA, 'gus', 'finn', 'eve', 'dev.ops', 'cara', 'ben', 'ana']],
    ['?sort=created&order=asc', ['ana', 'ben', 'cara', 'dev.ops', 'eve', 'finn', 'gus', HANA, 'ivy', 'jay']],
  ];
  for (const [query, expected] of ORDERS) {
    it(`sorts ${query || 'by score, highest first'} (ties by id, missing keys last) in one page`, async () => {
      const page = await list(query);
      assert.deepEqual(names(page), expected);
      assert.equal(page.nextCursor, null);
    });

    it(`pages ${query || 'the default sort'} with limit 3 and 2: no row skipped or repeated across ties`, async () => {
      for (const limit of [3, 2]) {
        const pages = await allPages(query, limit);
        assert.deepEqual(pages.flat(), expected);
        assert.ok(pages.slice(0, -1).every((p) => p.length === limit));
      }
    });
  }

  it('ends exactly at the last row: a full last page has no next cursor pointing at nothing', async () => {
    const pages = await allPages('', 5);
    assert.deepEqual(
      pages.map((p) => p.length),
      [5, 5],
    );
  });

  const FILTERS: [string, string[]][] = [
    ['?stage=context_captured', ['dev.ops']],
    ['?min_score=70', ['jay', 'ana', 'dev.ops', 'cara', 'ben']],
    ['?max_score=40', ['eve', 'ivy']],
    ['?min_score=40&max_score=70', ['dev.ops', 'cara', 'ben', HANA, 'eve']],
    ['?tag=vip', ['ana', 'cara', 'gus']],
    ['?tag=a%2Cb', ['cara']],
    ['?tag=vip&min_score=50', ['ana', 'cara']],
    ['?tag=nobody', []],
    ['?stage=first_touch&sort=username', ['ben', 'cara', 'eve', 'finn', 'gus', 'ivy', 'jay', HANA]],
  ];
  for (const [query, expected] of FILTERS) {
    it(`filters ${query}`, async () => {
      assert.deepEqual(names(await list(query)), expected);
    });
  }

  const SEARCHES: [string, string[]][] = [
    ['ANA', ['ana', HANA]],
    ['Díaz', ['ana']],
    ['hana', [HANA]],
    ['%', ['ben']],
    ['_', ['cara']],
    ['*', ['eve']],
    ['"', ['finn']],
    ['\\', ['gus']],
    [',', ['ivy']],
    ['(', ['dev.ops']],
    ['.', ['jay', 'dev.ops']],
    ['.*', []],
    ['n 1', ['ben']],
  ];
  for (const [q, expected] of SEARCHES) {
    it(`searches ${JSON.stringify(q)} literally and case-insensitively in username and display name`, async () => {
      assert.deepEqual(names(await list(`?q=${encodeURIComponent(q)}`)), expected);
    });
  }

  it('pages a search (the search and the cursor filters combine)', async () => {
    const pages = await allPages('?q=a', 3);
    assert.deepEqual(pages.flat(), ['jay', 'ana', 'cara', 'ben', HANA, 'eve', 'ivy', 'gus']);
  });

  it('returns the resource fields in snake_case, a null username for a display-name-only contact', async () => {
    const page = await list('?q=hana');
    assert.deepEqual(page.contacts[0], {
      ...page.contacts[0],
      id: id(8),
      username: null,
      display_name: 'Hana Listing',
      thread_id: 'thread-8',
      relationship_score: 55,
      pipeline_stage: 'first_touch',
      tags: [],
      last_message_at: '2026-11-22T00:00:00+00:00',
    });
  });

  it('rejects a cursor made for another sort', async () => {
    const first = await list('?limit=2');
    const res = await app.request(`/api/contacts?sort=username&cursor=${first.nextCursor}`, withKey());
    assert.equal(res.status, 400);
  });
});
