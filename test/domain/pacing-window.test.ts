import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decidePacing,
  isInWindow,
  isValidTimeZone,
  localHourMinute,
  nextWindowOpenMs,
  type PacingSettings,
} from '../../src/domain/pacing';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const H = 3_600_000;
const settings = (
  timeZone: string,
  activeStartHour: number,
  activeEndHour: number,
  o: Partial<PacingSettings> = {},
): PacingSettings => ({
  perHour: 3,
  perDay: 10,
  minGapMs: 0,
  maxGapMs: 0,
  activeStartHour,
  activeEndHour,
  timeZone,
  ramp: null,
  hourMs: H,
  dayMs: 24 * H,
  ...o,
});

describe('localHourMinute', () => {
  const cases: [string, string, number, number][] = [
    ['UTC', '2026-01-15T00:00:00Z', 0, 0], // h23: midnight is 0, never 24
    ['Asia/Kolkata', '2026-01-15T03:30:00Z', 9, 0],
    ['Asia/Kathmandu', '2026-01-15T03:15:00Z', 9, 0],
    ['America/New_York', '2026-03-08T06:59:00Z', 1, 59], // just before spring-forward, EST
    ['America/New_York', '2026-03-08T07:00:00Z', 3, 0], // just after, EDT
    ['America/New_York', '2026-11-01T05:30:00Z', 1, 30], // 01:30 EDT
    ['America/New_York', '2026-11-01T06:30:00Z', 1, 30], // 01:30 again, EST
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 3, 0],
  ];
  for (const [zone, iso, hour, minute] of cases) {
    it(`${zone} ${iso} → ${hour}:${minute}`, () => assert.deepEqual(localHourMinute(zone, at(iso)), { hour, minute }));
  }
});

