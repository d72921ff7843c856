import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../src/adapters/logging/logger';
import { createSafariClients } from '../../src/adapters/safari/safari-clients';
import { createApiDeps } from '../../src/api/api-deps';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { jsonBody, withKey } from '../helpers/api';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-env';
import { startSimulator, type Json } from '../simulator/sim-fixture';

// Safari servers and their keys through the real API and the real DM sender: `home` is
// SAFARI_API_URL (its key is SAFARI_API_KEY), `other` is the server another account names. Each
// simulator records the x-api-key values it saw. An account's safari_url is checked when saved.

const GLOBAL_KEY = 'global-safari-key-0123456789';
const ACCOUNT_KEY = 'account-safari-key-9876543210';
const HOME = 'home';
type Sim = Awaited<ReturnType<typeof startSimulator>>;
let env: TestWorkflowEnvironment;
let home: Sim;
let other: Sim;
let stack: Awaited<ReturnType<typeof startOutreachStack>>;
let app: ReturnType<typeof createApp>;
const logLines: string[] = [];

before(async () => {
  const simOptions = {
    flavor: 'head' as const,
    conversations: 8,
    rateLimits: { perHour: null, perDay: null, activeHours: null },
  };
  [env, home, other] = await Promise.all([
    startTestTemporal(),
    startSimulator(simOptions),
    startSimulator({ ...simOptions, seed: 7 }),
  ]);
  const safariEnv = { SAFARI_API_KEY: GLOBAL_KEY, CRM_ACCOUNT_ID: HOME, CRM_APPROVAL_MODE: 'none' };
  // The worker's wiring (src/worker.ts): one client factory, which alone decides the keys.
  const { safari } = loadConfig({
    ...TEST_ENV,
    ...safariEnv,
    SAFARI_API_URL: home.url,
    CRM_SUPABASE_URL: 'http://127.0.0.1:9',
    CRM_SUPABASE_KEY: 'only-the-safari-part-is-used',
  });
  const safariFor = createSafariClients(safari);
  stack = await startOutreachStack(env, {
    safari: () => safariFor(home.url),
    safariFor,
    safariUrl: home.url,
    env: safariEnv,
    backend: 'postgres',
  });
  // The API's own wiring, logging at debug into this test.
  const log = createLogger(
    { level: 'debug', name: 'safari-keys' },
    { write: (line: string) => void logLines.push(line) },
  );
  const deps = createApiDeps(stack.api().config, env.client, log);
  await deps.accounts.ensure(HOME, home.url); // as the worker does at start
  app = createApp(deps);
});
after(async () => {
  await stack?.stop();
  await Promise.all([home?.close(), other?.close()]);
  await env?.teardown();
});

const call = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const post = (path: string, body: unknown) => call(path, jsonBody(body));
const patch = (id: string, body: unknown) => call(`/api/accounts/${id}`, jsonBody(body, { method: 'PATCH' }));
const keysSeen = () => ({ home: home.control.apiKeysSeen(), other: other.control.apiKeysSeen() });
const callsTo = (sim: Sim) => Object.values(sim.control.requests()).reduce((n, v) => n + v, 0);
const statusOf = async (itemId: string) => (await call(`/api/outreach/queue/${itemId}`)).body.item.status as string;

async function sendDm(accountId: string, sim: Sim, text: string) {
  const username = sim.control.threads()[0]!.username;
  const queued = await post('/api/outreach/queue', { accountId, username, text });
  assert.equal(queued.status, 201, JSON.stringify(queued.body));
  await eventually(
    () => statusOf(queued.body.message.id),
    (s) => s === 'sent',
    `${accountId}'s DM to be sent`,
  );
  assert.equal(sim.control.sentCount(username, text), 1);
}

