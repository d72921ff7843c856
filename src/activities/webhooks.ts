import { Context, log } from '@temporalio/activity';
import { EVENT_CATALOGUE } from '../domain/event-catalogue';
import type { SubscribableEvent } from '../domain/events';
import { sendSigned, inParallel } from '../adapters/webhooks/send-signed';
import type { AttemptRecord } from '../adapters/db/delivery-repository';
import { advanceCursor, deliveryBody, owedDeliveries } from '../domain/webhook-dispatch';
import { decideAttempt, endpointChange } from '../domain/webhook-outcomes';
import { webhookEndpointContract } from '../workflows/webhook-endpoint';
import { deliveriesQueuedSignal, type WebhookDeliveryTiming } from '../workflows/webhook-definitions';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export interface DispatchStep { lastSeq: number; events: number; deliveries: number; gapPending: boolean; more: boolean }
export interface DeliveryStep { attempted: number; delivered: number; nextDueAt: string | null; more: boolean; stopped: string | null }

export function createWebhookActivities(deps: ActivityDeps) {
  const { deliveries } = deps;
  const wake = (endpointId: string, reason: string) =>
    deps.workflows.signalWithStart(webhookEndpointContract, deps.webhookSettings.endpointInput(endpointId), deliveriesQueuedSignal, { reason });

  return {
    /** One page of the outbox in seq order, fanned out to the endpoints subscribed, and the cursor moved. */
    async dispatchWebhooks(pageSize: number): Promise<DispatchStep> {
      return coded(async () => {
        const page = await deliveries.outboxPage(pageSize);
        const cursor = advanceCursor({ lastSeq: page.lastSeq, seqs: page.events.map((e) => e.seq), gap: page.gap, xmin: page.xmin, xmax: page.xmax });
        const taken = new Set(cursor.take);
        const events = page.events.filter((e) => taken.has(e.seq));
        const owed = owedDeliveries(events, page.subscribers);
        const moved = cursor.lastSeq !== page.lastSeq || JSON.stringify(cursor.gap) !== JSON.stringify(page.gap);
        const woken = moved || owed.length > 0 ? await deliveries.fanOut(owed, cursor.lastSeq, cursor.gap) : [];
        await Promise.all(woken.map((id) => wake(id, 'new events')));
        return { lastSeq: cursor.lastSeq, events: events.length, deliveries: owed.length, gapPending: cursor.gap !== null, more: page.events.length === pageSize && cursor.gap === null };
      });
    },

    /** What is due for one endpoint, sent and recorded; says when to come back. */
    async deliverDueWebhooks(input: { endpointId: string; timing: WebhookDeliveryTiming }): Promise<DeliveryStep> {
      const t = input.timing;
      const ctx = Context.current();
      const beat = setInterval(() => ctx.heartbeat(), Math.max(100, Math.floor(t.heartbeatTimeoutMs / 3)));
      try {
        return await coded(async () => {
          const found = await deliveries.due(input.endpointId, t.batchSize, deps.now());
          if (!found) return { attempted: 0, delivered: 0, nextDueAt: null, more: false, stopped: 'deleted' };
          const { endpoint, deliveries: due } = found;
          if (!endpoint.enabled) return { attempted: 0, delivered: 0, nextDueAt: null, more: false, stopped: `disabled: ${endpoint.disabledReason ?? 'by a user'}` };
          const records = await inParallel(due, t.concurrency, async (d): Promise<AttemptRecord> => {
            warnIfUncatalogued(d.type, d.payload, d.id);
            const body = deliveryBody(d);
            const answer = await sendSigned({
              url: endpoint.url, secrets: endpoint.secrets, messageId: d.messageId, eventType: d.type, body,
              timeoutMs: t.timeoutMs, allowPrivate: deps.webhookSettings.allowPrivate, resolve: deps.webhookSettings.resolve, now: deps.now,
            });
            const at = deps.now();
            const decision = decideAttempt(d.attempts + 1, answer, { retryScale: t.retryScale, jitter: Math.random(), nowMs: at });
            return {
              deliveryId: d.id, messageId: d.messageId, eventType: d.type, attempt: d.attempts + 1, outcome: decision.outcome,
              responseStatus: answer.status, responseBody: answer.responseBody, latencyMs: answer.latencyMs, error: answer.error,
              nextAttemptAt: decision.nextAttemptAtMs === null ? null : new Date(decision.nextAttemptAtMs).toISOString(),
              replay: d.replay, test: false, attemptedAt: new Date(at).toISOString(),
            };
          });
          const judged = records.map((r) => ({ outcome: r.outcome, replay: r.replay, attemptedAtMs: Date.parse(r.attemptedAt), status: r.responseStatus, error: r.error }));
          const change = endpointChange(endpoint.failingSince, judged, { disableAfterMs: t.disableAfterMs, nowMs: deps.now() });
          // Always asked: retries already scheduled decide when to come back, even when nothing was due now.
          const nextDueAt = await deliveries.record(endpoint.id, records, change);
          const delivered = records.filter((r) => r.outcome === 'delivered').length;
          if (change.disable) return { attempted: records.length, delivered, nextDueAt: null, more: false, stopped: `disabled: ${change.disable}` };
          return { attempted: records.length, delivered, nextDueAt, more: due.length === t.batchSize, stopped: null };
        });
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
  if (!verdict?.success) log.warn('an outbox payload does not match the event catalogue', { type, deliveryId, issue: verdict?.error.issues[0]?.message ?? 'unknown event type' });
}
