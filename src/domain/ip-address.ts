/**
 * What kind of address an IP literal is, for the guards on URLs we dial (webhooks, Safari servers).
 * An IPv6 address that carries an IPv4 one is judged by the IPv4 it carries: `::ffff:169.254.169.254`,
 * `64:ff9b::a9fe:a9fe` (NAT64) or `2002:a9fe:a9fe::` (6to4) reach the metadata service as surely as
 * `169.254.169.254` does, when the network translates them.
 */

export type AddressKind = 'public' | 'private' | 'loopback' | 'link_local' | 'metadata' | 'reserved';

const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192']);

export function classifyAddress(address: string): AddressKind {
  const v4 = parseV4(address);
  if (v4) return classifyV4(v4);
  const v6 = parseV6(address);
  if (!v6) return 'reserved';
  if (v6.every((g, i) => g === (i === 7 ? 1 : 0))) return 'loopback';
  if (v6.every((g) => g === 0)) return 'reserved';
  // RFC 8215's local-use NAT64 prefix: where the IPv4 sits depends on a prefix length only its operator knows.
  if (v6[0] === 0x64 && v6[1] === 0xff9b && v6[2] === 1) return 'reserved';
  const carried = carriedV4(v6);
  if (carried) return classifyV4(carried);
  if (v6[0] === 0xfd00 && v6[1] === 0x0ec2 && v6.slice(2, 7).every((g) => g === 0) && v6[7] === 0x254)
    return 'metadata';
  if ((v6[0]! & 0xffc0) === 0xfe80) return 'link_local';
  if ((v6[0]! & 0xfe00) === 0xfc00) return 'private';
  if ((v6[0]! & 0xff00) === 0xff00) return 'reserved';
  return 'public';
}

/** The IPv4 address an IPv6 literal carries, dotted (for messages), or null. */
export function carriedV4Of(address: string): string | null {
  const v6 = parseV6(address);
  const v4 = v6 && carriedV4(v6);
  return v4 ? v4.join('.') : null;
}

/**
 * IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`
 * and NAT64 `64:ff9b::a.b.c.d` carry it in the last 32 bits; 6to4 `2002:AABB:CCDD::/48` in bits 16–47.
 */
function carriedV4(v6: number[]): number[] | null {
  const low = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  const zeros = (from: number, to: number) => v6.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && v6[5] === 0xffff) return low(v6[6]!, v6[7]!);
  if (zeros(0, 4) && v6[4] === 0xffff && v6[5] === 0) return low(v6[6]!, v6[7]!);
  if (zeros(0, 6)) return low(v6[6]!, v6[7]!);
  if (v6[0] === 0x64 && v6[1] === 0xff9b && zeros(2, 6)) return low(v6[6]!, v6[7]!);
  if (v6[0] === 0x2002) return low(v6[1]!, v6[2]!);
  return null;
}

function classifyV4(octets: number[]): AddressKind {
  const [a, b] = octets;
  if (METADATA_V4.has(octets.join('.'))) return 'metadata';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link_local';
  if (a === 0 || a! >= 224) return 'reserved';
  if (
    a === 10 ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b! >= 64 && b! <= 127)
  )
    return 'private';
  return 'public';
}

function parseV4(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** Eight 16-bit groups, '::' expanded; a trailing dotted quad allowed. */
function parseV6(address: string): number[] | null {
  let text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .split('%')[0]!;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = parseV4(quad[1]!);
    if (!v4) return null;
    text =
      text.slice(0, -quad[1]!.length) +
      `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail];
  if (all.length !== 8 || (halves.length === 2 && fill < 1) || !all.every((g) => /^[0-9a-f]{1,4}$/.test(g)))
    return null;
  return all.map((g) => parseInt(g, 16));
}
