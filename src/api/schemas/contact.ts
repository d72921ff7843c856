import { z } from '@hono/zod-openapi';
import { AccountId } from '../account-scope';
import { CONTACT_SORTS } from '../../adapters/db/contact-query';
import { INTENTS } from '../../domain/intents';
import { MESSAGE_TYPES, PIPELINE_STAGES } from '../../domain/types';
import { ScoreResource } from './score';

/** Contact fields a caller may write, in the API's snake_case (the original server's field names). */
const shortText = z.string().max(2000).nullable();
const labelList = z.array(z.string().min(1).max(100)).max(50);

const handle = z
  .string()
  .trim()
  .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram handle (letters, digits, . and _; up to 30)');
const sameHandle = (a: string, b: string) => a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();

/** The writable fields besides the handle: what POST /api/contacts and PATCH /api/contacts/{id} both take. */
const contactFields = {
  display_name: z.string().max(200).nullable().optional(),
  pipeline_stage: z.enum(PIPELINE_STAGES).optional(),
  what_theyre_building: shortText.optional(),
  current_friction: shortText.optional(),
  their_definition_of_win: shortText.optional(),
  asks_opinion: z.boolean().optional(),
  shares_updates: z.boolean().optional(),
  has_referred_others: z.boolean().optional(),
  fit_signals: labelList.optional(),
  tags: labelList.optional(),
  notes: z.string().max(10_000).nullable().optional(),
  opted_out: z.boolean().optional().openapi({
    description:
      'true opts them out: every DM still waiting for them is cancelled and `contact.opted_out` written; false opts them back in (`contact.opted_in`)',
  }),
};

export const ContactInput = z
  .object({
    username: handle.optional(),
    instagram_username: handle
      .optional()
      .openapi({ description: "The original server's name for `username` (either one; both must agree)" }),
    ...contactFields,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.username === undefined && v.instagram_username === undefined)
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'required (or instagram_username)' });
    else if (
      v.username !== undefined &&
      v.instagram_username !== undefined &&
      !sameHandle(v.username, v.instagram_username)
    ) {
      ctx.addIssue({ code: 'custom', path: ['instagram_username'], message: 'differs from username' });
    }
  })
  .openapi('ContactInput');

export type ContactInput = z.infer<typeof ContactInput>;

export const ContactPatch = z
  .object(contactFields)
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change' })
  .openapi('ContactPatch');

export const ImportContactsBody = z
  .object({ contacts: z.array(ContactInput).min(1).max(1000) })
  .strict()
  .openapi('ImportContactsRequest');

const LearnedFieldSource = z
  .object({
    value: z.string().openapi({ description: 'What was learned (for fit_signals one signal)' }),
    sentence: z.string().openapi({ description: 'Their sentence that taught it' }),
    message_id: z.string().openapi({ description: 'The message it came from' }),
    learned_at: z.string(),
    pattern: z.string().openapi({ description: 'The pattern that matched ("I\'m building …")' }),
  })
  .openapi('LearnedFieldSource');

export const ContactResource = z
  .object({
    id: z.uuid(),
    username: z
      .string()
      .nullable()
      .openapi({ description: 'Null for a contact known only by display name (from an inbox listing)' }),
    instagram_username: z
      .string()
      .nullable()
      .openapi({ description: "The same as `username`, under the original server's name" }),
    display_name: z.string().nullable(),
    thread_id: z.string().nullable(),
    relationship_score: z.number().int().nullable(),
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
    opted_out: z.boolean(),
    opted_out_at: z.string().nullable().openapi({ description: 'When they were last opted out' }),
    opted_out_reason: z.string().nullable().openapi({
      description: 'The phrase of their message that asked us to stop ("no me escribas más"), or "manual"',
    }),
    opted_out_message_id: z
      .string()
      .nullable()
      .openapi({ description: 'The message that asked us to stop, when one did' }),
    opted_out_by: z
      .enum(['message', 'user'])
      .nullable()
      .openapi({ description: 'message: their own words; user: a person' }),
    opted_in_at: z
      .string()
      .nullable()
      .openapi({ description: 'When a person last opted them back in; their earlier messages no longer opt them out' }),
    total_messages_sent: z.number().int(),
    total_messages_received: z.number().int(),
    value_delivered_count: z
      .number()
      .int()
      .openapi({ description: 'DMs sent to them that carried content (a video or a link); the valueDelivered score' }),
    promises_made: z.number().int().openapi({ description: 'Promises made to them (reliability: kept ÷ made)' }),
    promises_kept: z.number().int(),
    last_message_at: z.string().nullable(),
    last_intent: z.enum(INTENTS).nullable().openapi({
      description: 'What their newest message meant (null before they wrote, or before intents were kept)',
    }),
    last_replied_at: z.string().nullable().openapi({ description: 'When they last wrote' }),
    learned_fields: z
      .object({
        what_theyre_building: LearnedFieldSource.optional(),
        current_friction: LearnedFieldSource.optional(),
        their_definition_of_win: LearnedFieldSource.optional(),
        fit_signals: z.array(LearnedFieldSource).optional().openapi({ description: 'One per learned signal' }),
      })
      .openapi({
        description:
          'The fields learned from their own messages, each with its source; a field not here was typed or imported. Setting a field by hand drops its entry (fit_signals keeps the learned signals still in the list)',
      }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Contact');

export const ContactIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ description: 'Contact uuid or Instagram username' }),
});

