import { Context, log } from '@temporalio/activity';
import { EVENT_CATALOGUE } from '../domain/event-catalogue';
import type { SubscribableEvent } from '../domain/events';
import { sendSigned } from '../adapters/webhooks/send-signed';
import { drainEndpoint, type DeliveryStep, type DrainPorts } from '../app/webhooks/webhook-drain';
import type { AttemptRecord, DeliveryEndpoint, DueDelivery } from '../adapters/db/delivery-repository';
import { advanceCursor, deliveryBody, owedDeliveries } from '../domain/webhook-dispatch';
import { decideAttempt } from '../domain/webhook-outcomes';
import { webhookEndpointContract } from '../contracts/catalogue';
import { deliveriesQueuedSignal, type WebhookDeliveryTiming } from '../contracts/webhooks';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export interface DispatchStep {
  lastSeq: number;
  events: number;
  deliveries: number;
  gapPending: boolean;
  more: boolean;
}

/**
 * Attempts are recorded in chunks of half a batch: each chunk's record reads the rows that refill
 * the batch in the same call, so a steady drain makes one data-API call per half batch. A dead
 * worker re-sends at most a chunk plus what was in flight (receivers de-duplicate on webhook-id).
 * A chunk slow to fill (a slow receiver) is recorded this long after its first attempt instead.
 */
const recordChunk = (batchSize: number) => Math.max(1, Math.ceil(batchSize / 2));
const RECORD_WITHIN_MS = 1_000;
const PRUNE_BATCH = 5_000;

