import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSafariAddresses, checkSafariUrl, safariKeyFor, sameOrigin } from '../../src/domain/safari-url';

// An account's Safari server may be on the LAN or this machine (a Mac next to the CRM is the normal
// case), never on a link-local or cloud-metadata address, in whatever encoding.

describe('checkSafariAddresses', () => {
  const refused = [
    '169.254.169.254',
    '169.254.170.2',
    '100.100.100.200',
    'fd00:ec2::254',
    '169.254.10.20',
    'fe80::1',
    'FE80::abcd%en0',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '::169.254.169.254',
    '::a9fe:a9fe',
    '64:ff9b::169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:a9fe:a9fe::1',
    '64:ff9b:1::a9fe:a9fe',
    '0.0.0.0',
    '::',
    '224.0.0.1',
  ];
  const allowed = [
    '192.168.1.20',
    '10.0.0.5',
    '172.16.4.4',
    '127.0.0.1',
    '::1',
    '::ffff:192.168.1.20',
    'fd12:3456::1',
    '93.184.216.34',
    '2606:4700::6810:85e5',
  ];
  for (const address of refused)
    it(`refuses ${address}`, () => assert.equal(checkSafariAddresses([address]).ok, false));
  for (const address of allowed)
    it(`allows ${address}`, () => assert.deepEqual(checkSafariAddresses([address]), { ok: true }));
  it('refuses a host when any of its addresses is refused, and says why', () => {
    const verdict = checkSafariAddresses(['192.168.1.20', '::a9fe:a9fe']);
    assert.ok(
      !verdict.ok && /carrying 169\.254\.169\.254\) is a cloud metadata address/.test(verdict.reason),
      JSON.stringify(verdict),
    );
  });
});

describe('checkSafariUrl', () => {
  it('takes http(s) URLs with a host, a port and no credentials', () => {
    const v = checkSafariUrl('http://192.168.1.20:3100');
    assert.ok(v.ok && v.hostname === '192.168.1.20');
  });
  for (const [url, why] of [
    ['ftp://192.168.1.20/', /http and https URLs can be a Safari server/],
    ['http://user:pw@192.168.1.20:3100', /credentials/],
    ['http://metadata.google.internal/', /never a Safari server/],
    ['http://instance-data.ec2.internal./', /never a Safari server/],
  ] as const) {
    it(`refuses ${url}`, () => {
      const v = checkSafariUrl(url);
      assert.ok(!v.ok && why.test(v.reason), JSON.stringify(v));
    });
  }
});

describe('sameOrigin', () => {
  for (const [a, b, same] of [
    ['http://127.0.0.1:3100', 'http://127.0.0.1:3100/', true],
    ['http://mac.lan', 'http://MAC.lan:80', true],
    ['https://mac.lan', 'https://mac.lan:443/x', true],
    ['http://127.0.0.1:3100', 'http://127.0.0.1:3101', false],
    ['http://127.0.0.1:3100', 'https://127.0.0.1:3100', false],
    ['http://127.0.0.1:3100', 'http://localhost:3100', false],
    ['http://mac.lan:3100', 'http://mac.lan.evil.com:3100', false],
    ['not a url', 'not a url', false],
  ] as const) {
    it(`${a} ${same ? '=' : '≠'} ${b}`, () => assert.equal(sameOrigin(a, b), same));
  }
});

describe('safariKeyFor: the configured key never leaves its own origin', () => {
  const configured = { baseUrl: 'http://192.168.1.20:3100', apiKey: 'global-key' };
  for (const [url, accountKey, expected] of [
    ['http://192.168.1.20:3100', null, 'global-key'],
    ['http://192.168.1.20:3100/', undefined, 'global-key'],
    ['http://192.168.1.20:3100', 'own-key', 'own-key'],
    ['http://192.168.1.21:3100', null, undefined],
    ['http://192.168.1.20:3101', null, undefined],
    ['https://192.168.1.20:3100', null, undefined],
    ['http://192.168.1.21:3100', 'own-key', 'own-key'],
  ] as const) {
    it(`${url} with ${accountKey ?? 'no key of its own'} → ${expected ?? 'no key'}`, () =>
      assert.equal(safariKeyFor(url, accountKey, configured), expected));
  }
  it('sends nothing when no key is configured', () =>
    assert.equal(safariKeyFor('http://192.168.1.20:3100', null, { baseUrl: configured.baseUrl }), undefined));
});
