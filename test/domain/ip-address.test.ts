import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress, type AddressKind } from '../../src/domain/ip-address';
import { checkAddresses } from '../../src/domain/webhook-url';

// An IPv6 address carrying an IPv4 one is judged by the IPv4 it carries, in every encoding; the
// same forms carrying a public address stay public (both ways, so a decoder that refused all of
// them would fail too).
describe('classifyAddress: IPv4 carried in IPv6', () => {
  const forms: [string, (v4: string, hex: string) => string][] = [
    ['IPv4-mapped', (v4) => `::ffff:${v4}`],
    ['IPv4-mapped, hex', (_, hex) => `::ffff:${hex}`],
    ['IPv4-translated', (v4) => `::ffff:0:${v4}`],
    ['IPv4-compatible', (v4) => `::${v4}`],
    ['IPv4-compatible, hex', (_, hex) => `::${hex}`],
    ['NAT64 64:ff9b::/96', (v4) => `64:ff9b::${v4}`],
    ['NAT64, hex', (_, hex) => `64:ff9b::${hex}`],
    ['NAT64, written out', (_, hex) => `0064:ff9b:0000:0000:0000:0000:${hex}`],
    ['6to4 2002::/16', (_, hex) => `2002:${hex}::1`],
    ['6to4, whole /48', (_, hex) => `2002:${hex}:0:0:0:0:0`],
    ['bracketed', (v4) => `[64:FF9B::${v4}]`],
  ];
  const carried: [string, AddressKind][] = [
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link_local'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['192.168.1.20', 'private'],
    ['0.0.0.0', 'reserved'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
  ];
  const hexOf = (v4: string) => {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  };
  for (const [form, write] of forms) {
    for (const [v4, kind] of carried) {
      if (form.startsWith('IPv4-compatible') && v4 === '0.0.0.0') continue; // that is `::`, the unspecified address
      const address = write(v4, hexOf(v4));
      it(`${form}: ${address} → ${kind}`, () => assert.equal(classifyAddress(address), kind));
    }
  }
  it('keeps the forms that carry nothing as they were', () => {
    assert.equal(classifyAddress('::1'), 'loopback');
    assert.equal(classifyAddress('::'), 'reserved');
    assert.equal(
      classifyAddress('64:ff9b:1::a9fe:a9fe'),
      'reserved',
      "local-use NAT64: the operator's prefix length decides where the IPv4 is",
    );
    assert.equal(classifyAddress('64:ff9c::a9fe:a9fe'), 'public', 'next to the NAT64 prefix, not in it');
    assert.equal(classifyAddress('2003:a9fe:a9fe::1'), 'public', 'next to 6to4, not in it');
  });
  it('names the carried IPv4 when it refuses', () => {
    const verdict = checkAddresses(['64:ff9b::a9fe:a9fe'], true);
    assert.ok(
      !verdict.ok &&
        /64:ff9b::a9fe:a9fe \(carrying 169\.254\.169\.254\) is a cloud metadata address/.test(verdict.reason),
      JSON.stringify(verdict),
    );
    assert.equal(checkAddresses(['2002:c0a8:0114::1'], false).ok, false, '6to4 of 192.168.1.20 is private');
    assert.deepEqual(checkAddresses(['2002:5db8:d822::1'], false), { ok: true }, '6to4 of 93.184.216.34 is public');
  });
});
