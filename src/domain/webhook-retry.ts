/**
 * What one delivery attempt's answer means, and when to try again: Svix's schedule (immediately,
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), each wait jittered by up to ±20 % and scaled by config
 * (tests run it in milliseconds). A `Retry-After` longer than the scheduled wait is honoured.
 */

export const RETRY_SCHEDULE_MS: readonly number[] = [
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/** delivered: 2xx. retry: 5xx, 408, 429, no answer. final: any other answer. gone: 410 (disable the endpoint). */
export type AttemptVerdict = 'delivered' | 'retry' | 'final' | 'gone';

/** `status` null: no answer (refused, reset, timed out). */
export function judgeAttempt(status: number | null): AttemptVerdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  // 3xx: redirects are not followed (the target could be anywhere); other 4xx: the receiver refuses this message.
  return 'final';
}

/**
 * The wait before attempt number `next` (1 = the first retry), or null when the schedule is spent.
 * `jitter` in [0, 1) comes from the caller (a workflow's deterministic random).
 */
export function retryDelayMs(
  next: number,
  o: { scale: number; jitter: number; retryAfterMs?: number | null },
): number | null {
  const base = RETRY_SCHEDULE_MS[next];
  if (base === undefined) return null;
  const jittered = base * o.scale * (0.8 + 0.4 * o.jitter);
  return Math.round(Math.max(jittered, o.retryAfterMs ?? 0));
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. Capped at the longest scheduled wait. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const cap = Math.max(...RETRY_SCHEDULE_MS);
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - nowMs;
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), cap) : null;
}

/** An endpoint failing without a single success for this long is disabled (WEBHOOK_DISABLE_AFTER_MS). */
export function failingTooLong(firstFailureAtMs: number | null, nowMs: number, disableAfterMs: number): boolean {
  return firstFailureAtMs !== null && nowMs - firstFailureAtMs >= disableAfterMs;
}
