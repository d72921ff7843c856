import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { parseRow, unwrap } from './db-errors';
import { iso } from './values';

/** The delivery log as the API shows it: every attempt, and each endpoint's deliveries with theirs. */

const when = z.string().transform(iso);

const attempt = z.object({
  id: z.number().int(),
  endpoint_id: z.string(),
  delivery_id: z.string().nullable(),
  message_id: z.string(),
  event_type: z.string(),
  attempt: z.number().int(),
  outcome: z.enum(['delivered', 'retrying', 'failed', 'gone']),
  response_status: z.number().int().nullable(),
  response_body: z.string().nullable(),
  latency_ms: z.number().int(),
  error: z.string().nullable(),
  next_attempt_at: when.nullable(),
  replay: z.boolean(),
  test: z.boolean(),
  attempted_at: when,
});
const delivery = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_seq: z.number().int(),
  event_type: z.string(),
  message_id: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: z.number().int(),
  next_attempt_at: when.nullable(),
  replay: z.boolean(),
  last_response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: when,
  delivered_at: when.nullable(),
  log: z.array(attempt),
});
export type AttemptRow = z.infer<typeof attempt>;
export type DeliveryRow = z.infer<typeof delivery>;

const ATTEMPT_COLUMNS =
  'id, endpoint_id, delivery_id, message_id, event_type, attempt, outcome, response_status, response_body, latency_ms, error, next_attempt_at, replay, test, attempted_at';

export interface WebhookLogRepository {
  /** Newest first. */
  attempts(o: { endpointId?: string; outcome?: string; limit: number }): Promise<AttemptRow[]>;
  deliveries(endpointId: string, o: { status?: string; limit: number }): Promise<DeliveryRow[]>;
}

export function createWebhookLogRepository(db: SupabaseClient): WebhookLogRepository {
  return {
    async attempts(o) {
      let q = db.from('webhook_attempts').select(ATTEMPT_COLUMNS);
      if (o.endpointId) q = q.eq('endpoint_id', o.endpointId);
      if (o.outcome) q = q.eq('outcome', o.outcome);
      const raw = unwrap<unknown>('read the webhook log', await q.order('id', { ascending: false }).limit(o.limit));
      return parseRow('read the webhook log', z.array(attempt), raw);
    },
    async deliveries(endpointId, o) {
      let q = db
        .from('webhook_deliveries')
        .select(`*, log:webhook_attempts(${ATTEMPT_COLUMNS})`)
        .eq('endpoint_id', endpointId);
      if (o.status) q = q.eq('status', o.status);
      const raw = unwrap<unknown>(
        'read webhook deliveries',
        await q
          .order('event_seq', { ascending: false })
          .order('id', { referencedTable: 'webhook_attempts' })
          .limit(o.limit),
      );
      return parseRow('read webhook deliveries', z.array(delivery), raw);
    },
  };
}
