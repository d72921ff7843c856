import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { OutboxEvent } from '../../domain/events';
import type { OutreachItem, OutreachStatus, SenderSnapshot } from '../../domain/outreach';
import {
  alreadyMade,
  IN_FLIGHT_STATUSES,
  NEW_STATUSES,
  OUTREACH_TRANSITIONS,
  PENDING_STATUSES,
  READY_STATUSES,
  SEND_COUNTING_STATUSES,
  type OutreachMove,
} from '../../domain/outreach-transitions';
import { RECIPIENT_DOUBT } from '../../domain/send-outcomes';

export type { SenderSnapshot };
import { parseRow, unwrap } from './db-errors';
import {
  enqueuedSchema,
  factsSchema,
  historySchema,
  itemRowSchema,
  snapshotSchema,
  transitionSchema,
} from './outreach-rows';
import { UUID } from './values';
import { createOutreachDecisions, type OutreachDecisions } from './outreach-decisions';

/** The outreach ledger (crm_enqueue_outreach, crm_outreach_transition, crm_outreach_snapshot, …). */

/** A row to reserve: the stored item's own fields, plus what only the write needs. */
export interface NewOutreachItem extends Pick<
  OutreachItem,
  | 'id'
  | 'businessKey'
  | 'kind'
  | 'contactId'
  | 'username'
  | 'text'
  | 'priority'
  | 'scheduledAt'
  | 'campaign'
  | 'template'
  | 'videoId'
  | 'stopOnReply'
  | 'requiresApproval'
  | 'notifyWorkflowId'
> {
  textKey: string;
  status: (typeof NEW_STATUSES)[number];
  requestId: string | null;
  /** The outreach.queued payload, written only if this item is new. */
  event: unknown;
  /** Who asked for it (an API key's name), for its history. */
  by?: string | null;
  /** Follow-up steps and stored templates (issue 24); absent means a first DM with no plan. */
  step?: number;
  followUps?: OutreachItem['followUps'];
  parentItemId?: string | null;
  templateId?: string | null;
  templateVersion?: number | null;
}

export interface Enqueued {
  items: { created: boolean; item: OutreachItem }[];
  pending: number;
}

export interface SendFacts {
  item: OutreachItem;
  token: string | null;
  contact: {
    id: string;
    username: string | null;
    displayName: string | null;
    optedOut: boolean;
    totalMessagesReceived: number;
  };
  lastInboundAtMs: number | null;
  sameTextSentAtMs: number | null;
  /** The latest settle of an earlier DM to this contact whose recipient was not checked (RECIPIENT_DOUBT). */
  recipientDoubtAtMs: number | null;
}

/** One move of the state machine: its statuses come from the table, never from the caller. */
export interface Transition {
  move: OutreachMove;
  /** Guard: the attempt token the item must hold (its reservation). */
  token?: string | null;
  fields?: {
    attempt_token?: string;
    attempts_add?: number;
    soft_failures_add?: number;
    last_attempt_at?: string;
    outcome?: string | null;
    last_error?: string | null;
    sent_at?: string;
    approved_at?: string | null;
    /** A person's edit on approval: the new text and its key, written by the same guarded update. */
    text?: string;
    text_key?: string;
  };
  note?: Record<string, unknown>;
  events?: OutboxEvent[];
  /** Append the item's text as an outbound message of the contact's conversation. */
  storeMessage?: boolean;
  /** Added to the contact's value_delivered_count in the same transaction, only if the move applies. */
  valueDelivered?: number;
}

export interface TransitionResult {
  applied: boolean;
  /** Not applied because an earlier call already made exactly this move. */
  already: boolean;
  item: OutreachItem | null;
  token: string | null;
}

export interface OutreachRepository extends OutreachDecisions {
  /** The stored item for each input, in order, and how many of the account's items are still waiting. */
  enqueue(accountId: string, items: NewOutreachItem[]): Promise<Enqueued>;
  snapshot(accountId: string, nowMs: number, dayMs: number): Promise<SenderSnapshot>;
  sendFacts(itemId: string): Promise<SendFacts | null>;
  transition(itemId: string, t: Transition): Promise<TransitionResult>;
  /** Cancels every waiting item (of one contact, or all). `by`: the API key (its name) that asked, for each item's history. */
  cancelPending(accountId: string, contactId: string | null, reason: string, by?: string): Promise<number>;
  get(itemId: string): Promise<{ item: OutreachItem; token: string | null } | null>;
  history(itemId: string): Promise<{ at: string; status: string; detail: Record<string, unknown> }[]>;
  /** Newest first within the given statuses (all when none). */
  list(
    accountId: string,
    statuses: OutreachStatus[] | null,
    limit: number,
    contactId?: string,
  ): Promise<OutreachItem[]>;
}

