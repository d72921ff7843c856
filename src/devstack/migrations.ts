import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlExecutor } from './sql-executor';

/**
 * Applies `<version>_<name>.sql` files in version order, each in its own transaction, and records
 * them in supabase_migrations.schema_migrations, the table the Supabase CLI keeps, so a database
 * set up here and one set up by `supabase db push` agree on what has been applied.
 *
 * Migrations are append-only: an applied file never changes, because a deployed database would
 * never see the change. Each applied file's sha256 is kept beside the CLI's table; a file changed or
 * removed after it was applied stops the run, naming it, before anything else is applied.
 */

export interface MigrationRun {
  applied: string[];
  skipped: string[];
}

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

export class MigrationDriftError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Migrations are append-only, and ${problems.length === 1 ? 'one applied migration differs' : 'applied migrations differ'} from what was applied:\n` +
        `${problems.map((p) => `  - ${p}`).join('\n')}\nRestore the applied file(s) and put the change in a new migration.`,
    );
    this.name = 'MigrationDriftError';
  }
}

const TRACKING_DDL = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
create table if not exists supabase_migrations.crm_migration_checksums (
  version text primary key,
  name text not null,
  sha256 text not null,
  recorded_at timestamptz not null default now()
);`;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  return files.map((file) => {
    const [version = '', ...rest] = file.replace(/\.sql$/, '').split('_');
    return { version, name: rest.join('_'), file: join(dir, file) };
  });
}

export async function applyMigrations(db: SqlExecutor, dir: string): Promise<MigrationRun> {
  await db.exec(TRACKING_DDL);
  const files = await Promise.all(
    (await listMigrations(dir)).map(async (m) => ({ ...m, sql: await readFile(m.file, 'utf8') })),
  );
  const applied = new Set(
    (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map(
      (r) => r.version,
    ),
  );
  await checkApplied(db, files, applied);
  const run: MigrationRun = { applied: [], skipped: [] };
  for (const m of files) {
    if (applied.has(m.version)) {
      run.skipped.push(m.version);
      continue;
    }
    await inTransaction(db, async () => {
      await db.exec(m.sql);
      await db.query(
        'insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)',
        [m.version, [m.sql], m.name],
      );
      await recordChecksum(db, m);
    });
    run.applied.push(m.version);
  }
  return run;
}

/**
 * Every applied migration still has its file, unchanged. One applied before checksums were kept
 * (or by the Supabase CLI) is taken as it is now: from then on it may not change.
 */
async function checkApplied(
  db: SqlExecutor,
  files: (MigrationFile & { sql: string })[],
  applied: Set<string>,
): Promise<void> {
  const sums = new Map(
    (
      await db.query<{ version: string; sha256: string }>(
        'select version, sha256 from supabase_migrations.crm_migration_checksums',
      )
    ).map((r) => [r.version, r.sha256]),
  );
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const problems: string[] = [];
  for (const version of [...applied].sort()) {
    const file = byVersion.get(version);
    if (!file) problems.push(`${version}: applied, but its file is gone from the migrations folder`);
    else if (sums.has(version) && sums.get(version) !== sha256(file.sql))
      problems.push(`${version}_${file.name}.sql was changed after it was applied`);
  }
  if (problems.length > 0) throw new MigrationDriftError(problems);
  for (const f of files) if (applied.has(f.version) && !sums.has(f.version)) await recordChecksum(db, f);
}

function recordChecksum(db: SqlExecutor, m: MigrationFile & { sql: string }) {
  return db.query(
    'insert into supabase_migrations.crm_migration_checksums (version, name, sha256) values ($1, $2, $3) on conflict (version) do nothing',
    [m.version, m.name, sha256(m.sql)],
  );
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
