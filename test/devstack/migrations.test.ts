import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { applyMigrations, listMigrations } from '../../src/devstack/migrations';
import { startTestSupabase, type BackendKind, type TestSupabase } from '../helpers/supabase';

for (const backend of ['pglite', 'postgres'] as BackendKind[]) {
  describe(`CRM migrations on ${backend}`, () => {
    let sb: TestSupabase;
    before(async () => {
      sb = await startTestSupabase(backend);
    });
    after(async () => {
      await sb?.stop();
    });

    it('applied every migration on first start and recorded it where the Supabase CLI looks', async () => {
      const files = await listMigrations('supabase/migrations');
      assert.deepEqual(
        sb.migrations.applied,
        files.map((f) => f.version),
      );
      const rows = await sb.sql.query<{ version: string }>(
        'select version from supabase_migrations.schema_migrations order by version',
      );
      assert.deepEqual(
        rows.map((r) => r.version),
        files.map((f) => f.version),
      );
    });

    it('applies nothing the second time, without error', async () => {
      const again = await applyMigrations(sb.sql, 'supabase/migrations');
      assert.deepEqual(again.applied, []);
      assert.equal(again.skipped.length, sb.migrations.applied.length);
    });

    it('re-runs every migration file by hand without error (the SQL itself is idempotent)', async () => {
      for (const m of await listMigrations('supabase/migrations')) await sb.sql.exec(await readFile(m.file, 'utf8'));
      const [{ n }] = (await sb.sql.query<{ n: number }>(
        `select count(*)::int as n from pg_trigger where tgname = 'contacts_touch_updated_at'`,
      )) as [{ n: number }];
      assert.equal(n, 1, 'triggers are replaced, not duplicated');
    });

    it('makes a duplicate username in one account impossible, but allows it in another account', async () => {
      await sb.sql.exec(`insert into contacts (account_id, username) values ('a1', 'dup_user'), ('a2', 'dup_user')`);
      await assert.rejects(
        sb.sql.exec(`insert into contacts (account_id, username) values ('a1', 'dup_user')`),
        /duplicate key|unique/i,
      );
      await assert.rejects(
        sb.sql.exec(`insert into contacts (account_id, username) values ('a1', 'Dup_User')`),
        /check/i,
        'usernames are stored lower-case',
      );
    });

    it('makes a second conversation for one contact, or a reused thread id, impossible', async () => {
      const [c1, c2] = await sb.sql.query<{ id: string }>(
        `insert into contacts (account_id, username, thread_id) values ('a3', 'one', 't-1'), ('a3', 'two', null) returning id`,
      );
      await sb.sql.query(`insert into conversations (account_id, contact_id) values ('a3', $1)`, [c1!.id]);
      await assert.rejects(
        sb.sql.query(`insert into conversations (account_id, contact_id) values ('a3', $1)`, [c1!.id]),
        /unique|duplicate/i,
      );
      await assert.rejects(
        sb.sql.query(`update contacts set thread_id = 't-1' where id = $1`, [c2!.id]),
        /unique|duplicate/i,
      );
    });

    it('numbers outbox events per entity: 1, 2, 3 for one contact, 1 again for another', async () => {
      for (const entity of ['e-1', 'e-1', 'e-2', 'e-1']) {
        await sb.sql.query(`select crm_emit_event('a4', 'contact.updated', 'contact', $1, '{}'::jsonb)`, [entity]);
      }
      const rows = await sb.sql.query<{ entity_id: string; entity_seq: number }>(
        `select entity_id, entity_seq from event_outbox where account_id = 'a4' order by seq`,
      );
      assert.deepEqual(
        rows.map((r) => `${r.entity_id}#${r.entity_seq}`),
        ['e-1#1', 'e-1#2', 'e-2#1', 'e-1#3'],
      );
    });

    it('keys announcements stored before per account by the event they wrote, once however often it runs', async () => {
      await sb.sql.query(
        `select crm_record_incoming('video.posted:v-old:instagram', 'mediaposter', 'a5', 'mediaposter.video_posted', 'video', 'v-old', '{}'::jsonb)`,
      );
      const file = (await listMigrations('supabase/migrations')).find((m) =>
        m.file.endsWith('_announcements_per_account.sql'),
      );
      assert.ok(file, 'the migration that keys announcements per account');
      for (let run = 0; run < 2; run++) await sb.sql.exec(await readFile(file.file, 'utf8'));
      const rows = await sb.sql.query<{ event_key: string }>(
        `select event_key from incoming_announcements where event_key like '%v-old%'`,
      );
      assert.deepEqual(
        rows.map((r) => r.event_key),
        ['a5:video.posted:v-old:instagram'],
      );
    });
  });
}
