import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  webhookEndpointProgressQuery,
  deliveriesQueuedSignal,
  type WebhookEndpointInput,
  type WebhookEndpointProgress,
} from '../contracts/webhooks';

/**
 * One endpoint's deliveries (id `webhook-endpoint:{endpoint}`): each step sends what is due, in
 * parallel up to the endpoint's concurrency, and records every attempt with its next retry time in
 * the database; the workflow then sleeps on a durable timer until the next retry is due or new
 * deliveries arrive. An endpoint of its own, so a slow or dead receiver delays nobody else's.
 * Ends when the endpoint is deleted or disabled; new deliveries start it again.
 */
export async function webhookEndpoint(input: WebhookEndpointInput): Promise<WebhookEndpointProgress> {
  const t = input.timing;
  // A step sends for at most its budget, then waits for what is in flight (timeoutMs) and records it; it heartbeats throughout.
  const a = proxyActivities<Activities>({
    startToCloseTimeout: (t.drainBudgetMs ?? 60_000) + 2 * t.timeoutMs + 60_000,
    heartbeatTimeout: t.heartbeatTimeoutMs,
    retry: { initialInterval: t.db.initialMs, maximumInterval: t.db.maxMs, backoffCoefficient: 2 },
  });
  const progress: WebhookEndpointProgress = {
    endpointId: input.endpointId,
    attempted: 0,
    delivered: 0,
    nextDueAt: null,
    stopped: null,
  };
  let woken = true;
  setHandler(deliveriesQueuedSignal, () => void (woken = true));
  setHandler(webhookEndpointProgressQuery, () => progress);

  for (;;) {
    woken = false;
    const step = await a.deliverDueWebhooks({ endpointId: input.endpointId, timing: t });
    progress.attempted += step.attempted;
    progress.delivered += step.delivered;
    progress.nextDueAt = step.nextDueAt;
    if (step.stopped) {
      progress.stopped = step.stopped;
      await condition(allHandlersFinished);
      return progress;
    }
    if (workflowInfo().historyLength > input.maxHistory || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof webhookEndpoint>(input);
    }
    if (step.more) continue;
    const dueInMs = step.nextDueAt === null ? undefined : Math.max(Date.parse(step.nextDueAt) - Date.now(), 1);
    await condition(() => woken, dueInMs);
  }
}
