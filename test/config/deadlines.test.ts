import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DEADLINES } from '../../src/adapters/db/deadlines';
import { ConfigError, loadConfig, loadImportConfig, type Env } from '../../src/config';
import { TEMPORAL_CALL_DEADLINE_MS } from '../../src/temporal/temporal-errors';

// Every call the API and the worker wait on has a deadline from config (*_TIMEOUT_MS).

const VALID: Env = {
  CRM_API_KEY: 'k'.repeat(24),
  WEBHOOK_SECRET: 's'.repeat(24),
  CRM_SUPABASE_URL: 'http://127.0.0.1:54361',
  CRM_SUPABASE_KEY: 'crm-service-role-key-123',
  MEDIAPOSTER_SUPABASE_URL: 'http://127.0.0.1:54371',
  MEDIAPOSTER_SUPABASE_KEY: 'mp-service-role-key-1234',
};

describe('dependency deadlines in config', () => {
  it('default to seconds for reads, longer for writes, as the clients built without config do', () => {
    const config = loadConfig(VALID);
    assert.deepEqual(config.crmDb.deadlines, { readMs: 5_000, writeMs: 30_000 });
    assert.deepEqual(config.crmDb.deadlines, DEFAULT_DEADLINES);
    assert.deepEqual(config.mediaPosterDb?.deadlines, { readMs: 5_000, writeMs: 5_000 });
    assert.equal(config.safari.timeouts.statusMs, 5_000);
    assert.equal(config.temporal.timeoutMs, 10_000);
    assert.equal(config.temporal.timeoutMs, TEMPORAL_CALL_DEADLINE_MS);
  });

  it('reads each key, for the import as well', () => {
    const env = {
      ...VALID,
      CRM_DB_TIMEOUT_MS: '1500',
      CRM_DB_WRITE_TIMEOUT_MS: '45000',
      MEDIAPOSTER_TIMEOUT_MS: '2500',
      SAFARI_TIMEOUT_STATUS_MS: '3000',
      TEMPORAL_TIMEOUT_MS: '4000',
    };
    const config = loadConfig(env);
    assert.deepEqual(config.crmDb.deadlines, { readMs: 1_500, writeMs: 45_000 });
    assert.deepEqual(config.mediaPosterDb?.deadlines, { readMs: 2_500, writeMs: 2_500 });
    assert.equal(config.safari.timeouts.statusMs, 3_000);
    assert.equal(config.temporal.timeoutMs, 4_000);
    assert.deepEqual(loadImportConfig(env).crmDb.deadlines, { readMs: 1_500, writeMs: 45_000 });
  });

  it('refuses a deadline of 0 (no deadline is what hangs)', () => {
    for (const key of [
      'CRM_DB_TIMEOUT_MS',
      'CRM_DB_WRITE_TIMEOUT_MS',
      'MEDIAPOSTER_TIMEOUT_MS',
      'SAFARI_TIMEOUT_STATUS_MS',
      'TEMPORAL_TIMEOUT_MS',
    ]) {
      assert.throws(
        () => loadConfig({ ...VALID, [key]: '0' }),
        (err: unknown) => err instanceof ConfigError && err.issues.some((i) => i.key === key),
        key,
      );
    }
  });
});
