import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import type { OutreachRepository } from '../../src/adapters/db/outreach-repository';
import type { AccountRepository } from '../../src/adapters/db/account-repository';
import type { Account, SenderSnapshot } from '../../src/domain/outreach';
import type { SenderControl } from '../../src/temporal/sender-control';
import { makeApiDeps, withKey } from '../helpers/api';

// GET /api/outreach/timeline: the last 24 h of sends, the caps and the active hours as stretches of
// time, computed by the sender's own rules (the dashboard draws it, never re-derives it).

const NOW = Date.UTC(2026, 10, 25, 12); // makeApiDeps' clock; default pacing: 30/day, 9–21 UTC (the account: 2/h)
const H = 3_600_000;
const account: Account = {
  id: 'test-account',
  safariUrl: 'http://127.0.0.1:3100',
  timeZone: null,
  perHour: 2,
  perDay: null,
  minGapMs: null,
  maxGapMs: null,
  activeStartHour: null,
  activeEndHour: null,
  rampStartPerDay: null,
  rampStepPerDay: null,
  approvalMode: null,
  rampStartedAt: null,
  paused: false,
  pausedUntil: null,
  pauseReason: null,
  pausedAt: null,
  createdAt: new Date(NOW - 30 * 24 * H).toISOString(),
  incomingSecretSet: false,
  safariApiKeySet: false,
};
const sendsMs = [NOW - 30 * 60_000, NOW - 2 * H, NOW - 10 * 60_000, NOW - 25 * H];
const snapshot: SenderSnapshot = {
  sendsMs,
  lastSendMs: NOW - 10 * 60_000,
  counts: { sent: 4, queued: 1 },
  rateLimited: 0,
  nextItemId: 'item-1',
  nextScheduledMs: null,
  inFlight: [],
};

function app(found: Account | null = account) {
  return createApp(
    makeApiDeps({
      accounts: { get: async () => found } as unknown as AccountRepository,
      outreach: { snapshot: async () => snapshot } as unknown as OutreachRepository,
      senders: { progress: async () => null } as unknown as SenderControl,
    }),
  );
}

describe('GET /api/outreach/timeline', () => {
  it('answers the sends of the last 24 h oldest first, the caps, the active stretches and the pacing in words', async () => {
    const res = await app().request('/api/outreach/timeline', withKey());
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown> & {
      pacing: { explanation: string; blockedBy: string | null };
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    assert.equal(body.from, iso(NOW - 24 * H));
    assert.equal(body.to, iso(NOW));
    assert.deepEqual(
      body.sends,
      [NOW - 2 * H, NOW - 30 * 60_000, NOW - 10 * 60_000].map(iso),
      'the one older than 24 h is left out',
    );
    assert.equal(body.perHour, 2);
    assert.equal(body.dayCap, 30);
    assert.deepEqual(body.activeHours, { start: 9, end: 21, timeZone: 'UTC' });
    assert.deepEqual(body.activeWindows, [
      { from: iso(NOW - 24 * H), to: iso(NOW - 15 * H) }, // yesterday 12:00–21:00
      { from: iso(NOW - 3 * H), to: iso(NOW) }, // today 09:00–now
    ]);
    assert.equal(body.pacing.blockedBy, 'hourly_cap');
    assert.equal(body.pacing.explanation, 'next send 12:30 — hourly cap 2/2 reached');
  });

  it('answers 404 for an unknown account and 400 for a malformed one', async () => {
    assert.equal((await app(null).request('/api/outreach/timeline?accountId=nobody', withKey())).status, 404);
    assert.equal((await app().request('/api/outreach/timeline?accountId=BAD!', withKey())).status, 400);
  });
});
