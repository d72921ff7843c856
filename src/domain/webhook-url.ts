import { carriedV4Of, classifyAddress, type AddressKind } from './ip-address';

/**
 * Where a webhook may point. This product lives on a LAN next to the user's Mac, so loopback and
 * private addresses are allowed unless the operator turns them off; link-local and cloud-metadata
 * addresses never are (a webhook URL must not become a way to read instance credentials). A URL
 * is checked when saved and again, against the address it resolves to then, when dialled.
 */

export { classifyAddress, type AddressKind };
export type UrlVerdict = { ok: true; url: URL; hostname: string } | { ok: false; reason: string };

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** The URL itself: http(s), a host, no credentials, not a metadata name. */
export function checkWebhookUrl(raw: string): UrlVerdict {
  return checkHttpTarget(raw, 'webhook target');
}

/** The same shape rules for any URL we dial on a user's word (`what` names it in the reasons). */
export function checkHttpTarget(raw: string, what: string): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `only http and https URLs can be a ${what}` };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not accepted' };
  const hostname = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (!hostname) return { ok: false, reason: 'no host' };
  if (METADATA_HOSTS.has(hostname)) return { ok: false, reason: `a cloud metadata host is never a ${what}` };
  return { ok: true, url, hostname };
}

/** The delivery log keeps a receiver's answer only when a public address gave it (undefined: unknown, not kept). */
export function answerKeptFrom(address: string | undefined): boolean {
  return address !== undefined && classifyAddress(address) === 'public';
}

/** Every address a host resolves to must be allowed: one bad answer refuses the URL. */
export function checkAddresses(
  addresses: readonly string[],
  allowPrivate: boolean,
): { ok: true } | { ok: false; reason: string } {
  if (addresses.length === 0) return { ok: false, reason: 'the host does not resolve' };
  for (const address of addresses) {
    const kind = classifyAddress(address);
    const carried = carriedV4Of(address);
    const named = carried ? `${address} (carrying ${carried})` : address;
    if (kind === 'metadata') return { ok: false, reason: `${named} is a cloud metadata address` };
    if (kind === 'link_local' || kind === 'reserved')
      return { ok: false, reason: `${named} is a ${kind.replace('_', '-')} address` };
    if (!allowPrivate && kind !== 'public')
      return { ok: false, reason: `${named} is a ${kind} address (WEBHOOK_ALLOW_PRIVATE=false)` };
  }
  return { ok: true };
}
