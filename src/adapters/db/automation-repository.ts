import type { SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import { automationCampaign, type MatchOutcome } from '../../domain/keyword-replies';
import { OUTREACH_TRANSITIONS, PENDING_STATUSES } from '../../domain/outreach-transitions';
import { parseRow, unwrap } from './db-errors';
import { enqueueRow, type NewOutreachItem } from './outreach-repository';
import {
  automationRowSchema,
  checkNeededSchema,
  deletedSchema,
  recordedSchema,
  toAutomation,
  toColumns,
  type AutomationFields,
  type AutomationWithStats,
  type Automation,
  uncheckedSchema,
  withStatsSchema,
} from './automation-rows';
import { UUID } from './values';

/** Keyword replies' storage: the automations, the messages waiting to be checked, and the matches. */

export type {
  Automation,
  AutomationFields,
  AutomationReply,
  AutomationStats,
  AutomationWithStats,
} from './automation-rows';

export type UncheckedMessage = z.infer<typeof uncheckedSchema>[number];

/** One automation's verdict on one message; `item` is the reply to queue (null: none, for `outcome`). */
export interface MatchRecord {
  automationId: string;
  messageId: string;
  contactId: string;
  keyword: string;
  outcome: MatchOutcome;
  item: NewOutreachItem | null;
  /** automation.matched's payload; the write fills in the outcome and item it really recorded. */
  event: unknown;
}

export interface AutomationRepository {
  list(accountId: string): Promise<AutomationWithStats[]>;
  get(id: string): Promise<AutomationWithStats | null>;
  create(accountId: string, fields: AutomationFields): Promise<AutomationWithStats>;
  update(id: string, patch: Partial<AutomationFields>): Promise<AutomationWithStats | null>;
  /** Deletes it and cancels its replies still waiting; null when there is no such automation. */
  remove(id: string, by: string | null): Promise<{ accountId: string; cancelled: number } | null>;
  /** The account's enabled automations (for the keyword check). */
  enabled(accountId: string): Promise<Automation[]>;
  /**
   * Whether the keyword check has anything to do: false when no automation is on, and then every
   * message waiting for the check has been marked checked unread (none could match one).
   */
  checkNeeded(accountId: string): Promise<boolean>;
  /** Inbound messages not yet checked for keywords, oldest first (our own are marked checked). */
  unchecked(accountId: string, limit: number): Promise<UncheckedMessage[]>;
  /** Queues the replies, records the matches and their events, and marks `checked` as checked, in one transaction. */
  recordMatches(
    accountId: string,
    checked: string[],
    matches: MatchRecord[],
  ): Promise<{ matched: number; queued: number }>;
}

const SENT = [OUTREACH_TRANSITIONS.settleSent.to];

export function createAutomationRepository(db: SupabaseClient): AutomationRepository {
  const withStats = async (what: string, accountId: string | null, id: string | null) => {
    const args = { p_account_id: accountId, p_id: id, p_sent: SENT };
    const raw = unwrap<unknown>(what, await db.rpc('crm_automations', args));
    return parseRow(what, withStatsSchema.array(), raw).map((r) => ({ ...toAutomation(r), stats: r.stats }));
  };
  return {
    list: (accountId) => withStats('list automations', accountId, null),

    async get(id) {
      if (!UUID.test(id)) return null;
      return (await withStats('read automation', null, id))[0] ?? null;
    },

    async create(accountId, fields) {
      const q = db
        .from('automations')
        .insert({ account_id: accountId, ...toColumns(fields) })
        .select('*')
        .single();
      const row = parseRow('create automation', automationRowSchema, unwrap<unknown>('create automation', await q));
      return { ...toAutomation(row), stats: { matched: 0, queued: 0, sent: 0, skipped: 0 } };
    },

    async update(id, patch) {
      if (!UUID.test(id)) return null;
      const q = db.from('automations').update(toColumns(patch)).eq('id', id).select('id');
      if (unwrap<unknown[]>('update automation', await q).length === 0) return null;
      return this.get(id);
    },

    async remove(id, by) {
      if (!UUID.test(id)) return null;
      const { from, to } = OUTREACH_TRANSITIONS.cancel;
      const args = { p_id: id, p_campaign: automationCampaign(id), p_from: from, p_to: to, p_by: by };
      const raw = unwrap<unknown>('delete automation', await db.rpc('crm_delete_automation', args));
      const r = parseRow('delete automation', deletedSchema, raw);
      return r && { accountId: r.account_id, cancelled: r.cancelled };
    },

    async enabled(accountId) {
      const q = db.from('automations').select('*').eq('account_id', accountId).eq('enabled', true).order('created_at');
      const rows = parseRow(
        'read automations',
        automationRowSchema.array(),
        unwrap<unknown>('read automations', await q),
      );
      return rows.map(toAutomation);
    },

    async checkNeeded(accountId) {
      const raw = unwrap<unknown>(
        'keyword check needed',
        await db.rpc('crm_keyword_check_needed', { p_account_id: accountId }),
      );
      return parseRow('keyword check needed', checkNeededSchema, raw);
    },

    async unchecked(accountId, limit) {
      const args = { p_account_id: accountId, p_limit: limit };
      const raw = unwrap<unknown>('read unchecked messages', await db.rpc('crm_unchecked_messages', args));
      return parseRow('read unchecked messages', uncheckedSchema, raw);
    },

    async recordMatches(accountId, checked, matches) {
      const p_matches = matches.map((m) => ({
        automation_id: m.automationId,
        message_id: m.messageId,
        contact_id: m.contactId,
        keyword: m.keyword,
        outcome: m.outcome,
        item: m.item && enqueueRow(m.item),
        event: m.event,
      }));
      const args = { p_account_id: accountId, p_checked: checked, p_matches, p_pending: PENDING_STATUSES };
      const raw = unwrap<unknown>('record keyword matches', await db.rpc('crm_record_automation_matches', args));
      return parseRow('record keyword matches', recordedSchema, raw);
    },
  };
}
