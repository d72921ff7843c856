import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { nextPageSize } from '../domain/webhook-dispatch';
import {
  webhookDispatcherProgressQuery,
  outboxChangedSignal,
  type WebhookDispatcherInput,
  type WebhookDispatcherProgress,
} from '../contracts/webhooks';

const END_BEFORE_STEP_PATCH = 'dispatcher-end-before-step';
const PAGE_GROWS_PATCH = 'dispatcher-page-grows';

/**
 * Reads the event outbox in `seq` order and turns each event into a delivery for every endpoint
 * subscribed to it, waking those endpoints' workflows. Woken by a signal whenever a process of
 * ours wrote to the database (see adapters/webhooks/outbox-waker.ts); a slow poll catches writes
 * nobody announced. It holds no state of its own: the cursor lives in the database.
 */
export async function webhookDispatcher(input: WebhookDispatcherInput): Promise<void> {
  // A short step of data-API calls: run in the workflow's own task, saving a trip through the task queue.
  const a = proxyLocalActivities<Activities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: input.db.initialMs, maximumInterval: input.db.maxMs, backoffCoefficient: 2 },
  });
  const progress: WebhookDispatcherProgress = { lastSeq: 0, events: 0, deliveries: 0, gapPending: false, steps: 0 };
  let woken = true;
  setHandler(outboxChangedSignal, () => void (woken = true));
  setHandler(webhookDispatcherProgressQuery, () => progress);

  let prunedAtMs = input.prunedAtMs ?? 0;
  // Pages start small and grow while the outbox has more (nextPageSize); runs recorded before read
  // every page at the input's size.
  const pageGrows = patched(PAGE_GROWS_PATCH);
  let pageSize = pageGrows ? nextPageSize(input.pageSize) : input.pageSize;
  const historyFull = () => workflowInfo().historyLength > input.maxHistory || workflowInfo().continueAsNewSuggested;
  const endRun = async () => {
    await condition(allHandlersFinished);
    await continueAsNew<typeof webhookDispatcher>({ ...input, prunedAtMs });
  };
  for (;;) {
    woken = false;
    // A full run ends before its next step, in a task that does nothing else: ended after a step,
    // the task also ran the step's data-API calls, long enough for a wake signal to land in it and
    // fail it (UnhandledCommand); its retry replays the whole run, and under a steady stream of
    // wakes on a loaded machine that replay outran the task timeout again and again (the run grew
    // past 11,000 events and dispatched nothing for 15 minutes). Runs recorded before end as they did.
    const endFirst = patched(END_BEFORE_STEP_PATCH);
    if (endFirst && historyFull()) await endRun();
    if (input.logRetentionMs !== undefined && Date.now() - prunedAtMs >= (input.pruneEveryMs ?? 3_600_000)) {
      prunedAtMs = Date.now();
      await a.pruneWebhookLog(input.logRetentionMs);
    }
    const step = await a.dispatchWebhooks(pageSize);
    if (pageGrows) pageSize = nextPageSize(input.pageSize, { size: pageSize, full: step.more });
    Object.assign(progress, { lastSeq: step.lastSeq, gapPending: step.gapPending, steps: progress.steps + 1 });
    progress.events += step.events;
    progress.deliveries += step.deliveries;
    if (!endFirst && historyFull()) await endRun();
    if (step.more) continue;
    if (step.gapPending)
      log.debug('an outbox seq is not committed yet; looking again shortly', { after: step.lastSeq });
    await condition(() => woken, step.gapPending ? input.gapRecheckMs : input.pollMs);
  }
}
