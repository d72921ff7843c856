import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The one thing the local stack needs from a database before PostgREST takes over: run setup SQL.
 * Two implementations, so roles, migrations and fixtures go the same way into PGlite or PostgreSQL.
 */
export interface SqlExecutor {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: async () => {}, // the stack owns the PGlite instance and closes it itself
  };
}

/**
 * One pooled connection: a server that restarts (the embedded PostgreSQL under a supervisor) costs
 * the statement in flight, not the process — the pool reports the dropped connection as an event
 * (an unheard one would be an uncaught exception) and opens a new one for the next statement.
 */
export async function postgresExecutor(databaseUrl: string): Promise<SqlExecutor> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined); // an idle connection the server dropped; the next query reconnects
  (await pool.connect()).release(); // fail here, at start, when the database is not there at all
  return {
    exec: async (sql) => {
      await pool.query(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    close: () => pool.end(),
  };
}

/** Connects on first use: most holders of a data API never run SQL directly. */
export function lazyExecutor(connect: () => Promise<SqlExecutor>): SqlExecutor {
  let connection: Promise<SqlExecutor> | undefined;
  const get = () => (connection ??= connect());
  return {
    exec: async (sql) => (await get()).exec(sql),
    query: async <T>(sql: string, params?: unknown[]) => (await get()).query<T>(sql, params),
    close: async () => {
      if (connection) await (await connection).close();
    },
  };
}
