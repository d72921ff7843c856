import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  INTEREST,
  LANE_BY_TEMPLATE,
  RESULT_STATUSES,
  type GroupCounts,
  type ResultGroup,
} from '../../domain/outreach-results';
import { parseRow, unwrap } from './db-errors';

/** Outreach results per group (crm_outreach_results): one request, one jsonb answer, whatever the number of groups. */

export interface ResultsQuery {
  accountId: string;
  groupBy: ResultGroup;
  /** Inclusive; null: from the first DM. */
  since: string | null;
  /** Exclusive; null: up to now. */
  until: string | null;
  replyWindowMs: number;
  /** The zone `day` groups are days of. */
  timeZone: string;
}

export interface ResultsRepository {
  outreachResults(query: ResultsQuery): Promise<GroupCounts[]>;
}

const count = z.number().int().min(0);
const groupsSchema = z.array(
  z.object({
    group: z.string().nullable(),
    n_queued: count,
    n_sent: count,
    n_failed: count,
    reached: count,
    reply_minutes: z.array(z.number().min(0)),
    interested: count,
    opted_out: count,
  }),
);

export function createResultsRepository(db: SupabaseClient): ResultsRepository {
  return {
    async outreachResults(q) {
      const op = 'count outreach results';
      const args = {
        p_account_id: q.accountId,
        p_group_by: q.groupBy,
        p_since: q.since,
        p_until: q.until,
        p_window_seconds: Math.round(q.replyWindowMs / 1000),
        p_time_zone: q.timeZone,
        p_lanes: LANE_BY_TEMPLATE,
        p_queued: RESULT_STATUSES.queued,
        p_sent: RESULT_STATUSES.sent,
        p_failed: RESULT_STATUSES.failed,
        p_interested: INTEREST,
      };
      const rows = parseRow(op, groupsSchema, unwrap<unknown>(op, await db.rpc('crm_outreach_results', args)));
      return rows.map((r) => ({
        group: r.group,
        queued: r.n_queued,
        sent: r.n_sent,
        failed: r.n_failed,
        reached: r.reached,
        replyMinutes: r.reply_minutes,
        interested: r.interested,
        optedOut: r.opted_out,
      }));
    },
  };
}
