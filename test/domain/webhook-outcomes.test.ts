import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideAttempt,
  endpointChange,
  type AttemptAnswer,
  type AttemptOutcome,
  type JudgedAttempt,
} from '../../src/domain/webhook-outcomes';
import { RETRY_SCHEDULE_MS } from '../../src/domain/webhook-retry';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;

describe('decideAttempt', () => {
  const answer = (status: number | null, o: Partial<AttemptAnswer> = {}): AttemptAnswer => ({
    status,
    error: status === null ? 'socket hang up' : null,
    retryAfterMs: null,
    refused: false,
    ...o,
  });
  const decide = (attempt: number, a: AttemptAnswer, o: { retryScale?: number; jitter?: number } = {}) =>
    decideAttempt(attempt, a, { retryScale: 1, jitter: 0.5, nowMs: NOW, ...o });
  const done = (outcome: AttemptOutcome) => ({ outcome, nextAttemptAtMs: null });
  const retryIn = (ms: number) => ({ outcome: 'retrying', nextAttemptAtMs: NOW + ms });

  for (const status of [200, 201, 204, 299])
    it(`${status} → delivered`, () => assert.deepEqual(decide(1, answer(status)), done('delivered')));
  it('410 → gone', () => assert.deepEqual(decide(1, answer(410)), done('gone')));
  for (const status of [400, 401, 403, 404, 409, 422, 300, 301, 302, 307, 308]) {
    it(`${status} → failed, not retried`, () => assert.deepEqual(decide(1, answer(status)), done('failed')));
  }
  for (const status of [408, 429, 500, 502, 503, 504, null]) {
    it(`${status ?? 'no answer'} → retrying after the schedule's next wait`, () =>
      assert.deepEqual(decide(1, answer(status)), retryIn(5_000)));
  }
  it("follows Svix's schedule, indexed by the attempt number", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => decide(n, answer(503)).nextAttemptAtMs! - NOW);
    assert.deepEqual(waits, [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    assert.deepEqual(waits, RETRY_SCHEDULE_MS.slice(1));
  });
  it('scales the schedule by retryScale', () => {
    assert.deepEqual(decide(2, answer(500), { retryScale: 0.001 }), retryIn(300));
    assert.deepEqual(decide(4, answer(500), { retryScale: 2 }), retryIn(14_400_000));
  });
  it('jitters by ±20 %: jitter 0 waits 0.8×, jitter near 1 waits 1.2×', () => {
    assert.deepEqual(decide(1, answer(503), { jitter: 0 }), retryIn(4_000));
    assert.deepEqual(decide(3, answer(503), { jitter: 0 }), retryIn(1_440_000));
    assert.deepEqual(decide(1, answer(503), { jitter: 0.999999 }), retryIn(6_000));
    assert.deepEqual(decide(2, answer(503), { jitter: 0.25 }), retryIn(270_000));
  });
  it('waits as long as Retry-After asks when that is longer than the scheduled wait, and no shorter', () => {
    assert.deepEqual(decide(1, answer(429, { retryAfterMs: 120_000 })), retryIn(120_000));
    assert.deepEqual(decide(3, answer(503, { retryAfterMs: 1_000 })), retryIn(1_800_000));
  });
  it('gives up on a refused dial at once, whatever the schedule or Retry-After', () => {
    assert.deepEqual(
      decide(1, answer(null, { refused: true, error: 'refused: 169.254.169.254 is link-local' })),
      done('failed'),
    );
    assert.deepEqual(decide(1, answer(null, { refused: true, retryAfterMs: 5_000 })), done('failed'));
  });
  it('gives up once the schedule is spent (after the eighth attempt)', () => {
    assert.deepEqual(decide(7, answer(503)), retryIn(36_000_000));
    assert.deepEqual(decide(8, answer(503)), done('failed'));
    assert.deepEqual(decide(8, answer(null, { retryAfterMs: 60_000 })), done('failed'));
    assert.deepEqual(decide(9, answer(429)), done('failed'));
  });
  it('a success on the last attempt is still delivered', () =>
    assert.deepEqual(decide(8, answer(200)), done('delivered')));
});

