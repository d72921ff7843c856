import type { SafariClient } from '../adapters/safari/safari-client';
import { safariHostKey } from '../domain/outreach';
import type { ActivityDeps } from './deps';

/**
 * The Safari server an account drives: its own URL when it has an account row, else the configured
 * SAFARI_API_URL (older runs and tests name accounts that have no row). Every batch of a sync asks,
 * so the URL is kept for a few seconds per account; a changed URL is picked up by the next batch after.
 */

const KEPT_MS = 5_000;
const known = new WeakMap<ActivityDeps, Map<string, { at: number; url: string }>>();

async function urlOf(deps: ActivityDeps, accountId: string): Promise<string> {
  const cache = known.get(deps) ?? new Map<string, { at: number; url: string }>();
  known.set(deps, cache);
  const hit = cache.get(accountId);
  if (hit && deps.now() - hit.at < KEPT_MS) return hit.url;
  const url = (await deps.accounts.get(accountId))?.safariUrl ?? deps.defaultSafariUrl;
  cache.set(accountId, { at: deps.now(), url });
  return url;
}

export async function safariOf(deps: ActivityDeps, accountId: string): Promise<{ client: SafariClient; url: string; hostKey: string }> {
  const url = await urlOf(deps, accountId);
  return { client: url === deps.defaultSafariUrl ? deps.safari : deps.safariFor(url), url, hostKey: safariHostKey(url) };
}
