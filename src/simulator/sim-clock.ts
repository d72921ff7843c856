/**
 * The simulator's own notion of "now": it decides active hours, rate-limit windows and which
 * scheduled replies have arrived. Frozen for tests (moved only by set/advance); running for the demo.
 */

export interface SimClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
  /** Hour of day in the simulated server's local zone (0–23). */
  localHour(utcOffsetMinutes: number): number;
}

export function createSimClock(startMs: number, running: boolean): SimClock {
  let base = startMs;
  let realAnchor = Date.now();
  const now = () => (running ? base + (Date.now() - realAnchor) : base);
  const set = (ms: number) => {
    base = ms;
    realAnchor = Date.now();
  };
  return {
    now,
    set,
    advance: (ms) => set(now() + ms),
    localHour: (offset) => new Date(now() + offset * 60_000).getUTCHours(),
  };
}
