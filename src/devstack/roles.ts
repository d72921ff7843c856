import type { SqlExecutor } from './sql-executor';

/**
 * Runs supabase/roles.sql. Roles belong to the cluster, not the database: two stacks starting at
 * once on one fresh PostgreSQL (test files run two at a time, each with a database of its own) can
 * both find a role missing and both create it, and the loser fails on pg_authid's unique index (CI
 * saw it). The file is idempotent, so the loser runs it again and finds the role there.
 */
export async function applyRoles(sql: Pick<SqlExecutor, 'exec'>, text: string, pauseMs = 100): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sql.exec(text);
    } catch (err) {
      if (attempt >= ATTEMPTS || !lostRoleRace(err)) throw err;
      await new Promise((r) => setTimeout(r, pauseMs * attempt));
    }
  }
}

const ATTEMPTS = 3;

/** unique_violation or duplicate_object (a role or a membership another session wrote first), or a catalog row it updated meanwhile. */
function lostRoleRace(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || e.code === '42710' || /tuple concurrently updated/.test(String(e.message));
}
