import type { PacingSettings } from './pacing-settings';

/**
 * The counting half of send pacing: rolling-window caps, the warm-up ramp and the jittered gap.
 * Windows are rolling rather than calendar-aligned because Instagram's limits are, as far as anyone
 * can observe; a burst just after midnight must not double a day's volume.
 */

type CapSettings = Pick<PacingSettings, 'perDay' | 'ramp' | 'dayMs'>;

/** A send at t counts in the window ending at atMs iff atMs - spanMs < t <= atMs. */
function inWindow(sendsMs: readonly number[], atMs: number, spanMs: number): number[] {
  return sendsMs.filter((t) => atMs - spanMs < t && t <= atMs).sort((a, b) => a - b);
}

export function countInWindow(sendsMs: readonly number[], atMs: number, spanMs: number): number {
  return inWindow(sendsMs, atMs, spanMs).length;
}

/**
 * atMs while the window ending at atMs holds fewer than `cap` sends, else the moment enough old
 * sends have left it: with k sends and cap c, the (k - c + 1)th oldest leaves at its time + spanMs.
 * A cap of 0 never releases (Infinity). Sends later than atMs are not counted here; the caller
 * re-checks at the returned instant, where they may count.
 */
export function capReleaseMs(sendsMs: readonly number[], atMs: number, spanMs: number, cap: number): number {
  const within = inWindow(sendsMs, atMs, spanMs);
  const c = Math.ceil(cap);
  if (within.length < c) return atMs;
  if (c <= 0) return Number.POSITIVE_INFINITY;
  return (within[within.length - c] ?? atMs) + spanMs;
}

/** Whole ramp days since the ramp started; negative while the start lies ahead. */
function rampDays(s: CapSettings, atMs: number): number {
  return s.ramp ? Math.floor((atMs - s.ramp.startedAtMs) / s.dayMs) : 0;
}

/** The ramp's own cap at atMs (never below 0), or null without a ramp. */
function rampCap(s: CapSettings, atMs: number): number | null {
  if (!s.ramp) return null;
  return Math.max(0, s.ramp.startPerDay + s.ramp.stepPerDay * rampDays(s, atMs));
}

/** Whether the warm-up ramp, not perDay, sets today's cap; hitting it is then reported as 'ramp'. */
export function rampBinds(s: CapSettings, atMs: number): boolean {
  const cap = rampCap(s, atMs);
  return cap !== null && cap < s.perDay;
}

/** perDay, or the ramp's cap when that is lower. */
export function dayCap(settings: CapSettings, nowMs: number): number {
  const cap = rampCap(settings, nowMs);
  return cap === null ? settings.perDay : Math.min(settings.perDay, cap);
}

/**
 * The day cap's release: the rolling window's, or the ramp's next step when that comes first (a
 * growing ramp raises the cap at each ramp day, so a ramp cap of 0 is a wait, not a stop).
 */
export function dayReleaseMs(s: CapSettings, sendsMs: readonly number[], atMs: number): number {
  const byCount = capReleaseMs(sendsMs, atMs, s.dayMs, dayCap(s, atMs));
  if (byCount === atMs || !s.ramp || s.ramp.stepPerDay <= 0 || !rampBinds(s, atMs)) return byCount;
  return Math.min(byCount, s.ramp.startedAtMs + (rampDays(s, atMs) + 1) * s.dayMs);
}

/**
 * The gap to wait after a send: minGapMs + floor(random01 × (max - min + 1)), kept within
 * [minGapMs, maxGapMs] (a maxGapMs below minGapMs is read as minGapMs: the minimum is the safety).
 * The caller draws random01, outside the workflow's replay path or from its seeded random.
 */
export function drawGapMs(settings: Pick<PacingSettings, 'minGapMs' | 'maxGapMs'>, random01: number): number {
  const min = settings.minGapMs;
  const max = Math.max(min, settings.maxGapMs);
  const drawn = min + Math.floor((Number.isFinite(random01) ? random01 : 0) * (max - min + 1));
  return Math.min(max, Math.max(min, drawn));
}