describe('isValidTimeZone', () => {
  const cases: [string, boolean][] = [
    ['America/New_York', true],
    ['UTC', true],
    ['Asia/Kathmandu', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ];
  for (const [zone, expected] of cases)
    it(`${JSON.stringify(zone)} → ${expected}`, () => assert.equal(isValidTimeZone(zone), expected));
});

describe('isInWindow', () => {
  const cases: [string, number, number, string, boolean][] = [
    ['UTC', 9, 21, '2026-01-15T08:59:59Z', false],
    ['UTC', 9, 21, '2026-01-15T09:00:00Z', true],
    ['UTC', 9, 21, '2026-01-15T20:59:59Z', true],
    ['UTC', 9, 21, '2026-01-15T21:00:00Z', false],
    ['UTC', 22, 6, '2026-01-15T23:00:00Z', true],
    ['UTC', 22, 6, '2026-01-15T05:59:00Z', true],
    ['UTC', 22, 6, '2026-01-15T06:00:00Z', false],
    ['UTC', 22, 6, '2026-01-15T21:59:00Z', false],
    ['UTC', 0, 24, '2026-01-15T03:00:00Z', true],
    ['UTC', 9, 9, '2026-01-15T03:00:00Z', true], // start = end: a full day
    ['America/New_York', 9, 21, '2026-01-15T13:59:00Z', false],
    ['America/New_York', 9, 21, '2026-01-15T14:00:00Z', true],
    ['America/New_York', 9, 21, '2026-07-15T12:59:00Z', false],
    ['America/New_York', 9, 21, '2026-07-15T13:00:00Z', true],
    ['Asia/Kolkata', 9, 21, '2026-01-15T03:29:00Z', false],
    ['Asia/Kolkata', 9, 21, '2026-01-15T03:30:00Z', true],
    ['Asia/Kolkata', 9, 21, '2026-01-15T15:29:00Z', true],
    ['Asia/Kolkata', 9, 21, '2026-01-15T15:30:00Z', false],
    ['Asia/Kathmandu', 9, 21, '2026-01-15T03:14:00Z', false],
    ['Asia/Kathmandu', 9, 21, '2026-01-15T03:15:00Z', true],
  ];
  for (const [zone, start, end, iso, expected] of cases) {
    it(`${zone} ${start}→${end} at ${iso} → ${expected}`, () =>
      assert.equal(isInWindow(settings(zone, start, end), at(iso)), expected));
  }
});

describe('nextWindowOpenMs', () => {
  const cases: [string, string, number, number, string, string][] = [
    ['open now', 'UTC', 9, 21, '2026-01-15T10:00:00Z', '2026-01-15T10:00:00Z'],
    ['before opening', 'UTC', 9, 21, '2026-01-15T08:00:00Z', '2026-01-15T09:00:00Z'],
    ['after closing', 'UTC', 9, 21, '2026-01-15T21:00:00Z', '2026-01-16T09:00:00Z'],
    ['after closing, month end', 'UTC', 9, 21, '2026-01-31T22:00:00Z', '2026-02-01T09:00:00Z'],
    ['after closing, year end', 'UTC', 9, 21, '2026-12-31T22:00:00Z', '2027-01-01T09:00:00Z'],
    ['overnight, closed in the day', 'UTC', 22, 6, '2026-01-15T06:00:00Z', '2026-01-15T22:00:00Z'],
    ['+5:30', 'Asia/Kolkata', 9, 21, '2026-01-15T16:00:00Z', '2026-01-16T03:30:00Z'],
    ['+5:30 overnight', 'Asia/Kolkata', 22, 6, '2026-01-15T01:00:00Z', '2026-01-15T16:30:00Z'],
    ['+5:45', 'Asia/Kathmandu', 9, 21, '2026-01-15T00:00:00Z', '2026-01-15T03:15:00Z'],
    [
      'New York, the evening before spring-forward',
      'America/New_York',
      9,
      21,
      '2026-03-08T02:00:00Z',
      '2026-03-08T13:00:00Z',
    ],
    ['New York, spring-forward night', 'America/New_York', 9, 21, '2026-03-08T06:30:00Z', '2026-03-08T13:00:00Z'],
    ['New York, the day before that', 'America/New_York', 9, 21, '2026-03-07T02:00:00Z', '2026-03-07T14:00:00Z'],
    [
      'New York, start hour 2 does not exist that day',
      'America/New_York',
      2,
      6,
      '2026-03-08T05:00:00Z',
      '2026-03-08T07:00:00Z',
    ],
    [
      'New York, the evening before fall-back',
      'America/New_York',
      9,
      21,
      '2026-11-01T01:00:00Z',
      '2026-11-01T14:00:00Z',
    ],
    [
      'New York, start hour 1 happens twice: the first',
      'America/New_York',
      1,
      2,
      '2026-11-01T04:00:00Z',
      '2026-11-01T05:00:00Z',
    ],
    ['New York, after the repeated hour', 'America/New_York', 1, 2, '2026-11-01T07:00:00Z', '2026-11-02T06:00:00Z'],
    ['Berlin, start hour 2 skipped', 'Europe/Berlin', 2, 3, '2026-03-28T23:00:00Z', '2026-03-29T01:00:00Z'],
    ['Berlin, the evening before fall-back', 'Europe/Berlin', 9, 21, '2026-10-24T19:00:00Z', '2026-10-25T08:00:00Z'],
  ];
  for (const [name, zone, start, end, from, expected] of cases) {
    it(`${name}: ${zone} ${start}→${end} from ${from} → ${expected}`, () =>
      assert.equal(iso(nextWindowOpenMs(settings(zone, start, end), at(from))), expected));
  }
});

describe('nextWindowOpenMs sweeps: open, at the start hour, and nothing open before it', () => {
  const sweeps: [string, string, string][] = [
    ['America/New_York', '2026-03-06T00:00:00Z', '2026-03-10T00:00:00Z'],
    ['America/New_York', '2026-10-30T00:00:00Z', '2026-11-03T00:00:00Z'],
    ['Europe/Berlin', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'],
    ['Europe/Berlin', '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z'],
    ['Asia/Kathmandu', '2026-01-14T00:00:00Z', '2026-01-16T00:00:00Z'],
  ];
  const STEP = 15 * 60_000; // checks every quarter hour (Kathmandu sits at :45) between sweep points
  for (const [zone, from, to] of sweeps) {
    for (const [start, end] of [
      [9, 21],
      [22, 6],
      [2, 4],
    ] as const) {
      it(`${zone} ${start}→${end} from ${from}`, () => {
        const s = settings(zone, start, end);
        for (let t = at(from); t < at(to); t += 2 * STEP) {
          const open = nextWindowOpenMs(s, t);
          assert.ok(open >= t && open - t < 2 * 24 * H, `${zone} from ${iso(t)}`);
          if (open === t) continue;
          const local = localHourMinute(zone, open);
          assert.ok(local.minute === 0 && (local.hour === start || localHourMinute(zone, open - 1000).hour < start));
          for (let u = t; u < open; u += STEP) assert.equal(isInWindow(s, u), false, iso(u));
        }
      });
    }
  }
});

describe('decidePacing: window and caps together', () => {
  // January in New York is UTC-5; the window is 09:00-21:00 local; perHour 3.
  const sends = (...iso: string[]) => iso.map(at);
  const cases: [string, Partial<PacingSettings>, string, number[], number | null, number, string, string][] = [
    [
      'cap releases 20:59:30, still inside the window',
      {},
      '2026-01-16T01:30:00Z',
      sends('2026-01-16T00:59:30Z', '2026-01-16T01:10:00Z', '2026-01-16T01:20:00Z'),
      null,
      0,
      'hourly_cap',
      '2026-01-16T01:59:30Z',
    ],
    [
      'cap releases 20:59:30 but the gap ends 21:00:30',
      {},
      '2026-01-16T01:30:00Z',
      sends('2026-01-16T00:59:30Z', '2026-01-16T01:10:00Z', '2026-01-16T01:20:00Z'),
      at('2026-01-16T01:20:00Z'),
      40.5 * 60_000,
      'gap',
      '2026-01-16T14:00:00Z',
    ],
    [
      'cap releases 21:05, after closing',
      {},
      '2026-01-16T01:30:00Z',
      sends('2026-01-16T01:05:00Z', '2026-01-16T01:10:00Z', '2026-01-16T01:20:00Z'),
      null,
      0,
      'hourly_cap',
      '2026-01-16T14:00:00Z',
    ],
    [
      'closed, the hourly cap frees up overnight',
      {},
      '2026-01-16T03:00:00Z',
      sends('2026-01-16T02:30:00Z', '2026-01-16T02:40:00Z', '2026-01-16T02:50:00Z'),
      null,
      0,
      'window',
      '2026-01-16T14:00:00Z',
    ],
    [
      'closed, the daily cap frees up at 10:00 tomorrow',
      { perDay: 3 },
      '2026-01-16T03:00:00Z',
      sends('2026-01-15T15:00:00Z', '2026-01-15T16:00:00Z', '2026-01-15T17:00:00Z'),
      null,
      0,
      'daily_cap',
      '2026-01-16T15:00:00Z',
    ],
    ['closed across spring-forward', {}, '2026-03-08T02:30:00Z', [], null, 0, 'window', '2026-03-08T13:00:00Z'],
    [
      'overnight window, cap frees after it closes',
      { activeStartHour: 22, activeEndHour: 6 },
      '2026-01-16T10:30:00Z',
      sends('2026-01-16T10:05:00Z', '2026-01-16T10:10:00Z', '2026-01-16T10:20:00Z'),
      null,
      0,
      'hourly_cap',
      '2026-01-17T03:00:00Z',
    ],
  ];
  for (const [name, o, now, recentSendsMs, lastSendMs, gapMs, blockedBy, next] of cases) {
    it(name, () => {
      const decision = decidePacing(settings('America/New_York', 9, 21, o), {
        nowMs: at(now),
        recentSendsMs,
        lastSendMs,
        gapMs,
        pausedUntilMs: null,
      });
      assert.equal(decision.ok, false);
      if (decision.ok) return;
      assert.equal(decision.blockedBy, blockedBy);
      assert.equal(decision.nextSendAtMs === null ? null : iso(decision.nextSendAtMs), next);
    });
  }
});
