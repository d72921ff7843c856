import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guardSafariUrl } from '../../../src/adapters/safari/url-guard';
import type { ResolveHost } from '../../../src/adapters/webhooks/url-guard';

// An account's Safari URL when saved: the literal host and what a name resolves to (a stand-in
// resolver plays DNS; the dialled side is tested in safari-clients.test.ts).

const CONFIGURED = 'http://127.0.0.1:3100';
const dns: Record<string, string[]> = {
  'studio-mac.lan': ['192.168.1.20'],
  'metadata-alias.example': ['169.254.169.254'],
  'mixed.example': ['192.168.1.20', 'fe80::1'],
  'nat64.example': ['64:ff9b::a9fe:a9fe'],
  'public.example': ['93.184.216.34'],
};
const resolve: ResolveHost = async (host) => {
  const found = dns[host] ?? (/^[\d.]+$|:/.test(host) ? [host] : undefined);
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

describe('guardSafariUrl', () => {
  for (const [url, why] of [
    ['http://169.254.169.254:3100', /cloud metadata/],
    ['http://[fe80::1]:3100', /link-local/],
    ['http://[::ffff:169.254.169.254]:3100', /metadata/],
    ['http://[64:ff9b::a9fe:a9fe]:3100', /metadata/],
    ['http://metadata-alias.example:3100', /169\.254\.169\.254 is a cloud metadata/],
    ['http://mixed.example:3100', /fe80::1 is a link-local/],
    ['http://nat64.example:3100', /carrying 169\.254\.169\.254/],
    ['http://metadata.google.internal', /never a Safari server/],
    ['http://nowhere.example:3100', /does not resolve \(ENOTFOUND\)/],
  ] as const) {
    it(`refuses ${url}`, async () => {
      const verdict = await guardSafariUrl(url, CONFIGURED, resolve);
      assert.ok(!verdict.ok && why.test(verdict.reason), JSON.stringify(verdict));
    });
  }
  for (const url of [
    'http://192.168.1.20:3100',
    'http://10.0.0.7:3100',
    'http://127.0.0.1:3101',
    'http://[::1]:3100',
    'http://studio-mac.lan:3100',
    'https://public.example',
  ]) {
    it(`allows ${url}`, async () => assert.equal((await guardSafariUrl(url, CONFIGURED, resolve)).ok, true));
  }
  it("takes SAFARI_API_URL's own origin as the operator set it, and only that origin", async () => {
    const linkLocal = 'http://169.254.7.7:3100';
    assert.equal((await guardSafariUrl(`${linkLocal}/`, linkLocal, resolve)).ok, true);
    assert.equal((await guardSafariUrl('http://169.254.7.7:3101', linkLocal, resolve)).ok, false);
  });
});
