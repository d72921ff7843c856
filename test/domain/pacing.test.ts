import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dayCap,
  decidePacing,
  drawGapMs,
  type PacingDecision,
  type PacingSettings,
  type PacingState,
} from '../../src/domain/pacing';

const NOW = Date.UTC(2026, 0, 15, 12);

/** Always-open UTC window, so only the caps, ramp, gap and pause are under test here. */
const settings = (H: number, D: number, o: Partial<PacingSettings> = {}): PacingSettings => ({
  perHour: 3,
  perDay: 10,
  minGapMs: 0,
  maxGapMs: 0,
  activeStartHour: 0,
  activeEndHour: 24,
  timeZone: 'UTC',
  ramp: null,
  hourMs: H,
  dayMs: D,
  ...o,
});
const state = (o: Partial<PacingState> = {}): PacingState => ({
  nowMs: NOW,
  recentSendsMs: [],
  lastSendMs: null,
  gapMs: 0,
  pausedUntilMs: null,
  ...o,
});
const ok = (lastHour: number, lastDay: number, cap = 10): PacingDecision => ({
  ok: true,
  counts: { lastHour, lastDay, dayCap: cap },
});
const blocked = (
  blockedBy: Exclude<PacingDecision, { ok: true }>['blockedBy'],
  nextSendAtMs: number | null,
  lastHour: number,
  lastDay: number,
  cap = 10,
): PacingDecision => ({ ok: false, blockedBy, nextSendAtMs, counts: { lastHour, lastDay, dayCap: cap } });

type Row = [string, Partial<PacingSettings>, Partial<PacingState>, PacingDecision];

/** Every row is written in hours H and days D, so it runs unchanged on real and scaled clocks. */
function rows(H: number, D: number): Row[] {
  const m = (n: number) => (n * H) / 60; // minutes
  const h = (n: number) => n * H;
  const ago = (...xs: number[]) => xs.map((x) => NOW - x);
  const ramp = (startPerDay: number, stepPerDay: number, startedAtMs: number) => ({
    ramp: { startPerDay, stepPerDay, startedAtMs },
  });
  return [
    ['hourly: one below the cap', {}, { recentSendsMs: ago(m(50), m(10)) }, ok(2, 2)],
    [
      'hourly: at the cap, released when the oldest leaves',
      {},
      { recentSendsMs: ago(m(50), m(30), m(10)) },
      blocked('hourly_cap', NOW + m(10), 3, 3),
    ],
    ['hourly: a send exactly one hour old has left', {}, { recentSendsMs: ago(h(1), m(30), m(10)) }, ok(2, 3)],
    [
      'hourly: a send at now counts',
      {},
      { recentSendsMs: ago(0, m(30), m(10)) },
      blocked('hourly_cap', NOW + m(30), 3, 3),
    ],
    [
      'hourly: 5 over a cap of 3 waits for the 3rd oldest',
      {},
      { recentSendsMs: ago(m(10), m(55), m(30), m(40), m(50)) },
      blocked('hourly_cap', NOW + m(20), 5, 5),
    ],
    [
      'hourly: a future send counts once reached',
      {},
      { recentSendsMs: [...ago(m(50), m(30), m(10)), NOW + m(5)] },
      blocked('hourly_cap', NOW + m(30), 3, 3),
    ],
    ['hourly: cap 0 blocks forever', { perHour: 0 }, {}, blocked('hourly_cap', null, 0, 0)],
    ['daily: one below', { perHour: 100, perDay: 3 }, { recentSendsMs: ago(h(23), m(30)) }, ok(1, 2, 3)],
    [
      'daily: at the cap',
      { perHour: 100, perDay: 3 },
      { recentSendsMs: ago(h(23), h(12), m(30)) },
      blocked('daily_cap', NOW + h(1), 1, 3, 3),
    ],
    [
      'daily: a send exactly a day old has left',
      { perHour: 100, perDay: 3 },
      { recentSendsMs: ago(D, h(12), m(30), 2 * D) },
      ok(1, 2, 3),
    ],
    ['daily: cap 0 blocks forever', { perDay: 0 }, {}, blocked('daily_cap', null, 0, 0, 0)],
    [
      'ramp day 1 (2 + 2×1 = 4): below',
      { perHour: 100, ...ramp(2, 2, NOW - (3 * D) / 2) },
      { recentSendsMs: ago(h(20), h(10), h(5)) },
      ok(0, 3, 4),
    ],
    [
      'ramp day 1: at its cap of 4',
      { perHour: 100, ...ramp(2, 2, NOW - (3 * D) / 2) },
      { recentSendsMs: ago(h(20), h(10), h(5), h(2)) },
      blocked('ramp', NOW + h(4), 0, 4, 4),
    ],
    [
      'ramp: its next step comes before the oldest send leaves',
      { perHour: 100, ...ramp(2, 2, NOW - (19 * D) / 10) },
      { recentSendsMs: ago(h(20), h(10), h(5), h(2)) },
      blocked('ramp', NOW + D / 10, 0, 4, 4),
    ],
    [
      'ramp above perDay: the daily cap',
      { perHour: 100, ...ramp(2, 2, NOW - 10 * D) },
      { recentSendsMs: ago(...Array.from({ length: 10 }, (_, i) => h(i + 1))) },
      blocked('daily_cap', NOW + h(14), 0, 10),
    ],
    [
      'ramp equal to perDay: the daily cap',
      { perHour: 100, perDay: 4, ...ramp(2, 2, NOW - D) },
      { recentSendsMs: ago(h(20), h(10), h(5), h(2)) },
      blocked('daily_cap', NOW + h(4), 0, 4, 4),
    ],
    [
      'ramp cap 0 today: waits for the next ramp day',
      ramp(0, 3, NOW - D / 4),
      {},
      blocked('ramp', NOW + (3 * D) / 4, 0, 0, 0),
    ],
    ['ramp cap 0 that never grows: forever', ramp(0, 0, NOW - D), {}, blocked('ramp', null, 0, 0, 0)],
    ['ramp starting tomorrow: never below 0', ramp(2, 2, NOW + D / 2), {}, blocked('ramp', NOW + D / 2, 0, 0, 0)],
    [
      'gap: inside it',
      {},
      { lastSendMs: NOW - m(1), gapMs: m(3), recentSendsMs: ago(m(1)) },
      blocked('gap', NOW + m(2), 1, 1),
    ],
    ['gap: ends exactly now', {}, { lastSendMs: NOW - m(3), gapMs: m(3), recentSendsMs: ago(m(3)) }, ok(1, 1)],
    ['gap: last send older than a day', {}, { lastSendMs: NOW - 2 * D, gapMs: m(3) }, ok(0, 0)],
    ['paused until later', {}, { pausedUntilMs: NOW + m(5) }, blocked('paused', NOW + m(5), 0, 0)],
    ['paused until resumed', {}, { pausedUntilMs: Number.POSITIVE_INFINITY }, blocked('paused', null, 0, 0)],
    ['a pause that ends now or ended', {}, { pausedUntilMs: NOW }, ok(0, 0)],
    [
      'blockedBy: the latest release wins over paused',
      {},
      { pausedUntilMs: NOW + m(1), recentSendsMs: ago(m(50), m(30), m(10)) },
      blocked('hourly_cap', NOW + m(10), 3, 3),
    ],
    [
      'blockedBy: forever wins',
      {},
      { pausedUntilMs: Number.POSITIVE_INFINITY, recentSendsMs: ago(m(50), m(30), m(10)) },
      blocked('paused', null, 3, 3),
    ],
    [
      'blockedBy: two forevers tie, paused first',
      { perHour: 0 },
      { pausedUntilMs: Number.POSITIVE_INFINITY },
      blocked('paused', null, 0, 0),
    ],
    [
      'blockedBy: equal releases tie in PACING_BLOCKS order',
      {},
      { recentSendsMs: ago(m(50), m(30), m(10)), lastSendMs: NOW - m(10), gapMs: m(20) },
      blocked('hourly_cap', NOW + m(10), 3, 3),
    ],
    [
      'next send: the gap outlasts the hourly cap',
      {},
      { recentSendsMs: ago(m(50), m(30), m(10)), lastSendMs: NOW - m(10), gapMs: m(30) },
      blocked('gap', NOW + m(20), 3, 3),
    ],
    [
      'next send: hourly then daily',
      { perHour: 2, perDay: 3 },
      { recentSendsMs: ago(h(23), m(30), m(10)) },
      blocked('daily_cap', NOW + h(1), 2, 3, 3),
    ],
  ];
}

