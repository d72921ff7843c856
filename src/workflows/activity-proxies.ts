import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/**
 * Retry profiles, one per kind of downstream. Activities report non-retryable failures
 * themselves (ApplicationFailure.nonRetryable), so the policies only shape the backoff.
 */

/** Database writes: short, idempotent (upserts keyed by business keys), retried patiently. */
export const dbActivities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});
