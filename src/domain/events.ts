import { z } from 'zod';
import { INTENTS } from './intents';
import { OPT_OUT_LANGUAGES } from './opt-out-phrases';
import { NEW_STATUSES, NOT_SENT_END_STATUSES } from './outreach-transitions';
import { MATCH_OUTCOMES } from './keyword-replies';

/**
 * The typed catalogue of outbox events written by the application. Whatever writes one of these
 * events builds its payload through `outboxEvent`, which checks it against the schema, so a payload
 * cannot drift from what receivers are told. The SQL functions that write them get them built.
 */

const contactRef = z.object({ id: z.string(), username: z.string().nullable(), display_name: z.string().nullable() });
/** What receivers see of a contact in contact.created and message.received. */
const contactSummary = contactRef.extend({
  pipeline_stage: z.string(),
  relationship_score: z.number().int().nullable(),
  tags: z.array(z.string()),
});
const itemRef = {
  item_id: z.string(),
  account_id: z.string(),
  contact_id: z.string(),
  username: z.string(),
  kind: z.enum(['direct', 'queued', 'campaign']),
  campaign: z.string().nullable(),
};

export const EVENT_SCHEMAS = {
  'contact.created': z.object({ contact: contactSummary }),
  'contact.updated': z.object({
    contact: contactRef.loose(),
    changes: z.record(z.string(), z.unknown()),
    evidence: z
      .string()
      .optional()
      .describe('Why the sync learned a handle or thread id (thread_id, registry, profile, preview)'),
  }),
  /** `old_score` and `change` are filled in by the write, from the score it replaced. */
  'contact.score_changed': z.object({
    contact: contactRef,
    old_score: z.number().int().nullable(),
    new_score: z.number().int(),
    change: z.number().int(),
    components: z.record(z.string(), z.number()),
    reason: z.string(),
  }),
  'message.received': z.object({
    contact: contactSummary,
    message: z.object({
      conversation_id: z.string(),
      position: z.number().int().nonnegative(),
      text: z.string(),
      sent_at: z.string().nullable(),
      observed_at: z.string(),
    }),
    intent: z.enum(INTENTS).describe('What they meant (src/domain/intents.ts)'),
    intent_reason: z.string().describe('The phrase (or rule) that decided the intent; empty for other'),
  }),
  'outreach.queued': z.object({
    ...itemRef,
    status: z.enum(NEW_STATUSES),
    priority: z.number().int(),
    scheduled_at: z.string().nullable(),
  }),
  'outreach.sent': z.object({ ...itemRef, sent_at: z.string() }),
  'outreach.failed': z.object({
    ...itemRef,
    status: z.enum(NOT_SENT_END_STATUSES),
    outcome: z.string().nullable(),
    error: z.string().nullable(),
  }),
  'message.sent': z.object({
    contact: contactRef,
    username: z.string(),
    text: z.string(),
    automated: z.literal(true),
    item_id: z.string(),
    sent_at: z.string(),
  }),
  'message.failed': z.object({
    contact: contactRef,
    username: z.string(),
    item_id: z.string(),
    outcome: z.string().nullable(),
    error: z.string().nullable(),
  }),
  /** Two contacts were one person: `absorbedId` now resolves to `survivorId`. */
  'contact.merged': z.object({
    survivorId: z.string(),
    absorbedId: z.string(),
    evidence: z.object({ kind: z.enum(['thread_id', 'registry', 'profile', 'preview', 'user']) }).catchall(z.string()),
    mergedBy: z.enum(['sync', 'user']),
  }),
  /** Nothing leaves the account until `until` (null: until resumed): Instagram said slow down (`by: 'sender'`), or a person paused it. */
  'account.paused': z.object({
    account_id: z.string(),
    by: z.enum(['sender', 'user']),
    reason: z.string(),
    until: z.string().nullable(),
    paused_at: z.string(),
    key: z.string().optional().describe('by user: the name of the API key that paused it'),
  }),
  /** Sending may go on: the pause ran out (`by: 'timer'`) or a person resumed it. */
  'account.resumed': z.object({
    account_id: z.string(),
    by: z.enum(['timer', 'user']),
    paused_at: z.string().nullable(),
    reason: z.string().nullable(),
    resumed_at: z.string(),
    key: z.string().optional().describe('by user: the name of the API key that resumed it'),
  }),
  /** An account was added or its settings changed, through the API: the fields as given (a secret only as set or removed), by which key. */
  'account.updated': z.object({
    account_id: z.string(),
    created: z.boolean(),
    changes: z.record(z.string(), z.unknown()),
    key: z.string().describe('The name of the API key that made the change'),
  }),
  /** They asked us to stop (a message the sync stored: `messageId`, the phrase as `reason`) or a person opted them out. */
  'contact.opted_out': z.object({
    contact: contactRef,
    reason: z
      .string()
      .describe('The phrase of the opt-out rule that matched their message ("no me escribas más"), or "manual"'),
    language: z.enum(OPT_OUT_LANGUAGES).optional(),
    matched: z.string().optional().describe('The words of the message that matched, lower-cased, without accents'),
    messageId: z.string().optional(),
    by: z.enum(['message', 'user']).describe('message: their own words; user: a person through the API or an import'),
    source: z.enum(['sync', 'api', 'import']),
    requestId: z.string().optional(),
    key: z.string().optional().describe('The name of the API key that opted them out (by hand through the API)'),
    at: z.string(),
  }),
  /** A person opted them back in; an earlier message asking to stop no longer counts. */
  'contact.opted_in': z.object({
    contact: contactRef,
    by: z.literal('user'),
    source: z.enum(['api', 'import']),
    requestId: z.string().optional(),
    key: z.string().optional().describe('The name of the API key that opted them back in'),
    at: z.string(),
  }),
  /** The first message they wrote after a DM we sent them (once per DM): the DM, its campaign, what they meant. */
  'contact.replied': z.object({
    contact: contactRef,
    item_id: z.string().describe('The outreach item of the DM they answered'),
    campaign: z.string().nullable(),
    message_id: z.string().describe('Their reply, as stored'),
    intent: z.enum(INTENTS),
    intent_reason: z.string(),
    replied_at: z.string().describe('When they wrote (when the sync saw it, if Instagram showed no time)'),
  }),
  /** DMs of this account wait for a person's approval: at most one of these per CRM_APPROVAL_NOTIFY_INTERVAL. */
  'outreach.awaiting_approval': z.object({
    account_id: z.string(),
    count: z.number().int().positive().describe('How many DMs of the account wait for approval now'),
    at: z.string(),
    previous_at: z.string().nullable().describe('When the last one of these went out for this account (null: never)'),
  }),
  /** An inbound message contained a keyword of an automation (keyword replies): its reply queued, held for approval, or why not. */
  'automation.matched': z.object({
    automation: z.object({ id: z.string(), name: z.string() }),
    contact: contactRef,
    message: z.object({
      id: z.string(),
      conversation_id: z.string(),
      position: z.number().int().nonnegative(),
      text: z.string(),
      sent_at: z.string().nullable(),
      observed_at: z.string(),
    }),
    keyword: z.string().describe('The keyword found, as the automation spells it'),
    outcome: z.enum(MATCH_OUTCOMES),
    item_id: z.string().nullable().describe('The reply queued (outreach item), when one was'),
  }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;

/**
 * Every event type the outbox carries or will carry, whoever writes it: what a webhook endpoint
 * may subscribe to ('*' for all). The MediaPoster events come with the MediaPoster flow.
 */
export const SUBSCRIBABLE_EVENTS = [
  'contact.created',
  'contact.updated',
  'contact.score_changed',
  'contact.merged',
  'contact.opted_out',
  'contact.opted_in',
  'message.received',
  'message.sent',
  'message.failed',
  'sync.completed',
  'outreach.queued',
  'outreach.sent',
  'outreach.failed',
  'account.updated',
  'account.paused',
  'account.resumed',
  'contact.replied',
  'mediaposter.video_posted',
  'mediaposter.schedule_updated',
  'outreach.awaiting_approval',
  'automation.matched',
] as const;
export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];
export type EventData<T extends EventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;

/** One event as the outbox stores it: the entity it is about (numbered per entity) and its payload. */
export interface OutboxEvent {
  type: EventType;
  entity_type: 'contact' | 'outreach_item' | 'account';
  entity_id: string;
  payload: unknown;
}

/** Message events belong to the contact (ordered with message.received); outreach events to their item. */
const ENTITY: Record<EventType, OutboxEvent['entity_type']> = {
  'contact.created': 'contact',
  'contact.updated': 'contact',
  'contact.score_changed': 'contact',
  'message.received': 'contact',
  'outreach.queued': 'outreach_item',
  'outreach.sent': 'outreach_item',
  'outreach.failed': 'outreach_item',
  'message.sent': 'contact',
  'message.failed': 'contact',
  'contact.merged': 'contact',
  'account.updated': 'account',
  'account.paused': 'account',
  'account.resumed': 'account',
  'contact.opted_out': 'contact',
  'contact.opted_in': 'contact',
  'contact.replied': 'contact',
  'outreach.awaiting_approval': 'account',
  'automation.matched': 'contact',
};

export function outboxEvent<T extends EventType>(type: T, entityId: string, data: EventData<T>): OutboxEvent {
  return { type, entity_type: ENTITY[type], entity_id: entityId, payload: EVENT_SCHEMAS[type].parse(data) };
}
