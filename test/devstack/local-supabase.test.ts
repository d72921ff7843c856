import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSupabase } from '../../src/adapters/db/supabase';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// The local data API behaves like a Supabase project's: keys, roles, row-level security, paging.

describe('local Supabase data API', () => {
  let crm: TestSupabase;
  let mediaPoster: TestSupabase;
  before(async () => {
    [crm, mediaPoster] = await Promise.all([
      startTestSupabase('pglite', 'crm'),
      startTestSupabase('postgres', 'mediaposter'),
    ]);
  });
  after(async () => {
    await Promise.all([crm?.stop(), mediaPoster?.stop()]);
  });

  it('rejects requests without a key, or with a key of another project', async () => {
    assert.equal((await fetch(`${crm.url}/rest/v1/contacts`)).status, 401);
    const foreign = await fetch(`${crm.url}/rest/v1/contacts`, { headers: { apikey: mediaPoster.serviceRoleKey } });
    assert.equal(foreign.status, 401);
    const own = await fetch(`${crm.url}/rest/v1/contacts`, { headers: { apikey: crm.serviceRoleKey } });
    assert.equal(own.status, 200);
  });

  it('serves only /rest/v1', async () => {
    assert.equal((await fetch(`${crm.url}/auth/v1/user`, { headers: { apikey: crm.anonKey } })).status, 404);
  });

  it('hides CRM rows from the anon key (row-level security) and shows them to service_role', async () => {
    await crm.sql.exec(`insert into contacts (account_id, username) values ('rls', 'visible_to_server')`);
    const anon = await createSupabase({ url: crm.url, key: crm.anonKey })
      .from('contacts')
      .select('username')
      .eq('account_id', 'rls');
    assert.deepEqual(anon.data, []);
    const server = await createSupabase({ url: crm.url, key: crm.serviceRoleKey })
      .from('contacts')
      .select('username')
      .eq('account_id', 'rls');
    assert.deepEqual(server.data, [{ username: 'visible_to_server' }]);
  });

  it('caps a page at 1000 rows, as a Supabase project does, so clients must page', async () => {
    await crm.sql.exec(
      `insert into contacts (account_id, username) select 'paging', 'user_' || g from generate_series(1, 1100) g`,
    );
    const db = createSupabase({ url: crm.url, key: crm.serviceRoleKey });
    const first = await db.from('contacts').select('id').eq('account_id', 'paging');
    assert.equal(first.data?.length, 1000);
    const rest = await db.from('contacts').select('id').eq('account_id', 'paging').range(1000, 1999);
    assert.equal(rest.data?.length, 100);
  });

  it('serves the MediaPoster fixture: posted, scheduled and failed posts, simulated URLs, NULL titles', async () => {
    const db = createSupabase({ url: mediaPoster.url, key: mediaPoster.anonKey });
    const posts = await db.from('scheduled_posts').select('status, platform, platform_url, content_id');
    assert.equal(posts.error, null);
    const statuses = new Set(posts.data.map((p) => p.status as string));
    for (const s of ['posted', 'published', 'scheduled', 'publishing', 'failed']) assert.ok(statuses.has(s), s);
    assert.ok(posts.data.some((p) => String(p.platform_url).includes('/simulated/')));
    assert.ok(posts.data.some((p) => String(p.content_id).startsWith('ext_')));
    const untitled = await db.from('videos').select('id').is('title', null);
    assert.ok((untitled.data?.length ?? 0) > 0);
  });
});
