import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadStackConfig } from '../../src/config';
import { startLocalSupabase, type LocalSupabase } from '../../src/devstack/local-supabase';

/**
 * A fresh local Supabase data API per test file: over a new PGlite directory, or over a new
 * database on this machine's PostgreSQL (dropped again on stop).
 */

export type BackendKind = 'pglite' | 'postgres';
export type Project = 'crm' | 'mediaposter';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const MIGRATIONS: Record<Project, string> = { crm: 'supabase/migrations', mediaposter: 'supabase/mediaposter/migrations' };

export interface TestSupabase extends LocalSupabase {
  backend: BackendKind;
}

export async function startTestSupabase(kind: BackendKind, project: Project = 'crm'): Promise<TestSupabase> {
  const { cacheDir } = loadStackConfig(process.env);
  const cleanups: (() => Promise<void>)[] = [];
  let backend;
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), `crm-test-${project}-`));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    backend = { kind: 'pglite' as const, dataDir: join(dir, 'db'), cacheDir };
  } else {
    const name = `crm_test_${project}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`));
    backend = { kind: 'postgres' as const, databaseUrl: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) };
  }
  const sb = await startLocalSupabase({
    name: project,
    backend,
    rolesFile: 'supabase/roles.sql',
    migrationsDir: MIGRATIONS[project],
    jwtSecret: randomBytes(32).toString('hex'),
    port: 0,
  });
  return {
    ...sb,
    backend: kind,
    stop: async () => {
      await sb.stop();
      for (const c of cleanups) await c();
    },
  };
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
