import { capReleaseMs, countInWindow, dayCap, dayReleaseMs, drawGapMs, rampBinds } from './pacing-caps';
import type { PacingSettings } from './pacing-settings';
import { instantAtWall, isValidTimeZone, localHourMinute, wallTime } from './time-zone';

/**
 * Per-Instagram-account send pacing: may this account send a DM now, and if not, what stops it and
 * when could it next send. Workflows call it, so time and randomness come in as arguments and the
 * same inputs always give the same answer.
 */

export { dayCap, drawGapMs, isValidTimeZone, localHourMinute };

export type { PacingSettings, RampSettings } from './pacing-settings';

export const PACING_BLOCKS = ['paused', 'window', 'ramp', 'daily_cap', 'hourly_cap', 'gap'] as const;
export type PacingBlock = (typeof PACING_BLOCKS)[number];

export interface PacingState {
  nowMs: number;
  /** Times of sends, any order: at least all within the last dayMs; older ones are ignored. */
  recentSendsMs: readonly number[];
  /** The latest send, which may be older than dayMs. */
  lastSendMs: number | null;
  /** The gap drawn after lastSendMs: the next send is not before lastSendMs + gapMs. */
  gapMs: number;
  /** null = not paused; Number.POSITIVE_INFINITY = paused until resumed. */
  pausedUntilMs: number | null;
}

export interface PacingCounts {
  lastHour: number;
  lastDay: number;
  dayCap: number;
}

export type PacingDecision =
  | { ok: true; counts: PacingCounts }
  | { ok: false; blockedBy: PacingBlock; nextSendAtMs: number | null; counts: PacingCounts };

export function isInWindow(settings: PacingSettings, atMs: number): boolean {
  const { activeStartHour: start, activeEndHour: end } = settings;
  if (start <= 0 && end >= 24) return true;
  const { hour } = localHourMinute(settings.timeZone, atMs);
  if (start < end) return hour >= start && hour < end;
  return start === end || hour >= start || hour < end;
}

/**
 * `atMs` when the window is open, else the next instant whose wall clock reads activeStartHour:00
 * (or the end of a spring-forward gap that swallowed that hour). Today's start is tried first even
 * when it has passed, then the next days, so a short or long DST day is never skipped.
 */
export function nextWindowOpenMs(settings: PacingSettings, atMs: number): number {
  if (isInWindow(settings, atMs)) return atMs;
  const { year, month, day } = wallTime(settings.timeZone, atMs);
  for (let d = 0; d <= 3; d++) {
    const wall = Date.UTC(year, month - 1, day + d, settings.activeStartHour);
    const open = instantAtWall(settings.timeZone, wall, atMs);
    if (open !== null) return open;
  }
  return atMs; // unreachable for real zones: some day within three always has the start hour
}

/** One constraint: `release(t)` is t while it holds at t, else the earliest later instant it could. */
interface Constraint {
  block: PacingBlock;
  release: (t: number) => number;
}

const MAX_STEPS = 50;

function constraints(s: PacingSettings, st: PacingState): Constraint[] {
  const until = (end: number | null) => (t: number) => (end !== null && t < end ? end : t);
  return [
    { block: 'paused', release: until(st.pausedUntilMs) },
    { block: 'window', release: (t) => nextWindowOpenMs(s, t) },
    { block: rampBinds(s, st.nowMs) ? 'ramp' : 'daily_cap', release: (t) => dayReleaseMs(s, st.recentSendsMs, t) },
    { block: 'hourly_cap', release: (t) => capReleaseMs(st.recentSendsMs, t, s.hourMs, s.perHour) },
    { block: 'gap', release: until(st.lastSendMs === null ? null : st.lastSendMs + st.gapMs) },
  ];
}

/** Follows one release function until it stops moving; Infinity means never. */
function settle(release: (t: number) => number, fromMs: number): number {
  let t = fromMs;
  for (let i = 0; i < MAX_STEPS; i++) {
    const next = release(t);
    if (next === t || !Number.isFinite(next)) return next;
    t = next;
  }
  return t;
}

/**
 * The earliest instant at which every constraint holds at once, assuming no new sends; null when one
 * never releases. The caps are taken to their release first and the window last, because a cap that
 * frees up after the window closes must wait for tomorrow's opening.
 */
function nextSendAtMs(all: readonly Constraint[], nowMs: number): number | null {
  const window = all.filter((c) => c.block === 'window');
  const others = all.filter((c) => c.block !== 'window');
  let t = nowMs;
  for (let i = 0; i < MAX_STEPS; i++) {
    const released = Math.max(t, ...others.map((c) => c.release(t)));
    if (!Number.isFinite(released)) return null;
    const next = window.reduce((at, c) => c.release(at), released);
    if (next === t) return t;
    t = next;
  }
  return t; // not settled after MAX_STEPS: a lower bound, and the sender re-checks anyway
}

/**
 * Whether the account may send at st.nowMs. When it may not, blockedBy names the blocking
 * constraint that holds out longest on its own (never = longest; ties go to the PACING_BLOCKS
 * order), because that is the one worth showing a person.
 */
export function decidePacing(settings: PacingSettings, state: PacingState): PacingDecision {
  const now = state.nowMs;
  const counts: PacingCounts = {
    lastHour: countInWindow(state.recentSendsMs, now, settings.hourMs),
    lastDay: countInWindow(state.recentSendsMs, now, settings.dayMs),
    dayCap: dayCap(settings, now),
  };
  const all = constraints(settings, state);
  let worst: { block: PacingBlock; at: number } | null = null;
  for (const c of all) {
    if (c.release(now) === now) continue;
    const at = settle(c.release, now);
    if (worst === null || at > worst.at) worst = { block: c.block, at };
  }
  if (worst === null) return { ok: true, counts };
  return { ok: false, blockedBy: worst.block, nextSendAtMs: nextSendAtMs(all, now), counts };
}
