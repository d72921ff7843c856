import { z } from '@hono/zod-openapi';
import { PIPELINE_STAGES } from '../../domain/types';

/** Contact fields a caller may write, in the API's snake_case (the original server's field names). */
const shortText = z.string().max(2000).nullable();
const labelList = z.array(z.string().min(1).max(100)).max(50);

export const ContactInput = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram handle (letters, digits, . and _; up to 30)'),
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
    opted_out: z.boolean().optional(),
  })
  .strict()
  .openapi('ContactInput');

export type ContactInput = z.infer<typeof ContactInput>;

export const ImportContactsBody = z
  .object({ contacts: z.array(ContactInput).min(1).max(1000) })
  .strict()
  .openapi('ImportContactsRequest');

export const ContactResource = z
  .object({
    id: z.uuid(),
    username: z.string(),
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
    total_messages_sent: z.number().int(),
    total_messages_received: z.number().int(),
    last_message_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Contact');

export const ContactIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ description: 'Contact uuid or Instagram username' }),
});