for (const [clock, H, D] of [
  ['real clock', 3_600_000, 86_400_000],
  ['scaled clock', 1_200, 28_800],
] as const) {
  describe(`decidePacing, ${clock}`, () => {
    for (const [name, s, st, expected] of rows(H, D)) {
      it(name, () => assert.deepEqual(decidePacing(settings(H, D, s), state(st)), expected));
    }
  });
}

describe('dayCap', () => {
  const D = 86_400_000;
  const cases: [string, PacingSettings['ramp'], number][] = [
    ['no ramp', null, 40],
    ['ramp day 0', { startPerDay: 5, stepPerDay: 5, startedAtMs: NOW - 1 }, 5],
    ['ramp day 3', { startPerDay: 5, stepPerDay: 5, startedAtMs: NOW - 3 * D }, 20],
    ['ramp above perDay', { startPerDay: 5, stepPerDay: 5, startedAtMs: NOW - 30 * D }, 40],
    ['ramp not started', { startPerDay: 5, stepPerDay: 10, startedAtMs: NOW + 1 }, 0],
  ];
  for (const [name, ramp, expected] of cases) {
    it(`${name} → ${expected}`, () =>
      assert.equal(dayCap(settings(3_600_000, D, { perDay: 40, ramp }), NOW), expected));
  }
});

describe('drawGapMs', () => {
  const cases: [number, number, number, number][] = [
    [1000, 2000, 0, 1000],
    [1000, 2000, 0.5, 1500],
    [1000, 2000, 0.999999, 2000],
    [1000, 2000, 1, 2000], // clamped to max
    [1000, 2000, -0.5, 1000], // clamped to min
    [1000, 1000, 0.7, 1000],
    [1000, 500, 0.7, 1000], // max below min reads as min
    [1000, 2000, Number.NaN, 1000],
  ];
  for (const [minGapMs, maxGapMs, r, expected] of cases) {
    it(`[${minGapMs}, ${maxGapMs}] at ${r} → ${expected}`, () =>
      assert.equal(drawGapMs({ ...settings(1, 1), minGapMs, maxGapMs }, r), expected));
  }
});
