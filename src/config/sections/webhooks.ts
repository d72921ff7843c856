import type { z } from 'zod';
import { int, positiveNumber } from '../fields';

/** How webhooks are delivered: Svix's retry schedule (scaled only in tests), timeouts, batching. */
export const webhookEnv = {
  /** One attempt's whole exchange with a receiver. */
  WEBHOOK_TIMEOUT_MS: int(15_000, 100, 120_000),
  /** Multiplies the retry schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); tests use a tiny one. */
  WEBHOOK_RETRY_SCALE: positiveNumber(1),
  /** An endpoint failing without one success this long is disabled (5 days). */
  WEBHOOK_DISABLE_AFTER_MS: int(5 * 86_400_000, 1),
  /** The dispatcher is woken by our own writes; this slow poll catches writes from anything else. */
  WEBHOOK_POLL_MS: int(30_000, 100),
  /**
   * Due rows an endpoint's step holds read ahead (its attempts are recorded half a batch at a time,
   * each record reading the next rows), and how many it sends at once.
   */
  WEBHOOK_BATCH_SIZE: int(200, 1, 1_000),
  WEBHOOK_CONCURRENCY: int(8, 1, 100),
  /** The delivery log (every attempt, settled deliveries) is kept this long (30 days). */
  WEBHOOK_LOG_RETENTION_MS: int(30 * 86_400_000, 60_000),
};

export function buildWebhooks(e: z.infer<z.ZodObject<typeof webhookEnv>>) {
  return {
    webhookDelivery: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryScale: e.WEBHOOK_RETRY_SCALE,
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_MS,
      pollMs: e.WEBHOOK_POLL_MS,
      batchSize: e.WEBHOOK_BATCH_SIZE,
      concurrency: e.WEBHOOK_CONCURRENCY,
      logRetentionMs: e.WEBHOOK_LOG_RETENTION_MS,
    },
  };
}
