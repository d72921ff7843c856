/**
 * The Safari server's own `checkRateLimit` middleware: a fixed hourly window anchored at its last
 * reset (not sliding), a daily window anchored at process start, active hours in server-local time,
 * and counters that move only when a send succeeded.
 */

export interface RateLimitSettings {
  perHour: number | null;
  perDay: number | null;
  /** Allowed when start <= hour < end; null = any hour. */
  activeHours: { start: number; end: number } | null;
}

export interface Rejection {
  status: 429;
  body: Record<string, unknown>;
}

const HOUR = 3_600_000;

export function createRateLimiter(settings: RateLimitSettings, startMs: number) {
  let s = { ...settings };
  let sentThisHour = 0;
  let sentToday = 0;
  let lastHourReset = startMs;
  let lastDayReset = startMs;

  function roll(now: number): void {
    if (now - lastHourReset > HOUR) {
      sentThisHour = 0;
      lastHourReset = now;
    }
    if (now - lastDayReset > 24 * HOUR) {
      sentToday = 0;
      lastDayReset = now;
    }
  }

  function check(now: number, localHour: number): Rejection | null {
    roll(now);
    const h = s.activeHours;
    if (h && !(localHour >= h.start && localHour < h.end)) {
      return { status: 429, body: { error: 'Outside active hours', activeHours: `${h.start}:00 - ${h.end}:00` } };
    }
    if (s.perHour !== null && sentThisHour >= s.perHour)
      return { status: 429, body: { error: 'Hourly rate limit exceeded' } };
    if (s.perDay !== null && sentToday >= s.perDay)
      return { status: 429, body: { error: 'Daily rate limit exceeded' } };
    return null;
  }

  function record(now: number): void {
    roll(now);
    sentThisHour++;
    sentToday++;
  }

  const counters = () => ({ messagesSentToday: sentToday, messagesSentThisHour: sentThisHour });

  /** The RateLimitConfig the real server reports; a limit that is off reads as null. */
  const limits = () => ({
    messagesPerHour: s.perHour,
    messagesPerDay: s.perDay,
    minDelayMs: 60_000,
    maxDelayMs: 300_000,
    activeHoursStart: s.activeHours?.start ?? 0,
    activeHoursEnd: s.activeHours?.end ?? 24,
  });

  function activeHours(localHour: number) {
    const { activeHoursStart: start, activeHoursEnd: end } = limits();
    return { start, end, currentHour: localHour, isActive: localHour >= start && localHour < end };
  }

  /** Like `PUT /api/rate-limits`, but only for the fields the simulator knows. */
  function update(patch: Partial<RateLimitSettings>): void {
    s = { ...s, ...patch };
  }

  return { check, record, counters, limits, activeHours, update, settings: () => ({ ...s }) };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
