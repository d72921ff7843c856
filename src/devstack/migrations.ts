import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlExecutor } from './sql-executor';

/**
 * Applies `<version>_<name>.sql` files in version order, each in its own transaction, and records
 * them in supabase_migrations.schema_migrations, the table the Supabase CLI keeps, so a database
 * set up here and one set up by `supabase db push` agree on what has been applied.
 */

export interface MigrationRun {
  applied: string[];
  skipped: string[];
}

const TRACKING_DDL = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);`;

export async function listMigrations(dir: string): Promise<{ version: string; name: string; file: string }[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  return files.map((file) => {
    const [version = '', ...rest] = file.replace(/\.sql$/, '').split('_');
    return { version, name: rest.join('_'), file: join(dir, file) };
  });
}

export async function applyMigrations(db: SqlExecutor, dir: string): Promise<MigrationRun> {
  await db.exec(TRACKING_DDL);
  const done = new Set(
    (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map(
      (r) => r.version,
    ),
  );
  const run: MigrationRun = { applied: [], skipped: [] };
  for (const m of await listMigrations(dir)) {
    if (done.has(m.version)) {
      run.skipped.push(m.version);
      continue;
    }
    const sql = await readFile(m.file, 'utf8');
    await inTransaction(db, async () => {
      await db.exec(sql);
      await db.query('insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)', [
        m.version,
        [sql],
        m.name,
      ]);
    });
    run.applied.push(m.version);
  }
  return run;
}

export async function inTransaction(db: SqlExecutor, body: () => Promise<void>): Promise<void> {
  await db.exec('begin');
  try {
    await body();
    await db.exec('commit');
  } catch (err) {
    await db.exec('rollback');
    throw err;
  }
}
