import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * A dependency check that really touches the dependency: a query through the data API, an HTTP
 * call, a Temporal RPC. It throws (with the reason) when the dependency cannot serve us.
 */
export interface DependencyProbe {
  name: string;
  check(signal: AbortSignal): Promise<void>;
}

/** A one-row read through PostgREST: proves the gateway, PostgREST, the database and the key. */
export function supabaseProbe(name: string, db: SupabaseClient, table: string): DependencyProbe {
  return {
    name,
    async check(signal) {
      // No client-side retries: health must say promptly that the dependency is down.
      const { error, status } = await db
        .from(table)
        .select('*', { head: true })
        .limit(1)
        .retry(false)
        .abortSignal(signal);
      if (error) throw new Error(`${status || 'no answer'}: ${error.message || 'data API unavailable'}`);
    },
  };
}

export function callbackProbe(name: string, check: () => Promise<void>): DependencyProbe {
  return { name, check: () => check() };
}
