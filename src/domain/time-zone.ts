/**
 * Wall-clock arithmetic in IANA time zones through Intl alone, so a workflow can ask "what time is it
 * for this account?" and get the same answer on every machine: the host's own zone never enters.
 * Wall times are carried as "local fields encoded with Date.UTC", which makes day arithmetic plain
 * addition (Date.UTC rolls day 32 into the next month).
 */

export interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number; // 0..23
  minute: number;
  second: number;
}

// One formatter per zone: constructing an Intl.DateTimeFormat costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle 'h23': with hour12:false some ICU versions print midnight as "24".
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone (names are matched case-insensitively, as Intl does). */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export function wallTime(timeZone: string, atMs: number): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(atMs)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
  }
  return wall;
}

export function localHourMinute(timeZone: string, atMs: number): { hour: number; minute: number } {
  const { hour, minute } = wallTime(timeZone, atMs);
  return { hour, minute };
}

/** The wall clock at `atMs`, to the second, encoded with Date.UTC. */
export function wallMs(timeZone: string, atMs: number): number {
  const w = wallTime(timeZone, atMs);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at `atMs` (Intl shows whole seconds, so the instant is floored to one). */
export function offsetMs(timeZone: string, atMs: number): number {
  return wallMs(timeZone, atMs) - Math.floor(atMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;
const MAX_SEARCH_STEPS = 64;

/**
 * The earliest instant >= notBeforeMs whose wall clock reads `wall` (a Date.UTC-encoded local time),
 * or null when that is before notBeforeMs. Guess and correct: offsets read a day either side bracket
 * any DST transition near `wall`, each gives a guess, and only guesses whose wall clock re-checks
 * exactly are kept (two on a fall-back day: the earlier wins). When neither checks, `wall` fell into
 * a spring-forward gap and the answer is the transition itself, the first instant after the gap.
 */
export function instantAtWall(timeZone: string, wall: number, notBeforeMs: number): number | null {
  const before = offsetMs(timeZone, wall - DAY_MS);
  const after = offsetMs(timeZone, wall + DAY_MS);
  let best: number | null = null;
  for (const guess of [wall - before, wall - after]) {
    if (guess >= notBeforeMs && wallMs(timeZone, guess) === wall && (best === null || guess < best)) best = guess;
  }
  if (best !== null || after <= before) return best;
  const transition = transitionMs(timeZone, wall - after, wall - before, after);
  return transition >= notBeforeMs ? transition : null;
}

/** Bisects (to the second) for the first instant in (loMs, hiMs] whose offset is `target`. */
function transitionMs(timeZone: string, loMs: number, hiMs: number, target: number): number {
  let lo = Math.floor(loMs / 1000);
  let hi = Math.ceil(hiMs / 1000);
  for (let i = 0; i < MAX_SEARCH_STEPS && hi - lo > 1; i++) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(timeZone, mid * 1000) === target) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}
