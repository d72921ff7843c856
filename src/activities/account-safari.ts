import type { SafariClient } from '../adapters/safari/safari-client';
import { safariHostKey } from '../domain/outreach';
import type { ActivityDeps } from './deps';

/**
 * The Safari server an account drives: its own URL (and its own key, if it has one) when it has an
 * account row, else the configured SAFARI_API_URL (older runs and tests name accounts that have no
 * row). Every batch of a sync asks, so the server is kept for a few seconds per account; a changed
 * URL or key is picked up by the next batch after. Which key a client sends is safariFor's rule.
 */

const KEPT_MS = 5_000;
type Server = { url: string; apiKey: string | null };
const known = new WeakMap<ActivityDeps, Map<string, { at: number; server: Server }>>();

async function serverOf(deps: ActivityDeps, accountId: string): Promise<Server> {
  const cache = known.get(deps) ?? new Map<string, { at: number; server: Server }>();
  known.set(deps, cache);
  const hit = cache.get(accountId);
  if (hit && deps.now() - hit.at < KEPT_MS) return hit.server;
  const server = (await deps.accounts.safariServer(accountId)) ?? { url: deps.defaultSafariUrl, apiKey: null };
  cache.set(accountId, { at: deps.now(), server });
  return server;
}

export async function safariOf(
  deps: ActivityDeps,
  accountId: string,
): Promise<{ client: SafariClient; url: string; hostKey: string }> {
  const { url, apiKey } = await serverOf(deps, accountId);
  const client = url === deps.defaultSafariUrl && !apiKey ? deps.safari : deps.safariFor(url, apiKey);
  return { client, url, hostKey: safariHostKey(url) };
}
