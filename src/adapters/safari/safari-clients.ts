import { safariKeyFor, sameOrigin } from '../../domain/safari-url';
import { createHttpSafariClient, type HttpSafariClientOptions } from './http-safari-client';
import type { SafariClient } from './safari-client';
import { guardedFetch } from './url-guard';
import type { ResolveHost } from '../webhooks/url-guard';

/** A client for a Safari server URL, with the account's own key when it has one. */
export type SafariFor = (baseUrl: string, accountKey?: string | null) => SafariClient;

/**
 * The process's Safari clients, one per server URL and key, sharing the host lock. Which key each
 * sends is decided here and only here (src/domain/safari-url.ts): SAFARI_API_KEY on SAFARI_API_URL's
 * own origin, an account's own key on its server, else none. A server other than the configured one
 * is an account's, named through the API: its connections are checked as they are dialled.
 */
export function createSafariClients(options: Omit<HttpSafariClientOptions, 'fetch'>, resolve?: ResolveHost): SafariFor {
  const clients = new Map<string, SafariClient>();
  return (baseUrl, accountKey) => {
    const apiKey = safariKeyFor(baseUrl, accountKey, options);
    const id = `${baseUrl} ${apiKey ?? ''}`;
    let client = clients.get(id);
    if (!client) {
      const fetch = sameOrigin(baseUrl, options.baseUrl) ? {} : { fetch: guardedFetch(resolve) };
      client = createHttpSafariClient({ ...options, baseUrl, apiKey, ...fetch });
      clients.set(id, client);
    }
    return client;
  };
}
