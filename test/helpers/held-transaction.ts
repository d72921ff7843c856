import pg from 'pg';
import type { TestSupabase } from './supabase';

/**
 * A race over PostgreSQL, made to happen: `first` runs in a transaction held open on its own
 * connection, `second` starts, and the transaction commits once `second` waits on a lock it holds
 * (or has finished without waiting: `waited` says which, for the test to judge). Bounded: fails,
 * naming `what`, if `second` neither waits nor finishes within 20 s.
 */
export async function raceHeldTransaction<T>(
  sb: Pick<TestSupabase, 'databaseUrl' | 'sql'>,
  first: (held: pg.Client) => Promise<unknown>,
  second: () => Promise<T>,
  what = 'the other',
): Promise<{ waited: boolean; value: T }> {
  const held = new pg.Client({ connectionString: sb.databaseUrl });
  await held.connect();
  try {
    const [{ pid }] = (await held.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [{ pid: number }];
    await held.query('begin');
    await first(held);
    let finished = false;
    const other = second().finally(() => (finished = true));
    other.catch(() => {}); // awaited below; a failure is reported there
    const waitingOnHeld = async () =>
      (await sb.sql.query(`select 1 from pg_locks where not granted and $1 = any(pg_blocking_pids(pid))`, [pid]))
        .length > 0;
    let waited = false;
    for (let tries = 0; !finished && !(waited = await waitingOnHeld()); tries++) {
      if (tries > 400) throw new Error(`${what} never waited on the held transaction nor finished within 20 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await held.query('commit');
    return { waited, value: await other };
  } finally {
    await held.end();
  }
}
