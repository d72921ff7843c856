import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseEnv } from '../../../src/config';
import type { HttpSafariClientOptions } from '../../../src/adapters/safari/http-safari-client';
import { buildSafari, safariEnv } from '../../../src/config/sections/safari';

const load = (env: Record<string, string>) => buildSafari(parseEnv(z.object(safariEnv), env)).safari;

describe('Safari config section', () => {
  it('has per-operation timeouts that fit the real server', () => {
    const safari = load({});
    assert.deepEqual(safari.timeouts, {
      defaultMs: 30_000,
      statusMs: 5_000,
      readMs: 20_000,
      sendMs: 90_000,
      allConversationsMs: 180_000,
    });
    assert.equal(safari.baseUrl, 'http://localhost:3100');
    assert.equal(safari.apiKey, undefined);
    assert.equal(safari.holdAfterNoAnswerMs, 30_000);
  });

  it('is exactly what createHttpSafariClient takes', () => {
    const options: HttpSafariClientOptions = load({ SAFARI_API_URL: 'http://mac.local:3100/' });
    assert.equal(options.baseUrl, 'http://mac.local:3100');
  });

  it('reads overrides, and the key when set', () => {
    const safari = load({ SAFARI_TIMEOUT_SEND_MS: '120000', SAFARI_API_KEY: 'k', SAFARI_HOLD_AFTER_NO_ANSWER_MS: '0' });
    assert.equal(safari.timeouts.sendMs, 120_000);
    assert.equal(safari.apiKey, 'k');
    assert.equal(safari.holdAfterNoAnswerMs, 0);
  });

  it('rejects a zero timeout', () => {
    assert.throws(() => load({ SAFARI_TIMEOUT_ALL_CONVERSATIONS_MS: '0' }), /SAFARI_TIMEOUT_ALL_CONVERSATIONS_MS/);
  });
});
