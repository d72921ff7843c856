import { z } from 'zod';
import { INTENTS } from '../../domain/intents';
import { LEARNED_FIELDS_SCHEMA } from '../../domain/learned-updates';
import { PIPELINE_STAGES } from '../../domain/types';
import type { ContactRow } from './contact-rows';
import { parseRow } from './db-errors';

/**
 * What the CRM's data API answers, checked where it enters the code: a column renamed or a
 * function changed in the database is a DB_INVALID error naming the operation, not a wrong value
 * three layers up. Extra columns are dropped; missing or mistyped ones are refused.
 */

const timestamp = z.string();
const count = z.number().int().min(0);

export const contactRowSchema = z.object({
  id: z.string(),
  account_id: z.string(),
  username: z.string().nullable(),
  display_name: z.string().nullable(),
  thread_id: z.string().nullable(),
  relationship_score: z.number().int().nullable(),
  score_components: z.record(z.string(), z.number()).nullable(),
  resonance: z.number().nullable(),
  scored_at: timestamp.nullable(),
  pipeline_stage: z.enum(PIPELINE_STAGES),
  what_theyre_building: z.string().nullable(),
  current_friction: z.string().nullable(),
  their_definition_of_win: z.string().nullable(),
  asks_opinion: z.boolean(),
  shares_updates: z.boolean(),
  has_referred_others: z.boolean(),
  fit_signals: z.array(z.string()),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  value_delivered_count: count,
  promises_kept: count,
  promises_made: count,
  opted_out: z.boolean(),
  opted_out_at: timestamp.nullable(),
  opted_out_reason: z.string().nullable(),
  opted_out_message_id: z.string().nullable(),
  opted_out_by: z.enum(['message', 'user']).nullable(),
  opted_in_at: timestamp.nullable(),
  total_messages_sent: count,
  total_messages_received: count,
  last_message_at: timestamp.nullable(),
  last_intent: z.enum(INTENTS).nullable(),
  last_replied_at: timestamp.nullable(),
  learned_fields: LEARNED_FIELDS_SCHEMA,
  created_at: timestamp,
  updated_at: timestamp,
});

/** Contact rows as the data API answers them, checked. */
export const contactRows = (operation: string, raw: unknown) =>
  parseRow(operation, z.array(contactRowSchema), raw) as ContactRow[];
export const contactRowOrNull = (operation: string, raw: unknown) =>
  parseRow(operation, contactRowSchema.nullable(), raw) as ContactRow | null;

export const messageRowSchema = z.object({
  id: z.string().optional(),
  intent: z.enum(INTENTS).nullable().optional(),
  intent_reason: z.string().nullable().optional(),
  contact_id: z.string().optional(),
  position: z.number().int().min(0),
  message_text: z.string(),
  message_type: z.string(),
  is_outbound: z.boolean(),
  sent_by_automation: z.boolean(),
  sent_at: timestamp.nullable(),
});

export const countsOf = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, count])) as Record<K, typeof count>);
