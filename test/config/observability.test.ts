import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type Env } from '../../src/config';

// METRICS_PUBLIC, WORKER_METRICS_PORT and LOG_FORMAT (src/config/sections/observability.ts).

const VALID: Env = {
  CRM_API_KEY: 'k'.repeat(24),
  WEBHOOK_SECRET: 's'.repeat(24),
  CRM_SUPABASE_URL: 'http://127.0.0.1:54361',
  CRM_SUPABASE_KEY: 'crm-service-role-key-123',
};

function rejected(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.issues.map((i) => i.key);
  }
  return assert.fail('expected the configuration to be rejected');
}

describe('observability config', () => {
  it('defaults to /metrics behind the key, the worker on 3201, and the log format left to the terminal', () => {
    const config = loadConfig(VALID);
    assert.deepEqual(config.metrics, { public: false, workerPort: 3201 });
    assert.equal(config.log.format, 'auto');
    assert.equal(config.log.level, 'info', 'the log level keeps its place next to the format');
  });

  it('reads each key, 0 turning the worker metrics off and an empty LOG_FORMAT meaning unset', () => {
    const config = loadConfig({ ...VALID, METRICS_PUBLIC: 'true', WORKER_METRICS_PORT: '0', LOG_FORMAT: 'json' });
    assert.deepEqual(config.metrics, { public: true, workerPort: null });
    assert.equal(config.log.format, 'json');
    assert.equal(loadConfig({ ...VALID, LOG_FORMAT: '' }).log.format, 'auto');
    assert.equal(loadConfig({ ...VALID, WORKER_METRICS_PORT: '9464' }).metrics.workerPort, 9464);
  });

  it('names every bad value', () => {
    assert.deepEqual(
      rejected({ ...VALID, METRICS_PUBLIC: 'yes', WORKER_METRICS_PORT: '70000', LOG_FORMAT: 'colour' }).sort(),
      ['LOG_FORMAT', 'METRICS_PUBLIC', 'WORKER_METRICS_PORT'],
    );
  });
});
