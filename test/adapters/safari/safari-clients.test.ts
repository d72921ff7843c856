import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSafariClients } from '../../../src/adapters/safari/safari-clients';
import type { ResolveHost } from '../../../src/adapters/webhooks/url-guard';
import { startSimulator, TEST_TIMEOUTS } from '../../simulator/sim-fixture';

// Which key each Safari server gets, and where an account's server may be dialled, against two
// simulators: `home` is SAFARI_API_URL, `other` another account's server.

let home: Awaited<ReturnType<typeof startSimulator>>;
let other: Awaited<ReturnType<typeof startSimulator>>;
before(async () => {
  [home, other] = await Promise.all([startSimulator(), startSimulator()]);
});
after(async () => {
  await home.close();
  await other.close();
});
beforeEach(() => {
  home.control.reset();
  other.control.reset();
});

/** A stand-in for DNS: names resolve as the test says at the moment of dialling. */
const dns = new Map<string, string[]>();
const resolve: ResolveHost = async (host) => dns.get(host) ?? [host];
const clients = () =>
  createSafariClients(
    { baseUrl: home.url, apiKey: 'global-key', timeouts: TEST_TIMEOUTS, holdAfterNoAnswerMs: 0, minGapMs: 0 },
    resolve,
  );
const calls = (sim: typeof home) => Object.values(sim.control.requests()).reduce((n, v) => n + v, 0);
const portOf = (url: string) => new URL(url).port;

describe('createSafariClients', () => {
  it('sends SAFARI_API_KEY to SAFARI_API_URL only, an account key to its own server only, and nothing else', async () => {
    const safariFor = clients();
    assert.ok((await safariFor(home.url).status()).ok);
    assert.ok((await safariFor(other.url).status()).ok, 'another server, no key of its own');
    assert.ok((await safariFor(other.url, null).rateLimits()).ok);
    assert.deepEqual([home.control.apiKeysSeen(), other.control.apiKeysSeen()], [['global-key'], []]);
    assert.equal(calls(other), 2, 'the keyless calls did reach the other server');
    assert.ok((await safariFor(other.url, 'account-key').status()).ok);
    assert.deepEqual([home.control.apiKeysSeen(), other.control.apiKeysSeen()], [['global-key'], ['account-key']]);
  });

  it("checks an account's server as it is dialled: what a name resolves to then, and encoded literals", async () => {
    const safariFor = clients();
    dns.set('studio-mac.test', ['127.0.0.1']);
    assert.ok(
      (await safariFor(`http://studio-mac.test:${portOf(other.url)}`).status()).ok,
      'a loopback (or LAN) answer is fine',
    );
    const before = calls(other);
    dns.set('rebound.test', ['127.0.0.1', '169.254.169.254']);
    const rebound = await safariFor(`http://rebound.test:${portOf(other.url)}`).status();
    assert.ok(
      !rebound.ok &&
        rebound.code === 'SERVER_ERROR' &&
        /refused to dial rebound\.test: 169\.254\.169\.254 is a cloud metadata/.test(rebound.message),
      JSON.stringify(rebound),
    );
    const literal = await safariFor(`http://[::ffff:169.254.169.254]:${portOf(other.url)}`).sendTo('someone', 'hi');
    assert.ok(
      !literal.ok && literal.code === 'SERVER_ERROR' && /refused to dial ::ffff:a9fe:a9fe/.test(literal.message),
      JSON.stringify(literal),
    );
    assert.equal(literal.retrySafe, true, 'nothing was sent');
    assert.equal(calls(other), before, 'no refused call reached anything');
  });
});