describe("an account's Safari server and its key", () => {
  it('refuses link-local and metadata addresses in every form (400, nothing saved), and takes LAN, loopback and public ones', async () => {
    const refused = [
      'http://169.254.169.254:3100',
      'http://169.254.170.2',
      'http://100.100.100.200',
      'http://169.254.10.20:3100',
      'http://[fe80::1]:3100',
      'http://[fd00:ec2::254]',
      'http://[::ffff:169.254.169.254]:3100',
      'http://[::ffff:a9fe:a9fe]',
      'http://[::169.254.169.254]',
      'http://[64:ff9b::169.254.169.254]',
      'http://[2002:a9fe:a9fe::1]',
      'http://0xa9fea9fe:3100',
      'http://metadata.google.internal',
      'http://0.0.0.0:3100',
    ];
    for (const [n, url] of refused.entries()) {
      const res = await post('/api/accounts', { id: `refused-${n}`, safari_url: url });
      assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.details[0].path, 'safari_url', url);
      assert.equal((await call(`/api/accounts/refused-${n}`)).status, 404, `${url} was not saved`);
    }
    const allowed = [
      'http://192.168.1.20:3100',
      'http://10.0.0.7:3100',
      'http://127.0.0.1:3999',
      'http://localhost:3999',
      'http://[::1]:3100',
      'http://93.184.216.34:3100',
    ];
    for (const [n, url] of allowed.entries())
      assert.equal((await post('/api/accounts', { id: `allowed-${n}`, safari_url: url })).status, 201, url);
    // The same check on a change of URL; the account keeps its old one.
    const moved = await patch('allowed-0', { safari_url: 'http://[64:ff9b::a9fe:a9fe]:3100' });
    assert.deepEqual([moved.status, moved.body.error?.details?.[0]?.path], [400, 'safari_url']);
    assert.equal((await call('/api/accounts/allowed-0')).body.account.safari_url, 'http://192.168.1.20:3100');
  });

  it("sends SAFARI_API_KEY only to SAFARI_API_URL and an account key only to that account's server, from the API and the DM sender", async () => {
    const created = await post('/api/accounts', {
      id: 'other',
      safari_url: other.url,
      safari_api_key: ACCOUNT_KEY,
      approval_mode: 'none',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.account.safari_api_key_set, true);
    assert.equal(
      (await post('/api/accounts', { id: 'bare', safari_url: other.url, approval_mode: 'none' })).body.account
        .safari_api_key_set,
      false,
    );
    for (const answer of [created.body, (await call('/api/accounts/other')).body, (await call('/api/accounts')).body]) {
      assert.ok(!JSON.stringify(answer).includes(ACCOUNT_KEY), 'the key is never echoed');
    }

    await call('/health');
    for (const id of [HOME, 'other', 'bare']) assert.equal((await call(`/api/status?accountId=${id}`)).status, 200, id);
    const bareReached = callsTo(other);
    await sendDm(HOME, home, 'hello from home');
    await sendDm('other', other, 'hello from the other account');
    await sendDm('bare', other, 'hello without a key');
    assert.ok(callsTo(other) > bareReached, "the keyless account's calls reached the other server");
    assert.deepEqual(keysSeen(), { home: [GLOBAL_KEY], other: [ACCOUNT_KEY] });
  });

  it('drops the key when the URL moves to another server without a new one, so it never follows the URL', async () => {
    const moved = await patch('other', { safari_url: home.url });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.account.safari_api_key_set, false);
    assert.equal((await call('/api/status?accountId=other')).status, 200);
    assert.ok(!home.control.apiKeysSeen().includes(ACCOUNT_KEY), "the account's key did not follow its URL");
    const rekeyed = await patch('other', { safari_url: other.url, safari_api_key: 'a-new-key-for-the-other-server' });
    assert.equal(rekeyed.body.account.safari_api_key_set, true);
    assert.equal(
      (await patch('other', { messages_per_hour: 3 })).body.account.safari_api_key_set,
      true,
      'other changes leave it alone',
    );
    assert.equal(
      (await patch('other', { safari_api_key: null })).body.account.safari_api_key_set,
      false,
      'null removes it',
    );
    assert.equal((await patch('other', { safari_api_key: 'has a space' })).status, 400);
  });

  it('never writes a Safari key to the log', () => {
    assert.ok(logLines.length > 10, 'the API logged (debug)');
    for (const key of [GLOBAL_KEY, ACCOUNT_KEY, 'a-new-key-for-the-other-server']) {
      assert.equal(logLines.filter((line) => line.includes(key)).length, 0, key);
    }
  });
});
