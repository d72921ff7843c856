import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_TIMING, type RetryProfile, type WorkflowTiming } from '../contracts/timing';

/**
 * Retry profiles, one per kind of downstream, built from the timing a workflow got in its input.
 * Activities mark non-retryable failures themselves (ApplicationFailure.nonRetryable), so the
 * policies only shape the backoff.
 */

const retry = (p: RetryProfile) => ({
  initialInterval: p.initialMs,
  maximumInterval: p.maxMs,
  backoffCoefficient: 2,
  maximumAttempts: p.attempts,
});

export function activityProxies(timing: WorkflowTiming = DEFAULT_TIMING) {
  return {
    /** Data-API writes: short, idempotent (keyed by business keys or claims), retried patiently. */
    db: proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retry(timing.db) }),
    /**
     * Short steps safe to repeat that a workflow waits on before its real work (asking for a Safari
     * turn): run inside the workflow's own task, without a round trip through the task queue.
     */
    local: proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retry(timing.db) }),
    /**
     * Data-API work over many rows (a video's audience read 1000 contacts a page, a listing's
     * store): it heartbeats, so a lost worker is noticed quickly however long the work is.
     */
    scan: proxyActivities<Activities>({
      startToCloseTimeout: '30 minutes',
      heartbeatTimeout: timing.heartbeatTimeoutMs,
      retry: retry(timing.db),
    }),
    /**
     * Browser-driving reads: each may wait its turn at the Safari host and take minutes, so they
     * heartbeat; a lost worker is noticed after heartbeatTimeout, not after the whole timeout.
     */
    safari: proxyActivities<Activities>({
      startToCloseTimeout: '15 minutes',
      heartbeatTimeout: timing.heartbeatTimeoutMs,
      retry: retry(timing.safari),
    }),
    /**
     * Once only: the workflow retries these itself (see retryActivity), because a failed attempt
     * may have done part of the work and reports it in the failure's details.
     */
    safariOnce: proxyActivities<Activities>({
      startToCloseTimeout: '15 minutes',
      heartbeatTimeout: timing.heartbeatTimeoutMs,
      retry: { maximumAttempts: 1 },
    }),
  };
}
