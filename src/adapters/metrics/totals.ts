import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { SENDER_END_STATUSES } from '../../domain/outreach-transitions';
import { parseRow, unwrap } from '../db/db-errors';

/**
 * The durable totals behind GET /metrics, read in one call (crm_metrics_totals): DMs by how they
 * ended, sync totals, webhook attempts by outcome and latency bucket, deliveries still owed.
 */

const n = z.coerce.number();
const totalsSchema = z.object({
  dms: z.array(z.object({ account_id: z.string(), status: z.string(), outcome: z.string().nullable(), n })),
  sync: z.array(
    z.object({
      account_id: z.string(),
      runs: n,
      threads_read: n,
      threads_failed: n,
      messages_added: n,
      contacts_created: n,
    }),
  ),
  /** le_ms: the bucket's upper bound in ms; INT_MAX stands for +Inf. */
  webhooks: z.array(z.object({ outcome: z.string(), le_ms: n, attempts: n, latency_ms_sum: n })),
  webhook_pending: n,
});

export type MetricsTotals = z.infer<typeof totalsSchema>;
export const INFINITE_BUCKET_MS = 2_147_483_647;

export function createMetricsTotals(db: SupabaseClient): () => Promise<MetricsTotals> {
  return async () =>
    parseRow(
      'read metrics totals',
      totalsSchema,
      unwrap<unknown>(
        'read metrics totals',
        await db.rpc('crm_metrics_totals', { p_dm_statuses: SENDER_END_STATUSES }),
      ),
    );
}