const score0to100 = z.coerce.number().int().min(0).max(100).openapi({ type: 'integer', minimum: 0, maximum: 100 });

/** The largest page of contacts; a larger limit is clamped to it. */
export const MAX_CONTACT_PAGE = 200;

export const ContactListQuery = z
  .object({
    stage: z.enum(PIPELINE_STAGES).optional(),
    min_score: score0to100.optional(),
    max_score: score0to100.optional(),
    tag: z.string().min(1).max(100).optional(),
    intent: z
      .enum(INTENTS)
      .optional()
      .openapi({ description: `Only contacts whose newest message meant this (${INTENTS.join(', ')})` }),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Case-insensitive text in username or display name, taken literally' }),
    sort: z.enum(CONTACT_SORTS).default('score').openapi({
      description: 'score (default), recent (last message), username, created; contacts without the key come last',
    }),
    order: z.enum(['asc', 'desc']).optional().openapi({ description: 'Default: desc, except asc for username' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .default(50)
      .openapi({
        description: `Up to ${MAX_CONTACT_PAGE} (default 50); a larger one (the original server had no bound) is answered with ${MAX_CONTACT_PAGE}, nextCursor and a Warning header`,
      }),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,600}$/)
      .optional()
      .openapi({ description: 'nextCursor of the previous page, with the same sort and order' }),
    duplicates: z.enum(['suspected']).optional().openapi({
      description: 'suspected: the pairs of contacts the sync thinks may be one person but could not settle',
    }),
    accountId: AccountId.optional(),
  })
  .strict()
  .refine((q) => q.min_score === undefined || q.max_score === undefined || q.min_score <= q.max_score, {
    message: 'min_score must not be above max_score',
    path: ['min_score'],
  });

export const ContactList = z
  .object({
    contacts: z.array(ContactResource),
    count: z.number().int().openapi({ description: 'Contacts in this page' }),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as cursor for the next page; null on the last page' }),
    duplicates: z
      .array(
        z.object({
          contactId: z.string(),
          otherId: z.string(),
          reason: z.string(),
          detail: z.record(z.string(), z.string()),
          notedAt: z.string(),
        }),
      )
      .optional()
      .openapi({
        description: 'With duplicates=suspected: the pairs, newest first; contacts holds the contacts they name',
      }),
  })
  .openapi('ContactList');

export const MessageResource = z
  .object({
    id: z.string(),
    position: z.number().int(),
    message_text: z.string(),
    message_type: z.enum(MESSAGE_TYPES),
    is_outbound: z.boolean(),
    sent_by_automation: z.boolean(),
    sent_at: z.string().nullable(),
    intent: z.enum(INTENTS).nullable().openapi({ description: 'What an inbound message meant; null for ours' }),
    intent_reason: z.string().nullable().openapi({ description: 'The phrase that decided the intent' }),
  })
  .openapi('Message');

export const ContactDetail = z
  .object({
    contact: ContactResource,
    messages: z.array(MessageResource).openapi({ description: 'The 50 newest messages, oldest first' }),
    messageCount: z.number().int().openapi({ description: 'All stored messages of the contact' }),
    score: ScoreResource,
  })
  .openapi('ContactDetail');
