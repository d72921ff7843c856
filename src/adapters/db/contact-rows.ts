import type { ContactFields } from '../../domain/contact-fields';
import type { Intent } from '../../domain/intents';
import type { LearnedFields } from '../../domain/learned-updates';
import type { Contact, PipelineStage } from '../../domain/types';

/** Mapping between `contacts` rows (snake_case, as stored) and the domain's Contact. */

export interface ContactRow {
  id: string;
  account_id: string;
  username: string;
  display_name: string | null;
  thread_id: string | null;
  relationship_score: number | null;
  score_components: Record<string, number> | null;
  resonance: number | null;
  scored_at: string | null;
  pipeline_stage: string;
  what_theyre_building: string | null;
  current_friction: string | null;
  their_definition_of_win: string | null;
  asks_opinion: boolean;
  shares_updates: boolean;
  has_referred_others: boolean;
  fit_signals: string[];
  tags: string[];
  notes: string | null;
  value_delivered_count: number;
  promises_kept: number;
  promises_made: number;
  opted_out: boolean;
  opted_out_at: string | null;
  opted_out_reason: string | null;
  opted_out_message_id: string | null;
  opted_out_by: 'message' | 'user' | null;
  opted_in_at: string | null;
  total_messages_sent: number;
  total_messages_received: number;
  last_message_at: string | null;
  last_intent: Intent | null;
  last_replied_at: string | null;
  learned_fields: LearnedFields;
  created_at: string;
  updated_at: string;
}

export function rowToContact(r: ContactRow): Contact {
  return {
    id: r.id,
    accountId: r.account_id,
    username: r.username,
    displayName: r.display_name,
    threadId: r.thread_id,
    relationshipScore: r.relationship_score,
    pipelineStage: r.pipeline_stage as PipelineStage,
    whatTheyreBuilding: r.what_theyre_building,
    currentFriction: r.current_friction,
    theirDefinitionOfWin: r.their_definition_of_win,
    asksOpinion: r.asks_opinion,
    sharesUpdates: r.shares_updates,
    hasReferredOthers: r.has_referred_others,
    fitSignals: r.fit_signals,
    tags: r.tags,
    notes: r.notes,
    valueDeliveredCount: r.value_delivered_count,
    promisesKept: r.promises_kept,
    promisesMade: r.promises_made,
    optedOut: r.opted_out,
    optedOutAt: r.opted_out_at,
    optedOutReason: r.opted_out_reason,
    optedOutMessageId: r.opted_out_message_id,
    optedOutBy: r.opted_out_by,
    optedInAt: r.opted_in_at,
    totalMessagesSent: r.total_messages_sent,
    totalMessagesReceived: r.total_messages_received,
    lastMessageAt: r.last_message_at,
    lastIntent: r.last_intent,
    lastRepliedAt: r.last_replied_at,
    learnedFields: r.learned_fields,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** `optedOut` is not a column write: opting out goes through setOptOut (crm_set_opt_out), which says why. */
const FIELD_COLUMNS: Record<Exclude<keyof ContactFields, 'username' | 'optedOut'>, string> = {
  displayName: 'display_name',
  threadId: 'thread_id',
  pipelineStage: 'pipeline_stage',
  whatTheyreBuilding: 'what_theyre_building',
  currentFriction: 'current_friction',
  theirDefinitionOfWin: 'their_definition_of_win',
  asksOpinion: 'asks_opinion',
  sharesUpdates: 'shares_updates',
  hasReferredOthers: 'has_referred_others',
  fitSignals: 'fit_signals',
  tags: 'tags',
  notes: 'notes',
};

/** Only the keys the caller actually gave are sent, so the database leaves the others alone. */
export function fieldsToRow(fields: Omit<ContactFields, 'username'> & { username?: string }): Record<string, unknown> {
  const row: Record<string, unknown> = fields.username === undefined ? {} : { username: fields.username };
  for (const [key, column] of Object.entries(FIELD_COLUMNS)) {
    const value = fields[key as keyof ContactFields];
    if (value !== undefined) row[column] = value;
  }
  return row;
}
