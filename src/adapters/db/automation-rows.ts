import { z } from 'zod';
import { iso } from './values';

/** The rows the automations' storage reads (automation-repository.ts), checked before they are used. */

const count = z.coerce.number().int().nonnegative();
const time = z.string().transform((t) => iso(t));
const nullableTime = z
  .string()
  .nullable()
  .transform((t) => iso(t));

export const automationRowSchema = z.object({
  id: z.string(),
  account_id: z.string(),
  name: z.string(),
  keywords: z.array(z.string()),
  reply_text: z.string().nullable(),
  reply_template: z.string().nullable(),
  video_id: z.string().nullable(),
  enabled: z.boolean(),
  active_since: nullableTime,
  created_at: time,
  updated_at: time,
});

export const statsSchema = z.object({ matched: count, queued: count, sent: count, skipped: count });
export const withStatsSchema = automationRowSchema.extend({ stats: statsSchema });

export const uncheckedSchema = z.array(
  z.object({
    id: z.string(),
    conversation_id: z.string(),
    position: z.number().int().nonnegative(),
    text: z.string(),
    sent_at: nullableTime,
    observed_at: time,
    first_read: z.boolean(),
    contact: z.object({
      id: z.string(),
      username: z.string().nullable(),
      display_name: z.string().nullable(),
      opted_out: z.boolean(),
      total_messages_received: z.number().int(),
    }),
  }),
);

export const recordedSchema = z.object({ matched: count, queued: count });
export const deletedSchema = z.object({ account_id: z.string(), cancelled: count }).nullable();
