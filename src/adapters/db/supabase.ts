import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

/**
 * A supabase-js client for one project, used from a server: no session, no token refresh.
 * Node 20 has no global WebSocket, so realtime gets `ws` (we never subscribe, but the client
 * builds its realtime part eagerly). `fetchImpl` lets a caller see each request (the outbox waker).
 */
export function createSupabase(opts: { url: string; key: string }, fetchImpl?: typeof fetch): SupabaseClient {
  return createClient(opts.url, opts.key, {
    ...(fetchImpl ? { global: { fetch: fetchImpl } } : {}),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    db: { schema: 'public' },
  });
}
