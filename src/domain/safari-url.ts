import { checkAddresses, checkHttpTarget, type UrlVerdict } from './webhook-url';

/**
 * Where an account's Safari server may be, and which key it is sent. Whoever holds an API key can
 * name an account's URL, so it gets the webhook guard with private addresses allowed (a Mac on the
 * LAN, or this machine, is the normal case): link-local, cloud-metadata and reserved addresses are
 * refused, in every encoding (see ip-address.ts), for the literal host and for what a name resolves
 * to. SAFARI_API_URL's own origin is the operator's: it is neither checked nor refused.
 *
 * Keys: an account's own `safari_api_key` goes to its own server; the configured SAFARI_API_KEY only
 * to SAFARI_API_URL's origin (scheme, host and port), so naming another URL cannot collect it.
 */

export interface ConfiguredSafari {
  baseUrl: string;
  apiKey?: string | undefined;
}

/** The URL's shape: http(s), a host, no credentials, not a metadata name. */
export function checkSafariUrl(raw: string): UrlVerdict {
  return checkHttpTarget(raw, 'Safari server');
}

/** Every address the host resolves to: one link-local, metadata or reserved answer refuses it. */
export function checkSafariAddresses(addresses: readonly string[]): { ok: true } | { ok: false; reason: string } {
  return checkAddresses(addresses, true);
}

/** Same scheme, host and port (default ports written or not); false for anything unparsable. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The x-api-key for a client of `url`: the account's own, else the configured one on its own origin only. */
export function safariKeyFor(
  url: string,
  accountKey: string | null | undefined,
  configured: ConfiguredSafari,
): string | undefined {
  if (accountKey) return accountKey;
  return configured.apiKey && sameOrigin(url, configured.baseUrl) ? configured.apiKey : undefined;
}
