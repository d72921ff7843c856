import type { SafariClient } from '../adapters/safari/safari-client';
import { safariHostKey } from '../domain/outreach';
import type { ActivityDeps } from './deps';

/**
 * The Safari server an account drives: its own URL when it has an account row, else the configured
 * SAFARI_API_URL (older runs and tests name accounts that have no row).
 */
export async function safariOf(deps: ActivityDeps, accountId: string): Promise<{ client: SafariClient; url: string; hostKey: string }> {
  const account = await deps.accounts.get(accountId);
  if (!account || account.safariUrl === deps.defaultSafariUrl) return { client: deps.safari, url: deps.defaultSafariUrl, hostKey: safariHostKey(deps.defaultSafariUrl) };
  return { client: deps.safariFor(account.safariUrl), url: account.safariUrl, hostKey: safariHostKey(account.safariUrl) };
}
