import type { AttemptRecord } from '../adapters/db/delivery-repository';
import { inParallel, sendSigned } from '../adapters/webhooks/send-signed';
import { subscribes } from '../domain/webhook-dispatch';
import { judgeAttempt } from '../domain/webhook-retry';
import type { TestResult, WebhookTestInput } from '../contracts/webhooks';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createWebhookTestActivities(deps: ActivityDeps) {
  return {
    /**
     * A test event, sent once to every enabled endpoint subscribed to its type, as the original
     * server's test did: no retries, not in the outbox (receivers must not mistake it for a real
     * change), but every attempt is in the delivery log, marked as a test.
     */
    async sendTestWebhook(input: WebhookTestInput): Promise<TestResult> {
      return coded(async () => {
        const subscribed = (await deps.deliveries.subscribers()).filter((w) => subscribes(w, input.event));
        const body = JSON.stringify({
          event: input.event,
          timestamp: new Date(deps.now()).toISOString(),
          data: input.data,
        });
        const results = await inParallel(subscribed, 8, async (w) => {
          const endpoint = await deps.webhooks.forSigning(w.id, deps.now());
          if (!endpoint) return { id: w.id, status: null, error: 'deleted meanwhile', ok: false };
          const answer = await sendSigned({
            url: endpoint.url,
            secrets: endpoint.secrets,
            messageId: input.messageId,
            eventType: input.event,
            body,
            timeoutMs: input.timeoutMs,
            allowPrivate: deps.webhookSettings.allowPrivate,
            resolve: deps.webhookSettings.resolve,
            now: deps.now,
          });
          const ok = !answer.refused && judgeAttempt(answer.status) === 'delivered';
          const record: AttemptRecord = {
            deliveryId: null,
            messageId: input.messageId,
            eventType: input.event,
            attempt: 1,
            outcome: ok ? 'delivered' : 'failed',
            responseStatus: answer.status,
            responseBody: answer.responseBody,
            latencyMs: answer.latencyMs,
            error: answer.error,
            nextAttemptAt: null,
            replay: false,
            test: true,
            attemptedAt: new Date(deps.now()).toISOString(),
          };
          // A test never changes the endpoint's health: it only logs what happened.
          await deps.deliveries.record(w.id, [record], {});
          return { id: w.id, status: answer.status, error: answer.error, ok };
        });
        const sent = results.filter((r) => r.ok).length;
        return { sent, failed: results.length - sent, endpoints: results.map(({ ok: _ok, ...r }) => r) };
      });
    },
  };
}
