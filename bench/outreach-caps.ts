/**
 * The arithmetic the sends benchmark checks with, written here from the definition of a rolling
 * cap rather than taken from src/domain/pacing (the code under test): a send at s counts in the
 * window ending at t iff t - span < s <= t, and no window may hold more than its cap.
 */

export interface Caps {
  perHour: number;
  hourMs: number;
  perDay: number;
  dayMs: number;
}

/** Sends (sorted) at which a window ending there holds more than the cap; both windows counted. */
export function capViolations(sorted: number[], caps: Caps): number {
  const over = (span: number, cap: number) => {
    let n = 0;
    let first = 0;
    for (let j = 0; j < sorted.length; j++) {
      while (sorted[first]! <= sorted[j]! - span) first++;
      if (j - first + 1 > cap) n++;
    }
    return n;
  };
  return over(caps.hourMs, caps.perHour) + over(caps.dayMs, caps.perDay);
}

/**
 * The most sends the caps allow in [startMs, endMs): send whenever both windows have room, and
 * when one is full jump to the instant its oldest counted send leaves it — the greedy schedule,
 * which no other schedule beats (each send as early as it can be only ever frees room earlier).
 */
export function capsMax(startMs: number, endMs: number, caps: Caps): number {
  const sent: number[] = [];
  let t = startMs;
  while (t < endMs) {
    const n = sent.length;
    const hourFull = n >= caps.perHour && sent[n - caps.perHour]! > t - caps.hourMs;
    const dayFull = n >= caps.perDay && sent[n - caps.perDay]! > t - caps.dayMs;
    if (!hourFull && !dayFull) {
      sent.push(t);
      continue;
    }
    t = Math.max(
      hourFull ? sent[n - caps.perHour]! + caps.hourMs : t,
      dayFull ? sent[n - caps.perDay]! + caps.dayMs : t,
    );
  }
  return sent.length;
}

/**
 * For each send after the first: how long after the earliest instant the caps (given the sends
 * before it) and the previous send allowed it, it went out — the pipeline's own time plus the
 * sender's reaction to a window freeing up. Zero means the cap, not the sender, set the pace.
 */
export function lagsMs(sorted: number[], caps: Caps): number[] {
  const lags: number[] = [];
  for (let j = 1; j < sorted.length; j++) {
    const byHour = j >= caps.perHour ? sorted[j - caps.perHour]! + caps.hourMs : -Infinity;
    const byDay = j >= caps.perDay ? sorted[j - caps.perDay]! + caps.dayMs : -Infinity;
    lags.push(sorted[j]! - Math.max(sorted[j - 1]!, byHour, byDay));
  }
  return lags;
}

/**
 * How soon each of the day window's slots is taken again: a send j frees its slot when it leaves
 * the window at s_j + dayMs, and the send that takes it is j + perDay. dayMs / (s_{j+perDay} - s_j)
 * is 1 when it is taken the instant it frees up (never above 1 without a violation); the mean over
 * every such pair is the long-run share of the day cap used, which no run length hides.
 */
export function slotReuse(sorted: number[], caps: Caps): { mean: number; pairs: number } {
  let sum = 0;
  let pairs = 0;
  for (let j = 0; j + caps.perDay < sorted.length; j++) {
    sum += caps.dayMs / (sorted[j + caps.perDay]! - sorted[j]!);
    pairs++;
  }
  return { mean: pairs === 0 ? 0 : sum / pairs, pairs };
}