describe('endpointChange', () => {
  const T0 = Date.UTC(2026, 0, 10);
  const iso = (ms: number) => new Date(ms).toISOString();
  const att = (outcome: AttemptOutcome, attemptedAtMs: number, o: Partial<JudgedAttempt> = {}): JudgedAttempt => ({
    outcome,
    replay: false,
    attemptedAtMs,
    status: outcome === 'delivered' ? 200 : 503,
    error: null,
    ...o,
  });
  const change = (since: string | null, attempts: JudgedAttempt[], nowMs = T0 + DAY, disableAfterMs = 5 * DAY) =>
    endpointChange(since, attempts, { disableAfterMs, nowMs });

  it('reports nothing without attempts', () => {
    assert.deepEqual(change(null, []), {});
    assert.deepEqual(change(iso(T0), [], T0 + 10 * DAY), {});
  });
  it('clears a failing streak on a success, even one past the limit, even among failures', () => {
    assert.deepEqual(change(iso(T0), [att('retrying', T0 + DAY), att('delivered', T0 + DAY + 1)]), {
      failingSince: null,
    });
    assert.deepEqual(change(iso(T0), [att('delivered', T0 + 9 * DAY)], T0 + 9 * DAY), { failingSince: null });
    assert.deepEqual(change(iso(T0), [att('delivered', T0 + DAY, { replay: true })]), { failingSince: null });
  });
  it('reports nothing for a success when there was no streak', () => {
    assert.deepEqual(change(null, [att('delivered', T0), att('retrying', T0 + 1)]), {});
  });
  it('starts a streak at the earliest failed attempt, retrying or failed alike', () => {
    const attempts = [
      att('retrying', T0 + 3_000),
      att('failed', T0 + 1_000, { status: 400 }),
      att('retrying', T0 + 2_000, { status: null, error: 'timeout' }),
    ];
    assert.deepEqual(change(null, attempts), { failingSince: iso(T0 + 1_000) });
  });
  it('keeps the start of a streak already running', () => {
    assert.deepEqual(change(iso(T0), [att('retrying', T0 + DAY)], T0 + DAY), {});
  });
  it('never starts or extends a streak with replays', () => {
    assert.deepEqual(change(null, [att('failed', T0, { replay: true })]), {});
    // Only replays failing for a streak past the limit: nothing, not even disabling.
    assert.deepEqual(change(iso(T0), [att('failed', T0 + 6 * DAY, { replay: true })], T0 + 6 * DAY), {});
    // A replay failing earlier than a real failure does not date the streak.
    assert.deepEqual(change(null, [att('failed', T0, { replay: true }), att('retrying', T0 + 5_000)]), {
      failingSince: iso(T0 + 5_000),
    });
  });
  it('disables once the streak is disableAfterMs old, naming since-when and the last answer', () => {
    const failed = [att('retrying', T0 + 5 * DAY - 2), att('failed', T0 + 5 * DAY - 1, { status: 404 })];
    assert.deepEqual(change(iso(T0), failed, T0 + 5 * DAY - 1), {});
    assert.deepEqual(change(iso(T0), failed, T0 + 5 * DAY), {
      disable: 'no successful delivery since 2026-01-10T00:00:00.000Z (5 days allowed); last answer: HTTP 404',
    });
  });
  it('names an error, or no answer, when the receiver did not answer; a replay is not the last answer', () => {
    const now = T0 + 6 * DAY;
    assert.deepEqual(
      change(
        iso(T0),
        [
          att('retrying', now, { status: null, error: 'connect ECONNREFUSED 10.0.0.1:443' }),
          att('failed', now, { replay: true, status: 500 }),
        ],
        now,
      ),
      {
        disable:
          'no successful delivery since 2026-01-10T00:00:00.000Z (5 days allowed); last answer: connect ECONNREFUSED 10.0.0.1:443',
      },
    );
    assert.deepEqual(change(iso(T0), [att('retrying', now, { status: null })], now), {
      disable: 'no successful delivery since 2026-01-10T00:00:00.000Z (5 days allowed); last answer: no answer',
    });
  });
  it('starts and disables in one step when the new streak is already too old, with fractional days', () => {
    assert.deepEqual(change(null, [att('retrying', T0)], T0 + 1.5 * DAY, 1.5 * DAY), {
      failingSince: iso(T0),
      disable: 'no successful delivery since 2026-01-10T00:00:00.000Z (1.5 days allowed); last answer: HTTP 503',
    });
  });
  it('disables at once on a 410, whatever else the batch holds', () => {
    const gone = att('gone', T0 + DAY, { status: 410 });
    const disable = { disable: 'the receiver answered 410 Gone at 2026-01-11T00:00:00.000Z' };
    assert.deepEqual(change(null, [gone]), disable);
    assert.deepEqual(change(iso(T0), [att('delivered', T0 + DAY - 1), gone, att('retrying', T0 + DAY + 1)]), disable);
  });
});
