import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  failingTooLong,
  judgeAttempt,
  parseRetryAfter,
  retryDelayMs,
  RETRY_SCHEDULE_MS,
} from '../../src/domain/webhook-retry';

describe('judgeAttempt', () => {
  const cases: [number | null, string][] = [
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [null, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [410, 'gone'],
    [400, 'final'],
    [401, 'final'],
    [404, 'final'],
    [301, 'final'],
    [302, 'final'],
  ];
  for (const [status, verdict] of cases)
    it(`${status} → ${verdict}`, () => assert.equal(judgeAttempt(status), verdict));
});

describe('retryDelayMs', () => {
  it("follows Svix's schedule, scaled and jittered by at most ±20 %, and ends after the eighth attempt", () => {
    assert.deepEqual(
      RETRY_SCHEDULE_MS.map((_, n) => retryDelayMs(n, { scale: 1, jitter: 0.5 })),
      [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
    );
    assert.equal(retryDelayMs(1, { scale: 1, jitter: 0 }), 4_000);
    assert.equal(retryDelayMs(1, { scale: 1, jitter: 0.999999 }), 6_000);
    assert.equal(retryDelayMs(2, { scale: 0.001, jitter: 0.5 }), 300);
    assert.equal(retryDelayMs(8, { scale: 1, jitter: 0.5 }), null);
  });
  it('waits at least what Retry-After asks', () => {
    assert.equal(retryDelayMs(1, { scale: 1, jitter: 0.5, retryAfterMs: 120_000 }), 120_000);
    assert.equal(retryDelayMs(3, { scale: 1, jitter: 0.5, retryAfterMs: 1_000 }), 1_800_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 29, 12);
  it('reads seconds and HTTP dates, caps them, ignores what it cannot read', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(new Date(now + 30_000).toUTCString(), now), 30_000);
    assert.equal(parseRetryAfter('99999999', now), 36_000_000);
    assert.equal(parseRetryAfter(new Date(now - 5_000).toUTCString(), now), 0);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });
});

describe('failingTooLong', () => {
  it('is true once an endpoint has failed for the whole window without a success', () => {
    assert.equal(failingTooLong(null, 10, 5), false);
    assert.equal(failingTooLong(0, 4, 5), false);
    assert.equal(failingTooLong(0, 5, 5), true);
  });
});
