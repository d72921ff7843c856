import { isIP } from 'node:net';
import { checkSafariAddresses, checkSafariUrl, sameOrigin } from '../../domain/safari-url';
import { checkedLookup, guardResolved, resolveHost, type GuardVerdict, type ResolveHost } from '../webhooks/url-guard';
import { createKeepAliveFetch, type MinimalFetch } from './keep-alive-fetch';

/**
 * An account's Safari server URL, checked when it is saved (guardSafariUrl) and as it is dialled
 * (guardedFetch): no link-local, metadata or reserved address, whether written literally, encoded
 * (::ffff:, NAT64, 6to4) or resolved from a name. LAN and loopback addresses pass. SAFARI_API_URL's
 * own origin is the operator's choice and passes unchecked (src/domain/safari-url.ts).
 */

export function guardSafariUrl(
  raw: string,
  configuredUrl: string,
  resolve: ResolveHost = resolveHost,
): Promise<GuardVerdict> {
  const shape = checkSafariUrl(raw);
  if (shape.ok && sameOrigin(raw, configuredUrl)) return Promise.resolve({ ok: true, url: shape.url, addresses: [] });
  return guardResolved(shape, checkSafariAddresses, resolve);
}

/** The Safari transport's fetch, refusing to connect where guardSafariUrl would refuse (a literal, or what the name resolves to now). */
export function guardedFetch(resolve: ResolveHost = resolveHost): MinimalFetch {
  const inner = createKeepAliveFetch({ lookup: checkedLookup(resolve, checkSafariAddresses) });
  return (url, init) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    const verdict = isIP(host) ? checkSafariAddresses([host]) : { ok: true as const };
    if (!verdict.ok) return Promise.reject(new Error(`refused to dial ${host}: ${verdict.reason}`));
    return inner(url, init);
  };
}
