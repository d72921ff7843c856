/** Small numeric helpers shared by the scoring and coaching engines. */

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/**
 * Rounds half up like `Math.round`, but first snaps away binary noise: 0.15 × 70 + … can land on
 * 64.49999999999999 instead of 64.5, and a score must not depend on the order of float additions.
 */
export function roundScore(value: number): number {
  return Math.round(Math.round(value * 1e6) / 1e6);
}

/** Whole days from `fromMs` to `nowMs`, floored; negative when `fromMs` lies in the future. */
export function daysBetween(fromMs: number, nowMs: number): number {
  return Math.floor((nowMs - fromMs) / 86_400_000);
}

const HAS_TIME = /\d:\d/;
const HAS_ZONE = /(?:[zZ]|[+-]\d\d(?::?\d\d)?)$/;

/**
 * Parses a timestamp; null when missing or unparsable. A date-time without a zone is read as UTC:
 * Date.parse would read it in the machine's local zone, and the domain must answer the same everywhere.
 */
export function parseTimestamp(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(HAS_TIME.test(iso) && !HAS_ZONE.test(iso) ? `${iso}Z` : iso);
  return Number.isFinite(ms) ? ms : null;
}
