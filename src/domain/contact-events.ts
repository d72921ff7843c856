import { outboxEvent, type OutboxEvent } from './events';
import type { IntentReading } from './intents';
import type { ScoreUpdate } from './rescoring';
import type { Contact } from './types';

/**
 * The contact.* and message.received events, built here and checked against the catalogue
 * (events.ts) when built; the SQL function that makes the change writes them to the outbox in the
 * same transaction.
 */

export type SummaryFields = Pick<
  Contact,
  'id' | 'username' | 'displayName' | 'pipelineStage' | 'relationshipScore' | 'tags'
>;

/** What receivers see of a contact. */
export const contactSummary = (c: SummaryFields) => ({
  id: c.id,
  username: c.username,
  display_name: c.displayName,
  pipeline_stage: c.pipelineStage,
  relationship_score: c.relationshipScore,
  tags: c.tags,
});

export function contactCreated(c: SummaryFields): OutboxEvent {
  return outboxEvent('contact.created', c.id, { contact: contactSummary(c) });
}

export function contactUpdated(c: SummaryFields, changes: Record<string, unknown>, evidence?: string): OutboxEvent {
  return outboxEvent('contact.updated', c.id, {
    contact: contactSummary(c),
    changes,
    ...(evidence ? { evidence } : {}),
  });
}

/**
 * A score that moved. The write fills in `old_score` and `change` from the score it really
 * replaces, and writes the event only if that differs from the new one.
 */
export function scoreChanged(u: ScoreUpdate, reason: string): OutboxEvent {
  return outboxEvent('contact.score_changed', u.contactId, {
    contact: { id: u.contactId, username: u.username, display_name: u.displayName },
    old_score: u.previous,
    new_score: u.score,
    change: u.score - (u.previous ?? 0),
    components: { ...u.components },
    reason,
  });
}

export interface ReceivedMessage {
  conversationId: string;
  position: number;
  text: string;
  sentAt: string | null;
  intent: IntentReading;
}

/** A message they wrote, seen by a read of a thread read before (a first read is history, not news). */
export function messageReceived(c: SummaryFields, m: ReceivedMessage, observedAt: string): OutboxEvent {
  return outboxEvent('message.received', c.id, {
    contact: contactSummary(c),
    message: {
      conversation_id: m.conversationId,
      position: m.position,
      text: m.text,
      sent_at: m.sentAt,
      observed_at: observedAt,
    },
    intent: m.intent.intent,
    intent_reason: m.intent.reason,
  });
}

export interface Reply {
  itemId: string;
  campaign: string | null;
  messageId: string;
  intent: IntentReading;
  at: string;
}

/** Their first message after a DM we sent them; the write keeps it to one per DM. */
export function contactReplied(c: Pick<SummaryFields, 'id' | 'username' | 'displayName'>, r: Reply): OutboxEvent {
  return outboxEvent('contact.replied', c.id, {
    contact: { id: c.id, username: c.username, display_name: c.displayName },
    item_id: r.itemId,
    campaign: r.campaign,
    message_id: r.messageId,
    intent: r.intent.intent,
    intent_reason: r.intent.reason,
    replied_at: r.at,
  });
}
