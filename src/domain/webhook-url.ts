/**
 * Where a webhook may point. This product lives on a LAN next to the user's Mac, so loopback and
 * private addresses are allowed unless the operator turns them off; link-local and cloud-metadata
 * addresses never are (a webhook URL must not become a way to read instance credentials). A URL
 * is checked when saved and again, against the address it resolves to then, when dialled.
 */

export type AddressKind = 'public' | 'private' | 'loopback' | 'link_local' | 'metadata' | 'reserved';
export type UrlVerdict = { ok: true; url: URL; hostname: string } | { ok: false; reason: string };

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);
const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192']);

/** The URL itself: http(s), a host, no credentials, not a metadata name. */
export function checkWebhookUrl(raw: string): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'only http and https URLs can receive webhooks' };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not accepted' };
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (!hostname) return { ok: false, reason: 'no host' };
  if (METADATA_HOSTS.has(hostname)) return { ok: false, reason: 'a cloud metadata host is never a webhook target' };
  return { ok: true, url, hostname };
}

/** Every address a host resolves to must be allowed: one bad answer refuses the URL. */
export function checkAddresses(addresses: readonly string[], allowPrivate: boolean): { ok: true } | { ok: false; reason: string } {
  if (addresses.length === 0) return { ok: false, reason: 'the host does not resolve' };
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'metadata') return { ok: false, reason: `${address} is a cloud metadata address` };
    if (kind === 'link_local' || kind === 'reserved') return { ok: false, reason: `${address} is a ${kind.replace('_', '-')} address` };
    if (!allowPrivate && kind !== 'public') return { ok: false, reason: `${address} is a ${kind} address (WEBHOOK_ALLOW_PRIVATE=false)` };
  }
  return { ok: true };
}

export function classifyAddress(address: string): AddressKind {
  const v4 = parseV4(address);
  if (v4) return classifyV4(v4);
  const v6 = parseV6(address);
  if (!v6) return 'reserved';
  const mapped = v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff;
  if (mapped) return classifyV4([v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255]);
  if (v6.every((g, i) => g === (i === 7 ? 1 : 0))) return 'loopback';
  if (v6.every((g) => g === 0)) return 'reserved';
  if (v6[0] === 0xfd00 && v6[1] === 0x0ec2 && v6.slice(2, 7).every((g) => g === 0) && v6[7] === 0x254) return 'metadata';
  if ((v6[0]! & 0xffc0) === 0xfe80) return 'link_local';
  if ((v6[0]! & 0xfe00) === 0xfc00) return 'private';
  if ((v6[0]! & 0xff00) === 0xff00) return 'reserved';
  return 'public';
}

function classifyV4(octets: number[]): AddressKind {
  const [a, b] = octets;
  if (METADATA_V4.has(octets.join('.'))) return 'metadata';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link_local';
  if (a === 0 || a! >= 224) return 'reserved';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! <= 127)) return 'private';
  return 'public';
}

function parseV4(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** Eight 16-bit groups, '::' expanded; a trailing dotted quad allowed. */
function parseV6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, '').split('%')[0]!;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = parseV4(quad[1]!);
    if (!v4) return null;
    text = text.slice(0, -quad[1]!.length) + `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail];
  if (all.length !== 8 || (halves.length === 2 && fill < 1) || !all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}
