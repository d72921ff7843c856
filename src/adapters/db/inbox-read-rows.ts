import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';
import { parseRow, unwrap } from './db-errors';
import type { SentDm, ThreadContactChange, ThreadReadOutcome, ThreadReply } from './inbox-types';
import { iso } from './values';

/**
 * The rows crm_apply_thread_reads takes — each read's new messages (with an inbound one's intent),
 * the changes to contacts and the replies decided in TypeScript (src/app/sync) — and what the
 * reply rule reads: the latest DM sent to each contact of a batch, in one request.
 */

export const readRows = (reads: ThreadReadOutcome[]) =>
  reads.map((r) =>
    'error' in r
      ? { conversation_id: r.conversationId, error: r.error, messages: [] }
      : {
          conversation_id: r.conversationId,
          expected_count: r.expectedCount,
          messages: r.messages.map((m) => ({
            id: m.id,
            text: m.text,
            is_outbound: m.isOutbound,
            message_type: m.messageType,
            sent_at: m.sentAt,
            event: m.event,
            intent: m.intent ?? null,
            intent_reason: m.intentReason ?? null,
          })),
        },
  );

const sentRows = z.array(
  z.object({
    id: z.string(),
    contact_id: z.string(),
    campaign: z.string().nullable(),
    sent_at: z.string(),
    replied_at: z.string().nullable(),
  }),
);

/** Ids travel in the URL: a batch's contacts fit (the sync writes at most 50 threads at once). */
export async function latestSentDms(db: SupabaseClient, accountId: string, contactIds: string[]): Promise<SentDm[]> {
  if (contactIds.length === 0) return [];
  const op = 'read the latest DM sent to each contact';
  const result = await db
    .from('outreach_items')
    .select('id, contact_id, campaign, sent_at, replied_at')
    .eq('account_id', accountId)
    .in('contact_id', [...new Set(contactIds)])
    .eq('status', OUTREACH_TRANSITIONS.settleSent.to)
    .not('sent_at', 'is', null)
    .order('sent_at', { ascending: false })
    .order('id');
  const latest = new Map<string, SentDm>();
  for (const r of parseRow(op, sentRows, unwrap<unknown>(op, result))) {
    if (latest.has(r.contact_id)) continue;
    latest.set(r.contact_id, {
      itemId: r.id,
      contactId: r.contact_id,
      campaign: r.campaign,
      sentAt: iso(r.sent_at),
      repliedAt: iso(r.replied_at),
    });
  }
  return [...latest.values()];
}

export const contactChangeRows = (changes: ThreadContactChange[]) =>
  changes.map((c) => ({
    conversation_id: c.conversationId,
    last_intent: c.lastIntent,
    last_replied_at: c.lastRepliedAt,
    learned: Object.fromEntries(
      Object.entries(c.learned).map(([field, w]) => [
        field,
        { value: w.value, expected: w.expected, was_learned: w.wasLearned, source: w.source },
      ]),
    ),
  }));

export const replyRows = (replies: ThreadReply[]) =>
  replies.map((r) => ({
    conversation_id: r.conversationId,
    item_id: r.itemId,
    message_id: r.messageId,
    event: r.event,
  }));
