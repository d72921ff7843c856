import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyMigrations, listMigrations, MigrationDriftError, sha256 } from '../../src/devstack/migrations';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// Migrations are append-only once landed: the committed manifest pins every landed file, and the
// runner refuses a database whose applied migrations were changed or removed since.

const MANIFEST = 'supabase/migration-checksums.txt';

describe('landed migrations', () => {
  it('every file in the manifest is unchanged, and any other file is newer than all of them', async () => {
    const pinned = (await readFile(MANIFEST, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/) as [string, string]);
    const files = await listMigrations('supabase/migrations');
    for (const [sum, name] of pinned) {
      const file = files.find((f) => f.file.endsWith(`/${name}`));
      assert.ok(file, `${name} is pinned but gone: restore it, and undo it in a new migration`);
      assert.equal(
        sha256(await readFile(file.file, 'utf8')),
        sum,
        `${name} changed after it landed: put the change in a new migration`,
      );
    }
    const newestPinned = pinned
      .map(([, name]) => name.split('_')[0]!)
      .sort()
      .at(-1)!;
    for (const f of files.filter((f) => !pinned.some(([, name]) => f.file.endsWith(`/${name}`)))) {
      assert.ok(
        f.version > newestPinned,
        `${f.version} is new but not after ${newestPinned}: a deployed database has moved past it`,
      );
    }
  });
});

describe('the migration runner', () => {
  let sb: TestSupabase;
  let dir: string;
  before(async () => {
    sb = await startTestSupabase('pglite');
    dir = await mkdtemp(join(tmpdir(), 'crm-migrations-'));
    await cp('supabase/migrations', dir, { recursive: true });
  });
  after(async () => {
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an applied migration changed or removed, naming it, and applies nothing new until it is restored', async () => {
    const [first, second] = await listMigrations(dir);
    const original = await readFile(first!.file, 'utf8');
    await writeFile(join(dir, '29990101000000_later.sql'), 'create table if not exists public.later_one (id int);');
    await writeFile(first!.file, `${original}\n-- an edit after it was applied\n`);
    await unlink(second!.file);
    const refused = await applyMigrations(sb.sql, dir).then(
      () => null,
      (err: unknown) => err,
    );
    assert.ok(refused instanceof MigrationDriftError, String(refused));
    assert.match(
      refused.message,
      new RegExp(`${first!.version}_${first!.name}\\.sql was changed after it was applied`),
    );
    assert.match(refused.message, new RegExp(`${second!.version}: applied, but its file is gone`));
    const [{ n }] = (await sb.sql.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where tablename = 'later_one'`,
    )) as [{ n: number }];
    assert.equal(n, 0, 'nothing applied while the history is wrong');

    await writeFile(first!.file, original);
    await cp(join('supabase/migrations', second!.file.split('/').at(-1)!), second!.file);
    const run = await applyMigrations(sb.sql, dir);
    assert.deepEqual(run.applied, ['29990101000000']);
  });
});
