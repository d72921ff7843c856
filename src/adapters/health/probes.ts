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
      const { error, status } = await db.from(table).select('*', { head: true }).limit(1).abortSignal(signal);
      if (error) throw new Error(`${status || 'no answer'}: ${error.message || 'data API unavailable'}`);
    },
  };
}

export function httpProbe(name: string, url: string, headers: Record<string, string> = {}): DependencyProbe {
  return {
    name,
    async check(signal) {
      const res = await fetch(url, { signal, headers });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  };
}

export function callbackProbe(name: string, check: () => Promise<void>): DependencyProbe {
  return { name, check: () => check() };
}
