import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadStackConfig } from '../../src/config';
import type { LocalSupabase, LocalSupabaseOptions } from '../../src/devstack/local-supabase';
import { stopChild } from '../../src/devstack/processes';
import { postgresExecutor } from '../../src/devstack/sql-executor';

/**
 * A fresh local Supabase data API per test file, in a child process (like a real database server,
 * it does not share the test's event loop): over a new PGlite directory, or over a new database on
 * this machine's PostgreSQL (dropped again on stop).
 */

export type BackendKind = 'pglite' | 'postgres';
export type Project = 'crm' | 'mediaposter';

/** Read when used, not when imported: the benchmarks start their embedded cluster first (bench/backend.ts). */
export const postgresAdminUrl = () => process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const MIGRATIONS: Record<Project, string> = {
  crm: 'supabase/migrations',
  mediaposter: 'supabase/mediaposter/migrations',
};

export interface TestSupabase extends Omit<LocalSupabase, 'parts'> {
  backend: BackendKind;
  /**
   * SIGSTOP to the process that listens on the data API's port: connections are still accepted (by
   * the kernel) and nothing answers, as with a hung gateway or PostgREST. `resume` is SIGCONT.
   */
  stall: () => void;
  resume: () => void;
}

type Ready = Pick<LocalSupabase, 'url' | 'anonKey' | 'serviceRoleKey' | 'databaseUrl' | 'migrations'>;

interface Served {
  ready: Ready;
  stop: () => Promise<void>;
  signal: (signal: 'SIGSTOP' | 'SIGCONT') => void;
}

function serveInChild(options: LocalSupabaseOptions): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/devstack/serve-data-api.ts', JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'pipe'], // stdin stays open while we live; see serve-data-api.ts
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('READY '));
      if (!line) return;
      const stop = () => {
        child.kill('SIGCONT'); // a stopped child hears SIGTERM only once continued
        return stopChild(child);
      };
      resolve({ ready: JSON.parse(line.slice(6)) as Ready, stop, signal: (sig) => void child.kill(sig) });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`data API exited (${code}):\n${output}`)));
  });
}

/** `adminUrl`: another PostgreSQL server to create the database in (the soak restarts its own). */
export async function startTestSupabase(
  kind: BackendKind,
  project: Project = 'crm',
  o: { adminUrl?: string } = {},
): Promise<TestSupabase> {
  const adminUrl = o.adminUrl ?? postgresAdminUrl();
  const { cacheDir } = loadStackConfig(process.env);
  const cleanups: (() => Promise<void>)[] = [];
  let backend: LocalSupabaseOptions['backend'];
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), `crm-test-${project}-`));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    backend = { kind: 'pglite', dataDir: join(dir, 'db'), cacheDir };
  } else {
    const name = `crm_test_${project}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`, adminUrl);
    cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`, adminUrl));
    backend = { kind: 'postgres', databaseUrl: adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) };
  }
  const served = await serveInChild({
    name: project,
    backend,
    rolesFile: 'supabase/roles.sql',
    migrationsDir: MIGRATIONS[project],
    jwtSecret: randomBytes(32).toString('hex'),
    port: 0,
  });
  const sql = await postgresExecutor(served.ready.databaseUrl);
  return {
    ...served.ready,
    name: project,
    backend: kind,
    sql,
    stall: () => served.signal('SIGSTOP'),
    resume: () => served.signal('SIGCONT'),
    stop: async () => {
      await sql.close().catch(() => undefined);
      await served.stop();
      for (const c of cleanups) await c();
    },
  };
}

export async function adminQuery(sql: string, adminUrl = postgresAdminUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
