import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { log, sleep } from '@temporalio/workflow';
import type { RetryProfile } from '../contracts/timing';

/**
 * Retries an activity from the workflow, with the profile's backoff as durable timers (visible in
 * the Temporal UI). Each failed attempt's details go to `onPartial`, so work an attempt finished
 * before failing is counted. A non-retryable failure, or the last attempt, fails the workflow.
 */
export async function retryActivity<T>(
  profile: RetryProfile,
  call: () => Promise<T>,
  onPartial: (details: unknown) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const cause = err.cause;
      if (cause instanceof ApplicationFailure) {
        if (cause.details?.[0] !== undefined) onPartial(cause.details[0]);
        if (cause.nonRetryable) throw err;
      }
      if (attempt >= profile.attempts) throw err;
      const delayMs = Math.min(profile.initialMs * 2 ** (attempt - 1), profile.maxMs);
      log.warn('activity failed; retrying', { attempt, delayMs, failure: cause?.message ?? err.message });
      await sleep(delayMs);
    }
  }
}
