import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type Env } from '../../src/config';

const VALID: Env = {
  CRM_API_KEY: 'k'.repeat(24),
  WEBHOOK_SECRET: 's'.repeat(24),
  CRM_SUPABASE_URL: 'http://127.0.0.1:54361',
  CRM_SUPABASE_KEY: 'crm-service-role-key-123',
  MEDIAPOSTER_SUPABASE_URL: 'http://127.0.0.1:54371/',
  MEDIAPOSTER_SUPABASE_KEY: 'mp-service-role-key-1234',
};

function issuesOf(env: Env): Record<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return Object.fromEntries(err.issues.map((i) => [i.key, i.message]));
  }
  assert.fail('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('accepts the minimal environment and fills the documented defaults', () => {
    const config = loadConfig(VALID);
    assert.equal(config.server.port, 3200);
    assert.equal(config.safari.baseUrl, 'http://localhost:3100');
    assert.equal(config.temporal.address, '127.0.0.1:7233');
    assert.equal(config.temporal.tls, false);
    assert.equal(config.mediaPosterDb?.url, 'http://127.0.0.1:54371', 'trailing slash removed');
    assert.equal(config.server.accountId, 'default');
    assert.equal(config.webhooks.allowPrivate, false, 'webhooks to the LAN only when asked for (npm start asks)');
  });

  it('names every missing required key at once', () => {
    const issues = issuesOf({});
    for (const key of ['CRM_API_KEY', 'WEBHOOK_SECRET', 'CRM_SUPABASE_URL', 'CRM_SUPABASE_KEY']) {
      assert.equal(issues[key], 'is required', key);
    }
  });

  it('leaves MediaPoster unconfigured without both of its keys, and refuses one without the other', () => {
    const { MEDIAPOSTER_SUPABASE_URL: _url, MEDIAPOSTER_SUPABASE_KEY: _key, ...without } = VALID;
    assert.equal(loadConfig(without).mediaPosterDb, null);
    assert.equal(
      loadConfig({ ...without, MEDIAPOSTER_SUPABASE_URL: '', MEDIAPOSTER_SUPABASE_KEY: '' }).mediaPosterDb,
      null,
      'KEY= counts as unset',
    );
    assert.match(
      issuesOf({ ...without, MEDIAPOSTER_SUPABASE_URL: 'http://mp:54371' }).MEDIAPOSTER_SUPABASE_KEY ?? '',
      /required when/,
    );
    assert.match(
      issuesOf({ ...without, MEDIAPOSTER_SUPABASE_KEY: 'mp-service-role-key-1234' }).MEDIAPOSTER_SUPABASE_URL ?? '',
      /required when/,
    );
  });

  const badValues: [string, string, RegExp][] = [
    ['CRM_SERVER_PORT', '0', /greater than or equal to 1|>=1/i],
    ['CRM_SERVER_PORT', 'eighty', /number/i],
    ['SAFARI_API_URL', 'localhost:3100', /http/],
    ['CRM_SUPABASE_URL', 'ftp://x.example', /http/],
    ['CRM_API_KEY', 'short', /at least 16/],
    ['TEMPORAL_TLS', 'yes', /true or false/],
    ['TEMPORAL_ADDRESS', 'no-port', /host:port/],
    ['LOG_LEVEL', 'loud', /.+/],
    ['CRM_ACCOUNT_ID', 'Has Spaces', /a-z/],
    ['CRM_BODY_LIMIT_BYTES', '10', /.+/],
  ];
  for (const [key, value, message] of badValues) {
    it(`rejects ${key}=${value} and names the key`, () => {
      const issues = issuesOf({ ...VALID, [key]: value });
      assert.deepEqual(Object.keys(issues), [key]);
      assert.match(issues[key]!, message);
    });
  }

  it('lists several bad keys together instead of stopping at the first', () => {
    const issues = issuesOf({ ...VALID, CRM_SERVER_PORT: '70000', SAFARI_API_URL: 'nope', TEMPORAL_TLS: 'maybe' });
    assert.deepEqual(Object.keys(issues).sort(), ['CRM_SERVER_PORT', 'SAFARI_API_URL', 'TEMPORAL_TLS']);
  });

  it('parses booleans from explicit words only: "false" is false', () => {
    assert.equal(loadConfig({ ...VALID, TEMPORAL_TLS: 'false' }).temporal.tls, false);
    assert.equal(loadConfig({ ...VALID, TEMPORAL_TLS: 'true' }).temporal.tls, true);
  });

  it('turns TLS on for a Temporal Cloud API key', () => {
    const config = loadConfig({ ...VALID, TEMPORAL_API_KEY: 'cloud-key' });
    assert.equal(config.temporal.tls, true);
    assert.equal(config.temporal.apiKey, 'cloud-key');
  });

  it('requires a TLS client certificate and its key together', () => {
    const issues = issuesOf({ ...VALID, TEMPORAL_TLS_CERT_PATH: '/certs/client.pem' });
    assert.match(issues.TEMPORAL_TLS_KEY_PATH!, /together/);
  });

  it('treats an empty optional key (KEY= in a .env file) as unset', () => {
    assert.equal(loadConfig({ ...VALID, SAFARI_API_KEY: '' }).safari.apiKey, undefined);
  });

  it('reads the schedules\' intervals: 30m and 24h by default, "off" turns one off, units s/m/h, at least a minute', () => {
    const defaults = loadConfig(VALID);
    assert.deepEqual(
      [defaults.sync.intervalMs, defaults.rescore.intervalMs, defaults.videoOutreach.watchIntervalMs],
      [1_800_000, 86_400_000, 300_000],
    );
    const set = loadConfig({
      ...VALID,
      SYNC_INTERVAL: '2h',
      RESCORE_INTERVAL: 'off',
      MEDIAPOSTER_WATCH_INTERVAL: 'off',
    });
    assert.deepEqual(
      [set.sync.intervalMs, set.rescore.intervalMs, set.videoOutreach.watchIntervalMs],
      [7_200_000, null, null],
    );
    assert.equal(loadConfig({ ...VALID, SYNC_INTERVAL: '90s' }).sync.intervalMs, 90_000);
    assert.match(issuesOf({ ...VALID, SYNC_INTERVAL: '30s' }).SYNC_INTERVAL!, /at least 1m/);
    assert.match(issuesOf({ ...VALID, RESCORE_INTERVAL: '5 minutes' }).RESCORE_INTERVAL!, /like 30m/);
    assert.match(issuesOf({ ...VALID, MEDIAPOSTER_WATCH_INTERVAL: '10s' }).MEDIAPOSTER_WATCH_INTERVAL!, /at least 1m/);
    assert.deepEqual(
      [
        loadConfig({ ...VALID, CRM_OUTREACH_COOLDOWN: '12h' }).videoOutreach.cooldownMs,
        loadConfig({ ...VALID, CRM_OUTREACH_COOLDOWN: 'off' }).videoOutreach.cooldownMs,
      ],
      [43_200_000, 0],
    );
  });
});
