import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerKeptFrom,
  checkAddresses,
  checkWebhookUrl,
  classifyAddress,
  type AddressKind,
} from '../../src/domain/webhook-url';

describe('classifyAddress', () => {
  const cases: [string, AddressKind][] = [
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.20', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['FE80::abcd%eth0', 'link_local'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['not-an-ip', 'reserved'],
    ['2606:4700::6810:85e5', 'public'],
    ['1:2:3:4:5:6:7:8:9', 'reserved'],
  ];
  for (const [address, kind] of cases) it(`${address} → ${kind}`, () => assert.equal(classifyAddress(address), kind));
});

describe('checkWebhookUrl and the URL parser: encoded hosts reach the address check', () => {
  for (const [url, host] of [
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe'],
    ['http://[::169.254.169.254]/', '::a9fe:a9fe'],
    ['http://[64:ff9b::169.254.169.254]/', '64:ff9b::a9fe:a9fe'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://2852039166/', '169.254.169.254'],
  ] as const) {
    it(`${url} → ${host}, refused`, () => {
      const v = checkWebhookUrl(url);
      assert.ok(v.ok && v.hostname === host, JSON.stringify(v));
      assert.equal(checkAddresses([v.hostname], true).ok, false);
    });
  }
});

describe('checkWebhookUrl', () => {
  it('takes http(s) URLs with a host', () => {
    const v = checkWebhookUrl('https://hooks.example.com/crm?x=1');
    assert.ok(v.ok && v.hostname === 'hooks.example.com');
    const six = checkWebhookUrl('http://[fd00:ec2::254]/latest');
    assert.ok(six.ok && six.hostname === 'fd00:ec2::254', 'the bracketed IPv6 host is what the address check sees');
  });
  for (const [url, why] of [
    ['ftp://example.com/x', /http and https/],
    ['javascript:alert(1)', /http and https/],
    ['not a url', /not a URL/],
    ['https://user:pw@example.com/', /credentials/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
  ] as const) {
    it(`refuses ${url}`, () => {
      const v = checkWebhookUrl(url);
      assert.ok(!v.ok && why.test(v.reason), JSON.stringify(v));
    });
  }
});

describe('checkAddresses', () => {
  it('refuses metadata and link-local always, private and loopback only when told to', () => {
    assert.deepEqual(checkAddresses(['192.168.1.20', '127.0.0.1'], true), { ok: true });
    assert.equal(checkAddresses(['192.168.1.20'], false).ok, false);
    assert.equal(
      checkAddresses(['93.184.216.34', '169.254.169.254'], true).ok,
      false,
      'one bad answer refuses the host',
    );
    assert.match((checkAddresses(['169.254.169.254'], true) as { reason: string }).reason, /metadata/);
    assert.equal(checkAddresses(['fe80::1'], true).ok, false);
    assert.equal(checkAddresses([], true).ok, false);
    assert.deepEqual(checkAddresses(['93.184.216.34'], false), { ok: true });
  });
});

describe('answerKeptFrom: the delivery log keeps answers of public addresses only', () => {
  for (const [address, kept] of [
    ['93.184.216.34', true],
    ['2606:4700::6810:85e5', true],
    ['::ffff:93.184.216.34', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['::ffff:127.0.0.1', false],
    ['192.168.1.20', false],
    ['10.0.0.5', false],
    ['fd12::1', false],
    ['64:ff9b::c0a8:114', false],
    ['169.254.169.254', false],
    [undefined, false],
  ] as const) {
    it(`${String(address)} → ${kept ? 'kept' : 'not kept'}`, () => assert.equal(answerKeptFrom(address), kept));
  }
});
