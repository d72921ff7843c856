import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PacingSettings } from '../../src/domain/pacing';
import { decideSender, describeSender, type SenderSituation } from '../../src/domain/sender-view';
import { recipientDoubt, sendAction, sessionRetryMs, UNVERIFIED_RECIPIENT } from '../../src/domain/send-outcomes';

// What the sender does next and how it says so: one decision for the workflow and every view.

const NOON = Date.UTC(2026, 10, 30, 12, 0, 0); // a Monday, 12:00 UTC
const MIN = 60_000;
const pacing: PacingSettings = {
  perHour: 5,
  perDay: 30,
  minGapMs: 2 * MIN,
  maxGapMs: 5 * MIN,
  activeStartHour: 9,
  activeEndHour: 21,
  timeZone: 'UTC',
  ramp: null,
  hourMs: 60 * MIN,
  dayMs: 24 * 60 * MIN,
};
const base: SenderSituation = {
  nowMs: NOON,
  pacing,
  pausedUntilMs: null,
  pauseReason: null,
  sendsMs: [],
  lastSendMs: null,
  gapMs: 3 * MIN,
  nextItemId: 'item-1',
  nextScheduledMs: null,
  awaitingApproval: 0,
  retryAtMs: null,
  serverClosedUntilMs: null,
};
const at = (h: number, m: number) => Date.UTC(2026, 10, 30, h, m);
const hourOfSends = [at(11, 10), at(11, 20), at(11, 30), at(11, 40), at(11, 50)];

const rows: [string, Partial<SenderSituation>, string | null, number | null, RegExp][] = [
  ['ready: sends the next item', {}, null, null, /^sending now$/],
  [
    'paused until resumed beats everything',
    { pausedUntilMs: Number.POSITIVE_INFINITY, pauseReason: 'holiday', nextItemId: null },
    'paused',
    null,
    /^paused until resumed: holiday$/,
  ],
  [
    'a timed pause says when it ends',
    { pausedUntilMs: at(13, 0), pauseReason: 'action blocked' },
    'paused',
    at(13, 0),
    /^paused: action blocked, resumes 13:00$/,
  ],
  ['nothing queued', { nextItemId: null }, 'empty', null, /^nothing queued$/],
  [
    'only approvals waiting',
    { nextItemId: null, awaitingApproval: 2 },
    'awaiting_approval',
    null,
    /^2 waiting for approval$/,
  ],
  [
    'a scheduled item later today',
    { nextItemId: null, nextScheduledMs: at(15, 0) },
    'empty',
    at(15, 0),
    /^next send 15:00 — nothing queued before then$/,
  ],
  ['no session: retry time', { retryAtMs: at(12, 5) }, 'session', at(12, 5), /^next send 12:05 — no Safari session/],
  [
    "the Safari server's own hours",
    { serverClosedUntilMs: at(14, 0) },
    'window',
    at(14, 0),
    /the Safari server's own hours/,
  ],
  [
    'hourly cap: released when the oldest send leaves the hour',
    { sendsMs: hourOfSends, lastSendMs: at(11, 50) },
    'hourly_cap',
    at(12, 10),
    /^next send 12:10 — hourly cap 5\/5 reached$/,
  ],
  ['gap after the last send', { sendsMs: [at(11, 59)], lastSendMs: at(11, 59) }, 'gap', at(12, 2), /keeping the gap/],
  [
    'outside the window: tomorrow 09:00',
    { nowMs: at(22, 0) },
    'window',
    Date.UTC(2026, 11, 1, 9, 0),
    /^next send Tue 09:00 — outside active hours 9:00–21:00 UTC$/,
  ],
];

describe('decideSender and describeSender', () => {
  for (const [name, change, blockedBy, next, words] of rows) {
    it(name, () => {
      const s = { ...base, ...change };
      const d = decideSender(s);
      assert.equal(d.send ? null : d.blockedBy, blockedBy);
      if (!d.send) assert.equal(d.nextSendAtMs, next);
      else assert.equal(d.itemId, 'item-1');
      assert.match(describeSender(s, d), words);
    });
  }
});

describe('sendAction', () => {
  const table: [string, boolean, ReturnType<typeof sendAction>][] = [
    ['OK', true, 'sent'],
    ['RATE_LIMITED', true, 'pause'],
    ['OUTSIDE_HOURS', true, 'server_window'],
    ['SESSION_MISSING', true, 'session'],
    ['NOT_FOUND', true, 'fail'],
    ['INVALID', true, 'fail'],
    ['SERVER_ERROR', true, 'verify'],
    ['SERVER_ERROR', false, 'session'],
    ['SOFT_FAILURE', true, 'verify'],
    ['OUTCOME_UNKNOWN', false, 'verify'],
    [UNVERIFIED_RECIPIENT, true, 'review'],
  ];
  for (const [code, answered, action] of table) {
    it(`${code}${answered ? '' : ' (no answer)'} → ${action}`, () => assert.equal(sendAction(code, answered), action));
  }
  it("a send whose answer does not show its recipient is held: only the later server's checked profile send is not", () => {
    const doubted: [Parameters<typeof recipientDoubt>[0], boolean][] = [
      [{}, false], // the design's server says nothing of how it sent
      [{ strategy: 'profile', verified: true }, false],
      [{ strategy: 'inbox' }, true], // clicked a row showing the handle's text
      [{ strategy: 'new_conversation' }, true],
      [{ strategy: 'profile', verified: false }, true], // defect B2: typed, unchecked
      [{ strategy: 'profile' }, true],
      [{ verified: true }, true], // checked, but by a strategy it did not name
    ];
    assert.deepEqual(
      doubted.map(([answer]) => recipientDoubt(answer) !== null),
      doubted.map(([, doubt]) => doubt),
    );
    assert.match(recipientDoubt({ strategy: 'inbox' })!, /inbox strategy, recipient not checked/);
  });
  it('backs off doubling up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 9].map((n) => sessionRetryMs(n, 1_000, 5_000)),
      [1_000, 2_000, 4_000, 5_000, 5_000],
    );
  });
});
