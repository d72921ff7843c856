import { readFile } from 'node:fs/promises';
import { makeSupabaseKeys } from './jwt-keys';
import { applyMigrations, type MigrationRun } from './migrations';
import { startPgliteServer } from './pglite-server';
import { startPostgrest } from './postgrest';
import { freePort } from './processes';
import { applyRoles } from './roles';
import { lazyExecutor, postgresExecutor, type SqlExecutor } from './sql-executor';
import { startSupabaseGateway } from './supabase-gateway';
import { supervise, type Supervised } from './supervisor';

/**
 * A local stand-in for one Supabase project's data API: database (PGlite on disk, or any
 * PostgreSQL) → roles and migrations → PostgREST → `/rest/v1` gateway with anon/service_role keys.
 * Callers reach it only with a URL and a key, exactly as they would a hosted project.
 */

export type DatabaseBackend =
  { kind: 'pglite'; dataDir: string; cacheDir: string } | { kind: 'postgres'; databaseUrl: string };

export interface LocalSupabaseOptions {
  name: string;
  backend: DatabaseBackend;
  rolesFile: string;
  migrationsDir: string;
  jwtSecret: string;
  /** 0 picks a free port. */
  port: number;
  /** Interface the gateway listens on; loopback unless a container must reach it. */
  host?: string;
  /** POSTGREST_PATH, when set (see postgrest-binary.ts for where one is looked for otherwise). */
  postgrestPath?: string;
  onLine?: (line: string) => void;
  /** Where a restart of PostgREST is said (`npm start` prints it). */
  say?: (line: string) => void;
  /** Called if PostgREST keeps dying and is given up on (`npm start` then stops the stack). */
  onGiveUp?: (reason: string, crashed: boolean) => void;
}

export interface LocalSupabase {
  name: string;
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  databaseUrl: string;
  migrations: MigrationRun;
  /** Direct SQL for tests and tools; the application never uses it. */
  sql: SqlExecutor;
  /** The child processes kept running (PostgREST); the database and gateway live in this process. */
  parts: Supervised[];
  stop: () => Promise<void>;
}

export async function startLocalSupabase(opts: LocalSupabaseOptions): Promise<LocalSupabase> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const db = await openDatabase(opts.backend);
    stops.push(db.stop);
    await applyRoles(db.sql, await readFile(opts.rolesFile, 'utf8'));
    const migrations = await applyMigrations(db.sql, opts.migrationsDir);
    const onPglite = opts.backend.kind === 'pglite';
    const postgrestPort = await freePort();
    // PostgREST is a child process that can die alone; it comes back on the same port.
    const postgrest = supervise({
      name: `PostgREST (${opts.name})`,
      start: async () =>
        (
          await startPostgrest({
            dbUri: db.url,
            jwtSecret: opts.jwtSecret,
            pool: onPglite ? 1 : 10,
            preparedStatements: !onPglite,
            onLine: opts.onLine,
            binaryPath: opts.postgrestPath,
            port: postgrestPort,
          })
        ).process,
      say: opts.say ?? (() => undefined),
      onGiveUp: opts.onGiveUp ?? (() => undefined),
    });
    stops.push(postgrest.stop);
    await postgrest.ready;
    const keys = await makeSupabaseKeys(opts.jwtSecret);
    const gateway = await startSupabaseGateway({
      postgrestUrl: `http://127.0.0.1:${postgrestPort}`,
      keys: [keys.anonKey, keys.serviceRoleKey],
      port: opts.port,
      host: opts.host,
    });
    stops.push(gateway.stop);
    // After start-up, direct SQL must queue behind PostgREST's transactions like any client: on
    // PGlite an in-process query would run inside whatever transaction PostgREST has open.
    const sql = onPglite ? lazyExecutor(() => postgresExecutor(db.url)) : db.sql;
    if (onPglite) stops.push(() => sql.close());
    return {
      name: opts.name,
      url: gateway.url,
      anonKey: keys.anonKey,
      serviceRoleKey: keys.serviceRoleKey,
      databaseUrl: db.url,
      migrations,
      sql,
      parts: [postgrest],
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function openDatabase(backend: DatabaseBackend) {
  if (backend.kind === 'pglite') {
    const server = await startPgliteServer(backend);
    return { url: server.url, sql: server.executor, stop: server.stop };
  }
  const sql = await postgresExecutor(backend.databaseUrl);
  return { url: backend.databaseUrl, sql, stop: () => sql.close() };
}