/** An item as crm_enqueue_outreach takes it (keyword replies queue theirs through the same function). */
export function enqueueRow(i: NewOutreachItem) {
  return {
    id: i.id,
    business_key: i.businessKey,
    kind: i.kind,
    contact_id: i.contactId,
    username: i.username,
    text: i.text,
    text_key: i.textKey,
    priority: i.priority,
    scheduled_at: i.scheduledAt,
    campaign: i.campaign,
    template: i.template,
    video_id: i.videoId,
    stop_on_reply: i.stopOnReply,
    requires_approval: i.requiresApproval,
    status: i.status,
    notify_workflow_id: i.notifyWorkflowId,
    request_id: i.requestId,
    event: i.event,
    by: i.by ?? null,
    step: i.step ?? 0,
    follow_ups: i.followUps ?? null,
    parent_item_id: i.parentItemId ?? null,
    template_id: i.templateId ?? null,
    template_version: i.templateVersion ?? null,
  };
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

export function createOutreachRepository(db: SupabaseClient): OutreachRepository {
  return {
    ...createOutreachDecisions(db),

    async enqueue(accountId, items) {
      if (items.length === 0) return { items: [], pending: 0 };
      const p_items = items.map(enqueueRow);
      const raw = unwrap<unknown>(
        'enqueue outreach',
        await db.rpc('crm_enqueue_outreach', { p_account_id: accountId, p_items, p_pending: PENDING_STATUSES }),
      );
      const r = parseRow('enqueue outreach', enqueuedSchema, raw);
      // Two inputs with one business key (a retry grouped with its original) meet the same new row:
      // only the input whose id it carries created it; the other was already queued.
      const stored = r.items.map((i, n) => ({
        created: i.created && i.item.item.id === items[n]?.id,
        item: i.item.item,
      }));
      return { items: stored, pending: r.pending };
    },

    async snapshot(accountId, nowMs, dayMs) {
      const args = {
        p_account_id: accountId,
        p_now: new Date(nowMs).toISOString(),
        p_day_ms: dayMs,
        p_counting: SEND_COUNTING_STATUSES,
        p_ready: READY_STATUSES,
        p_in_flight: IN_FLIGHT_STATUSES,
      };
      const s = parseRow(
        'read sender state',
        snapshotSchema,
        unwrap<unknown>('read sender state', await db.rpc('crm_outreach_snapshot', args)),
      );
      return {
        sendsMs: s.sends,
        lastSendMs: ms(s.last_send_at),
        counts: s.counts,
        rateLimited: s.rate_limited,
        nextItemId: s.next?.id ?? null,
        nextScheduledMs: ms(s.next_scheduled_at),
        inFlight: s.in_flight,
      };
    },

    async sendFacts(itemId) {
      const raw = unwrap<unknown>(
        'read send facts',
        await db.rpc('crm_outreach_send_facts', {
          p_item_id: itemId,
          p_counting: SEND_COUNTING_STATUSES,
          p_doubt_statuses: RECIPIENT_DOUBT.statuses,
          p_doubt_outcomes: RECIPIENT_DOUBT.outcomes,
        }),
      );
      if (raw === null) return null;
      const f = parseRow('read send facts', factsSchema, raw);
      const c = f.contact;
      return {
        item: f.item.item,
        token: f.item.token,
        lastInboundAtMs: ms(f.last_inbound_at),
        sameTextSentAtMs: ms(f.same_text_sent_at),
        recipientDoubtAtMs: ms(f.recipient_doubt_at),
        contact: {
          id: c.id,
          username: c.username,
          displayName: c.display_name,
          optedOut: c.opted_out,
          totalMessagesReceived: c.total_messages_received,
        },
      };
    },

    async transition(itemId, t) {
      const { from, to } = OUTREACH_TRANSITIONS[t.move];
      const args = {
        p_item_id: itemId,
        p_from: from,
        p_token: t.token ?? null,
        p_to: to,
        p_fields: t.fields ?? {},
        p_note: t.note ?? {},
        p_events: t.events ?? [],
        p_store_message: t.storeMessage ?? false,
      };
      const counted = t.valueDelivered ? { ...args, p_value_delivered: t.valueDelivered } : null;
      const answer = counted
        ? await db.rpc('crm_outreach_transition_counted', counted)
        : await db.rpc('crm_outreach_transition', args);
      const r = parseRow('move outreach item', transitionSchema, unwrap<unknown>('move outreach item', answer));
      const item = r.item?.item ?? null;
      const token = r.item?.token ?? null;
      const already =
        !r.applied &&
        item !== null &&
        alreadyMade(t.move, item.status, token, t.fields?.attempt_token ?? t.token ?? null);
      return { applied: r.applied, already, item, token };
    },

    async cancelPending(accountId, contactId, reason, by) {
      const { from, to } = OUTREACH_TRANSITIONS.cancel;
      const args = {
        p_account_id: accountId,
        p_contact_id: contactId,
        p_reason: reason,
        p_by: by ?? null,
        p_from: from,
        p_to: to,
      };
      const result = await db.rpc('crm_cancel_outreach', args);
      return parseRow('cancel outreach', z.number().int().min(0), unwrap<unknown>('cancel outreach', result));
    },

    async get(itemId) {
      if (!UUID.test(itemId)) return null;
      const row = unwrap<unknown>(
        'read outreach item',
        await db.from('outreach_items').select('*').eq('id', itemId).maybeSingle(),
      );
      return row === null ? null : parseRow('read outreach item', itemRowSchema, row);
    },

    async history(itemId) {
      const q = db.from('outreach_item_events').select('at, status, detail').eq('item_id', itemId).order('id');
      return parseRow('read outreach history', historySchema, unwrap<unknown>('read outreach history', await q));
    },

    async list(accountId, statuses, limit, contactId) {
      let q = db.from('outreach_items').select('*').eq('account_id', accountId);
      if (statuses) q = q.in('status', statuses);
      if (contactId) q = q.eq('contact_id', contactId);
      const rows = unwrap<unknown[]>('list outreach', await q.order('seq', { ascending: false }).limit(limit));
      return rows.map((r) => parseRow('list outreach', itemRowSchema, r).item);
    },
  };
}
