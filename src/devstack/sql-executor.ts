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

export async function postgresExecutor(databaseUrl: string): Promise<SqlExecutor> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
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
