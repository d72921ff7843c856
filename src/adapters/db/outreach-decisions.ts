import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { OUTREACH_STATUSES, type OutreachStatus } from '../../domain/outreach';
import { OUTREACH_TRANSITIONS, SEND_COUNTING_STATUSES } from '../../domain/outreach-transitions';
import { parseRow, unwrap } from './db-errors';

/** The ledger's reads and writes for a person's decisions: many items at once, and an edit's same-text check. */

export interface OutreachDecisions {
  /**
   * One move on many items of the account, in one statement (crm_outreach_decide_many): each item
   * still in the move's statuses (and, with `unapproved`, never approved) moves once. Answers the
   * ids it moved, and the items as they are afterwards (with what a racing call did).
   */
  decideMany(
    accountId: string,
    ids: string[],
    move: 'approve' | 'reject',
    o: { unapproved: boolean; fields?: { approved_at?: string }; note: Record<string, unknown> },
  ): Promise<{ found: { id: string; status: OutreachStatus; approved: boolean }[]; moved: string[] }>;
  /** Ids of a campaign's items a move could take (oldest first), at most `limit`. */
  movableInCampaign(
    accountId: string,
    campaign: string,
    move: 'approve' | 'reject',
    unapproved: boolean,
    limit: number,
  ): Promise<string[]>;
  /** When a text with this key last went (or began going) to the contact from another item; null: never. */
  sameTextSentAt(contactId: string, textKey: string, exceptItemId: string): Promise<number | null>;
}

const decidedSchema = z.object({
  found: z.array(z.object({ id: z.string(), status: z.enum(OUTREACH_STATUSES), approved: z.boolean() })),
  moved: z.array(z.string()),
});
const sendTimesSchema = z.array(z.object({ sent_at: z.string().nullable(), last_attempt_at: z.string().nullable() }));

export function createOutreachDecisions(db: SupabaseClient): OutreachDecisions {
  return {
    async decideMany(accountId, ids, move, o) {
      const { from, to } = OUTREACH_TRANSITIONS[move];
      const args = {
        p_account_id: accountId,
        p_ids: ids,
        p_from: from,
        p_to: to,
        p_unapproved: o.unapproved,
        p_fields: o.fields ?? {},
        p_note: o.note,
      };
      const raw = unwrap<unknown>('decide outreach items', await db.rpc('crm_outreach_decide_many', args));
      return parseRow('decide outreach items', decidedSchema, raw);
    },

    async movableInCampaign(accountId, campaign, move, unapproved, limit) {
      let q = db
        .from('outreach_items')
        .select('id')
        .eq('account_id', accountId)
        .eq('campaign', campaign)
        .in('status', OUTREACH_TRANSITIONS[move].from);
      if (unapproved) q = q.is('approved_at', null);
      const rows = unwrap<unknown>('read campaign items', await q.order('seq').limit(limit));
      return parseRow('read campaign items', z.array(z.object({ id: z.string() })), rows).map((r) => r.id);
    },

    async sameTextSentAt(contactId, textKey, exceptItemId) {
      const q = db
        .from('outreach_items')
        .select('sent_at, last_attempt_at')
        .eq('contact_id', contactId)
        .eq('text_key', textKey)
        .neq('id', exceptItemId)
        .in('status', SEND_COUNTING_STATUSES)
        .limit(1000);
      const rows = parseRow('read same-text sends', sendTimesSchema, unwrap<unknown>('read same-text sends', await q));
      const times = rows.flatMap((r) => {
        const at = r.sent_at ?? r.last_attempt_at;
        return at === null ? [] : [Date.parse(at)];
      });
      return times.length === 0 ? null : Math.max(...times);
    },
  };
}
