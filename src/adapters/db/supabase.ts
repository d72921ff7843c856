import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { deadlineFetch, DEFAULT_DEADLINES, type DataApiDeadlines } from './deadlines';

/**
 * A supabase-js client for one project, used from a server: no session, no token refresh.
 * Node 20 has no global WebSocket, so realtime gets `ws` (we never subscribe, but the client
 * builds its realtime part eagerly). `fetchImpl` lets a caller see each request (the outbox waker).
 * Every request has a deadline (deadlines.ts): a data API that stops answering is an outage in
 * bounded time, not a request held open.
 */
export function createSupabase(
  opts: { url: string; key: string; deadlines?: DataApiDeadlines },
  fetchImpl?: typeof fetch,
): SupabaseClient {
  return createClient(opts.url, opts.key, {
    global: { fetch: deadlineFetch(opts.deadlines ?? DEFAULT_DEADLINES, fetchImpl) },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    db: { schema: 'public' },
  });
}
