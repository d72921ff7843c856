import { failingTooLong, judgeAttempt, retryDelayMs } from './webhook-retry';

/**
 * What one attempt's answer does to its delivery (delivered, retried later, given up) and what a
 * batch of attempts does to its endpoint (its failing streak, disabling). Pure, from the answer,
 * the schedule and the clock.
 */

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'gone';

export interface AttemptAnswer {
  status: number | null;
  error: string | null;
  retryAfterMs: number | null;
  /** Our own URL check refused to dial (a metadata or link-local address): retrying cannot help. */
  refused: boolean;
}

export interface RetryTiming {
  /** Multiplies Svix's schedule (1 in production; tests run it in milliseconds). */
  retryScale: number;
}

/** `attempt` is this attempt's number (1 = the first). */
export function decideAttempt(
  attempt: number,
  answer: AttemptAnswer,
  o: RetryTiming & { jitter: number; nowMs: number },
): { outcome: AttemptOutcome; nextAttemptAtMs: number | null } {
  const verdict = answer.refused ? 'final' : judgeAttempt(answer.status);
  if (verdict === 'delivered') return { outcome: 'delivered', nextAttemptAtMs: null };
  if (verdict === 'gone') return { outcome: 'gone', nextAttemptAtMs: null };
  if (verdict === 'final') return { outcome: 'failed', nextAttemptAtMs: null };
  const wait = retryDelayMs(attempt, { scale: o.retryScale, jitter: o.jitter, retryAfterMs: answer.retryAfterMs });
  return wait === null
    ? { outcome: 'failed', nextAttemptAtMs: null }
    : { outcome: 'retrying', nextAttemptAtMs: o.nowMs + wait };
}

export interface EndpointChange {
  /** undefined: unchanged; null: cleared by a success; else the first failure of the streak. */
  failingSince?: string | null;
  /** Set: disable the endpoint, saying why. */
  disable?: string;
}

export interface JudgedAttempt {
  outcome: AttemptOutcome;
  replay: boolean;
  attemptedAtMs: number;
  status: number | null;
  error: string | null;
}

/** WEBHOOK_DISABLE_AFTER_MS in words: days when it is whole days or more, else seconds (scaled tests). */
const allowed = (ms: number) =>
  ms >= 86_400_000 ? `${+(ms / 86_400_000).toFixed(3)} days` : `${+(ms / 1000).toFixed(3)} s`;

const lastAnswer = (a: JudgedAttempt) => (a.status !== null ? `HTTP ${a.status}` : (a.error ?? 'no answer'));

/**
 * A success clears the streak. A failure outside a replay starts one, or extends it: an endpoint
 * failing without one success for disableAfterMs is disabled. A 410 disables it at once.
 */
export function endpointChange(
  failingSince: string | null,
  attempts: JudgedAttempt[],
  o: { disableAfterMs: number; nowMs: number },
): EndpointChange {
  const gone = attempts.find((a) => a.outcome === 'gone');
  if (gone) return { disable: `the receiver answered 410 Gone at ${new Date(gone.attemptedAtMs).toISOString()}` };
  if (attempts.some((a) => a.outcome === 'delivered')) return failingSince === null ? {} : { failingSince: null };
  const failures = attempts.filter((a) => !a.replay && a.outcome !== 'delivered');
  if (failures.length === 0) return {};
  const since = failingSince ?? new Date(Math.min(...failures.map((a) => a.attemptedAtMs))).toISOString();
  const change: EndpointChange = since === failingSince ? {} : { failingSince: since };
  if (failingTooLong(Date.parse(since), o.nowMs, o.disableAfterMs)) {
    change.disable = `no successful delivery since ${since} (${allowed(o.disableAfterMs)} allowed); last answer: ${lastAnswer(failures[failures.length - 1]!)}`;
  }
  return change;
}
