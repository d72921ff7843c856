import { z } from 'zod';
import { iso } from './values';

/** An automation as the application sees it, and the rows the automations' storage reads (automation-repository.ts), checked before they are used. */

export type AutomationReply = { text: string } | { template: string };

export interface Automation {
  id: string;
  accountId: string;
  name: string;
  keywords: string[];
  reply: AutomationReply;
  videoId: string | null;
  enabled: boolean;
  /** Messages from before this are not answered; null while disabled. */
  activeSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AutomationStats {
  matched: number;
  queued: number;
  sent: number;
  skipped: number;
}

export type AutomationWithStats = Automation & { stats: AutomationStats };
export type AutomationFields = Pick<Automation, 'name' | 'keywords' | 'reply' | 'videoId' | 'enabled' | 'activeSince'>;

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
export const checkNeededSchema = z.boolean();
export const deletedSchema = z.object({ account_id: z.string(), cancelled: count }).nullable();

export function toAutomation(r: z.infer<typeof automationRowSchema>): Automation {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    keywords: r.keywords,
    reply: r.reply_template !== null ? { template: r.reply_template } : { text: r.reply_text ?? '' },
    videoId: r.video_id,
    enabled: r.enabled,
    activeSince: r.active_since,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toColumns(f: Partial<AutomationFields>): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  if (f.name !== undefined) cols.name = f.name;
  if (f.keywords !== undefined) cols.keywords = f.keywords;
  if (f.reply !== undefined) {
    cols.reply_text = 'text' in f.reply ? f.reply.text : null;
    cols.reply_template = 'template' in f.reply ? f.reply.template : null;
  }
  if (f.videoId !== undefined) cols.video_id = f.videoId;
  if (f.enabled !== undefined) cols.enabled = f.enabled;
  if (f.activeSince !== undefined) cols.active_since = f.activeSince;
  return cols;
}
