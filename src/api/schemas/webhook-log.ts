import { z } from '@hono/zod-openapi';
import { SUBSCRIBABLE_EVENTS } from '../../domain/events';

/** The webhook delivery log, test sends and replays as the API takes and shows them. */

export const WebhookAttempt = z
  .object({
    id: z.number().int(),
    endpoint_id: z.string(),
    delivery_id: z.string().nullable().openapi({ description: 'null for a test message' }),
    message_id: z.string().openapi({ description: 'The webhook-id header: the same for every attempt of one message' }),
    event: z.string(),
    attempt: z.number().int(),
    status: z.enum(['delivered', 'retrying', 'failed', 'gone']),
    response_code: z.number().int().nullable(),
    response_body: z.string().nullable().openapi({
      description:
        'The first 2 KiB of the answer; null when a loopback or private (LAN) address answered: such answers are not kept',
    }),
    latency_ms: z.number().int(),
    error: z.string().nullable(),
    next_retry_at: z.string().nullable(),
    replay: z.boolean(),
    test: z.boolean(),
    attempted_at: z.string(),
  })
  .openapi('WebhookAttempt');

export const WebhookDelivery = z
  .object({
    id: z.string(),
    event_id: z.string(),
    event_seq: z.number().int(),
    event: z.string(),
    message_id: z.string(),
    status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    replay: z.boolean(),
    last_response_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
    log: z.array(WebhookAttempt),
  })
  .openapi('WebhookDelivery');

export const LogQuery = z.object({
  endpoint: z.string().uuid().optional(),
  status: z.enum(['delivered', 'retrying', 'failed', 'gone']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const DeliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const WebhookTestBody = z
  .object({
    event: z.enum(SUBSCRIBABLE_EVENTS).openapi({ description: 'Sent to every enabled endpoint subscribed to it' }),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const ReplayBody = z
  .union([
    z.object({ message_id: z.string().min(1).max(100) }).strict(),
    z.object({ since: z.iso.datetime({ offset: true }) }).strict(),
  ])
  .openapi({ description: 'One message by its webhook-id, or every subscribed event since a time (at most 10,000)' });
