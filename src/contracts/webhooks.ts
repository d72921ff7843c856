import { defineQuery, defineSignal } from '@temporalio/workflow';
import { PROGRESS_QUERY_NAME } from './contract';
import type { RetryProfile } from './timing';

/** The contracts of webhook delivery: the outbox dispatcher and one delivering workflow per endpoint. */

export interface WebhookDispatcherInput {
  version: 1;
  /** Outbox events read per step. */
  pageSize: number;
  /** A safety poll for writes nobody announced (another program writing the database); not the usual path. */
  pollMs: number;
  /** While a missing seq may still be committed, look again after this. */
  gapRecheckMs: number;
  db: RetryProfile;
  maxHistory: number;
  /** The delivery log is kept this long, pruned every pruneEveryMs (absent in older inputs: kept). */
  logRetentionMs?: number;
  pruneEveryMs?: number;
  /** When the log was last pruned, carried across continue-as-new. */
  prunedAtMs?: number;
}

export interface WebhookDeliveryTiming {
  /** Multiplies Svix's retry schedule (1 in production). */
  retryScale: number;
  /** One attempt's whole exchange. */
  timeoutMs: number;
  /** Failing without one success this long disables the endpoint. */
  disableAfterMs: number;
  /** Deliveries taken per step, and how many of them are in flight at once. */
  batchSize: number;
  concurrency: number;
  /** One step sends for at most this long before the workflow takes over again (absent in older inputs: 60 s). */
  drainBudgetMs?: number;
  heartbeatTimeoutMs: number;
  db: RetryProfile;
}

export interface WebhookEndpointInput {
  version: 1;
  endpointId: string;
  timing: WebhookDeliveryTiming;
  maxHistory: number;
}

export interface WebhookDispatcherProgress {
  lastSeq: number;
  events: number;
  deliveries: number;
  gapPending: boolean;
  steps: number;
}
export interface WebhookEndpointProgress {
  endpointId: string;
  attempted: number;
  delivered: number;
  nextDueAt: string | null;
  /** Why it ended: the endpoint was deleted or disabled. */
  stopped: string | null;
}

/** Something may have been written to the outbox. */
export const outboxChangedSignal = defineSignal<[{ reason: string }]>('outboxChanged');
/** The endpoint has new deliveries (fan-out, a replay, re-enabled). */
export const deliveriesQueuedSignal = defineSignal<[{ reason: string }]>('deliveriesQueued');

export interface WebhookTestInput {
  version: 1;
  event: string;
  data: Record<string, unknown>;
  /** The test's own webhook-id (and the workflow's key). */
  messageId: string;
  timeoutMs: number;
}

export interface TestResult {
  sent: number;
  failed: number;
  endpoints: { id: string; status: number | null; error: string | null }[];
}

export interface WebhookTestProgress {
  phase: 'sending' | 'done';
  result: TestResult | null;
}

export const webhookDispatcherProgressQuery = defineQuery<WebhookDispatcherProgress>(PROGRESS_QUERY_NAME);
export const webhookEndpointProgressQuery = defineQuery<WebhookEndpointProgress>(PROGRESS_QUERY_NAME);
export const webhookTestProgressQuery = defineQuery<WebhookTestProgress>(PROGRESS_QUERY_NAME);