export function createWebhookActivities(deps: ActivityDeps) {
  const { deliveries } = deps;
  const { strandedAfterMs } = deps.webhookSettings;
  /** The first step sweeps: a worker starting again is when wakes were lost. */
  let sweptAtMs = Number.NEGATIVE_INFINITY;
  const wake = (endpointId: string, reason: string) =>
    deps.workflows.signalWithStart(
      webhookEndpointContract,
      deps.webhookSettings.endpointInput(endpointId),
      deliveriesQueuedSignal,
      { reason },
    );

  /**
   * A fan-out commits before it wakes, and its retry reads past the moved cursor: a wake lost in
   * between (a worker killed, Temporal unreachable) is not tried again there. So, at most once per
   * `strandedAfterMs`, the endpoints owed a delivery due that long are woken too. Waking one that is
   * already sending costs a signal; a wake that fails now is tried at the next sweep.
   */
  async function wakeStranded(justWoken: string[]): Promise<void> {
    const now = deps.now();
    if (strandedAfterMs === undefined || now - sweptAtMs < strandedAfterMs) return;
    sweptAtMs = now;
    const stranded = await deliveries.stranded(new Date(now - strandedAfterMs).toISOString());
    const late = stranded.filter((id) => !justWoken.includes(id));
    if (late.length > 0)
      log.warn('webhook deliveries were waiting with no step sending them; waking their endpoints', {
        endpoints: late.length,
      });
    await Promise.all(late.map((id) => wake(id, 'stranded deliveries')));
  }

  /** One attempt at one delivery, and what its answer means. */
  async function attempt(endpoint: DeliveryEndpoint, d: DueDelivery, t: WebhookDeliveryTiming): Promise<AttemptRecord> {
    warnIfUncatalogued(d.type, d.payload, d.id);
    const answer = await sendSigned({
      url: endpoint.url,
      secrets: endpoint.secrets,
      messageId: d.messageId,
      eventType: d.type,
      body: deliveryBody(d),
      timeoutMs: t.timeoutMs,
      allowPrivate: deps.webhookSettings.allowPrivate,
      resolve: deps.webhookSettings.resolve,
      now: deps.now,
    });
    const at = deps.now();
    const decision = decideAttempt(d.attempts + 1, answer, {
      retryScale: t.retryScale,
      jitter: Math.random(),
      nowMs: at,
    });
    return {
      deliveryId: d.id,
      messageId: d.messageId,
      eventType: d.type,
      attempt: d.attempts + 1,
      outcome: decision.outcome,
      responseStatus: answer.status,
      responseBody: answer.responseBody,
      latencyMs: answer.latencyMs,
      error: answer.error,
      nextAttemptAt: decision.nextAttemptAtMs === null ? null : new Date(decision.nextAttemptAtMs).toISOString(),
      replay: d.replay,
      test: false,
      attemptedAt: new Date(at).toISOString(),
    };
  }

  return {
    /** One page of the outbox in seq order, fanned out to the endpoints subscribed, and the cursor moved. */
    async dispatchWebhooks(pageSize: number): Promise<DispatchStep> {
      return coded(async () => {
        const page = await deliveries.outboxPage(pageSize);
        const cursor = advanceCursor({
          lastSeq: page.lastSeq,
          seqs: page.events.map((e) => e.seq),
          gap: page.gap,
          xmin: page.xmin,
          xmax: page.xmax,
        });
        const taken = new Set(cursor.take);
        const events = page.events.filter((e) => taken.has(e.seq));
        const owed = owedDeliveries(events, page.subscribers);
        const moved = cursor.lastSeq !== page.lastSeq || JSON.stringify(cursor.gap) !== JSON.stringify(page.gap);
        const woken = moved || owed.length > 0 ? await deliveries.fanOut(owed, cursor.lastSeq, cursor.gap) : [];
        await Promise.all(woken.map((id) => wake(id, 'new events')));
        await wakeStranded(woken);
        return {
          lastSeq: cursor.lastSeq,
          events: events.length,
          deliveries: owed.length,
          gapPending: cursor.gap !== null,
          more: page.events.length === pageSize && cursor.gap === null,
        };
      });
    },

    /** The delivery log older than the retention, deleted in bounded batches; answers how many rows went. */
    async pruneWebhookLog(retentionMs: number): Promise<number> {
      return coded(async () => {
        const before = new Date(deps.now() - retentionMs).toISOString();
        let total = 0;
        for (let n = PRUNE_BATCH; n === PRUNE_BATCH; total += n) n = await deliveries.prune(before, PRUNE_BATCH);
        return total;
      });
    },

    /** What is due for one endpoint, sent and recorded as it goes (see webhook-drain.ts); says when to come back. */
    async deliverDueWebhooks(input: { endpointId: string; timing: WebhookDeliveryTiming }): Promise<DeliveryStep> {
      const t = input.timing;
      const ctx = Context.current();
      const beat = setInterval(() => ctx.heartbeat(), Math.max(100, Math.floor(t.heartbeatTimeoutMs / 3)));
      const ports: DrainPorts = {
        fetch: (exclude, limit) => deliveries.due(input.endpointId, limit, deps.now(), exclude),
        send: (endpoint, d) => attempt(endpoint, d, t),
        record: async (records, change, next) =>
          next
            ? deliveries.recordAndDue(input.endpointId, records, change, { ...next, now: deps.now() })
            : { nextDueAt: await deliveries.record(input.endpointId, records, change) },
        now: deps.now,
      };
      try {
        return await coded(() =>
          drainEndpoint(ports, {
            ...t,
            budgetMs: t.drainBudgetMs ?? 60_000,
            chunk: recordChunk(t.batchSize),
            chunkMs: RECORD_WITHIN_MS,
          }),
        );
      } finally {
        clearInterval(beat);
      }
    },
  };
}

/**
 * Payloads older SQL functions build are checked against the catalogue by tests; a mismatch that
 * slips through is still delivered (dropping the event would lose data) but said in the log.
 */
function warnIfUncatalogued(type: string, payload: unknown, deliveryId: string): void {
  const schema = EVENT_CATALOGUE[type as SubscribableEvent];
  const verdict = schema?.safeParse(payload);
  if (!verdict?.success)
    log.warn('an outbox payload does not match the event catalogue', {
      type,
      deliveryId,
      issue: verdict?.error.issues[0]?.message ?? 'unknown event type',
    });
}
