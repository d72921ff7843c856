import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type Env } from '../../src/config';

const VALID: Env = {
  CRM_API_KEY: 'k'.repeat(24),
  WEBHOOK_SECRET: 's'.repeat(24),
  CRM_SUPABASE_URL: 'http://127.0.0.1:54361',
  CRM_SUPABASE_KEY: 'crm-service-role-key-123',
};

describe('CRM_REPLY_WINDOW', () => {
  it('is 7 days unless set, and takes a duration', () => {
    assert.equal(loadConfig(VALID).analytics.replyWindowMs, 7 * 86_400_000);
    assert.equal(loadConfig({ ...VALID, CRM_REPLY_WINDOW: '48h' }).analytics.replyWindowMs, 172_800_000);
  });

  it('refuses no window at all and what is not a duration', () => {
    for (const bad of ['off', '30s', '2 days'])
      assert.throws(
        () => loadConfig({ ...VALID, CRM_REPLY_WINDOW: bad }),
        (err) => err instanceof ConfigError && err.issues.some((i) => i.key === 'CRM_REPLY_WINDOW'),
        bad,
      );
  });
});
