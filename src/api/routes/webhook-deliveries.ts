import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AttemptRow, DeliveryRow } from '../../adapters/db/webhook-log-repository';
import { messageIdOf, subscribes, type OutboxRef } from '../../domain/webhook-dispatch';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';
import { WebhookIdParam } from '../schemas/webhook';
import {
  DeliveriesQuery,
  LogQuery,
  ReplayBody,
  WebhookAttempt,
  WebhookDelivery,
  WebhookTestBody,
} from '../schemas/webhook-log';

/**
 * What happened to deliveries (every attempt), a test send, and replays. Delivery itself never runs
 * in a request: a replay only queues deliveries and wakes the endpoint's workflow.
 */

const sec = { security: apiKeySecurity };
const REPLAY_MAX = 10_000;

const routes = {
  log: createRoute({
    method: 'get',
    path: '/api/webhooks/events/log',
    summary: 'Every delivery attempt, newest first',
    ...sec,
    request: { query: LogQuery },
    responses: {
      200: jsonResponse(z.object({ events: z.array(WebhookAttempt), count: z.number().int() }), 'Attempts'),
      ...errorResponses(400, 401, 503),
    },
  }),
  deliveries: createRoute({
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    summary: "An endpoint's deliveries, newest event first, each with its attempts",
    ...sec,
    request: { params: WebhookIdParam, query: DeliveriesQuery },
    responses: {
      200: jsonResponse(z.object({ deliveries: z.array(WebhookDelivery), count: z.number().int() }), 'Deliveries'),
      ...errorResponses(400, 401, 404, 503),
    },
  }),
  test: createRoute({
    method: 'post',
    path: '/api/webhooks/test',
    summary: 'Send a test event once to every subscribed endpoint (not stored as an event)',
    ...sec,
    request: { body: jsonRequest(WebhookTestBody) },
    responses: {
      200: jsonResponse(
        z.object({ event: z.string(), result: z.object({ sent: z.number().int(), failed: z.number().int() }) }),
        'Sent',
      ),
      ...errorResponses(400, 401, 413, 503),
    },
  }),
  replay: createRoute({
    method: 'post',
    path: '/api/webhooks/{id}/replay',
    summary: 'Send one message again, or everything since a time (does not count toward disabling)',
    ...sec,
    request: { params: WebhookIdParam, body: jsonRequest(ReplayBody) },
    responses: {
      202: jsonResponse(
        z.object({ replay: z.object({ endpoint_id: z.string(), queued: z.number().int(), truncated: z.boolean() }) }),
        'Queued',
      ),
      ...errorResponses(400, 401, 404, 409, 413, 503),
    },
  }),
};

const toAttempt = (a: AttemptRow): z.infer<typeof WebhookAttempt> => ({
  id: a.id,
  endpoint_id: a.endpoint_id,
  delivery_id: a.delivery_id,
  message_id: a.message_id,
  event: a.event_type,
  attempt: a.attempt,
  status: a.outcome,
  response_code: a.response_status,
  response_body: a.response_body,
  latency_ms: a.latency_ms,
  error: a.error,
  next_retry_at: a.next_attempt_at,
  replay: a.replay,
  test: a.test,
  attempted_at: a.attempted_at,
});
const toDelivery = (d: DeliveryRow): z.infer<typeof WebhookDelivery> => ({
  id: d.id,
  event_id: d.event_id,
  event_seq: d.event_seq,
  event: d.event_type,
  message_id: d.message_id,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.next_attempt_at,
  replay: d.replay,
  last_response_code: d.last_response_status,
  last_error: d.last_error,
  created_at: d.created_at,
  delivered_at: d.delivered_at,
  log: d.log.map(toAttempt),
});

async function endpointOf(deps: WebhookDeliveryRouteDeps, c: Context<AppEnv>, id: string) {
  const endpoint = await deps.webhooks.get(id);
  if (!endpoint) throw new ApiError('NOT_FOUND', 'Webhook not found');
  return endpoint;
}

/** The events a replay covers, oldest first, paged by seq (a data-API answer holds at most 1000 rows). */
async function eventsToReplay(
  deps: WebhookDeliveryRouteDeps,
  c: Context<AppEnv>,
  events: string[],
  input: z.infer<typeof ReplayBody>,
): Promise<{ refs: OutboxRef[]; truncated: boolean }> {
  const { deliveries } = deps;
  if ('message_id' in input) {
    const ref = await deliveries.eventByMessage(input.message_id);
    if (!ref) throw new ApiError('NOT_FOUND', 'No event has that message id');
    if (!subscribes({ events }, ref.type))
      throw new ApiError('VALIDATION_FAILED', `This endpoint does not subscribe to ${ref.type}`);
    return { refs: [ref], truncated: false };
  }
  const refs: OutboxRef[] = [];
  for (let after = 0; refs.length <= REPLAY_MAX;) {
    const page = await deliveries.eventsSince(input.since, events, after, 1000);
    refs.push(...page);
    if (page.length < 1000) break;
    after = page[page.length - 1]!.seq;
  }
  return { refs: refs.slice(0, REPLAY_MAX), truncated: refs.length > REPLAY_MAX };
}

/** The ports these routes use (built once in app.ts). */
export type WebhookDeliveryRouteDeps = RouteDeps<'deliveries' | 'webhookDelivery' | 'webhookLog' | 'webhooks', never>;

export function registerWebhookDeliveryRoutes(app: OpenAPIHono<AppEnv>, deps: WebhookDeliveryRouteDeps) {
  app.openapi(routes.log, async (c) => {
    const q = c.req.valid('query');
    const rows = await deps.webhookLog.attempts({ endpointId: q.endpoint, outcome: q.status, limit: q.limit });
    return c.json({ events: rows.map(toAttempt), count: rows.length }, 200);
  });
  app.openapi(routes.deliveries, async (c) => {
    const endpoint = await endpointOf(deps, c, c.req.valid('param').id);
    const rows = await deps.webhookLog.deliveries(endpoint.id, c.req.valid('query'));
    return c.json({ deliveries: rows.map(toDelivery), count: rows.length }, 200);
  });
  app.openapi(routes.test, async (c) => {
    const input = c.req.valid('json');
    const data = input.data ?? { test: true, message: 'A test event from the CRM server' };
    const result = await deps.webhookDelivery.test(input.event, data);
    return c.json({ event: input.event, result: { sent: result.sent, failed: result.failed } }, 200);
  });
  app.openapi(routes.replay, async (c) => {
    const endpoint = await endpointOf(deps, c, c.req.valid('param').id);
    if (!endpoint.enabled)
      throw new ApiError(
        'CONFLICT',
        `This endpoint is disabled (${endpoint.disabledReason ?? 'by a user'}); enable it first`,
      );
    const { refs, truncated } = await eventsToReplay(deps, c, endpoint.events, c.req.valid('json'));
    const { deliveries, webhookDelivery } = deps;
    let queued = 0;
    for (let i = 0; i < refs.length; i += 1000) {
      const rows = refs
        .slice(i, i + 1000)
        .map((r) => ({ eventId: r.id, eventSeq: r.seq, eventType: r.type, messageId: messageIdOf(r.id) }));
      queued += await deliveries.replay(endpoint.id, rows);
    }
    if (queued > 0) await webhookDelivery.wake(endpoint.id, 'replay');
    return c.json({ replay: { endpoint_id: endpoint.id, queued, truncated } }, 202);
  });
}
