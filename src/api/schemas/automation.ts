import { z } from '@hono/zod-openapi';
import { MAX_DM_LENGTH } from '../../domain/send-rules';
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS } from '../../domain/keyword-match';
import { AccountId } from '../account-scope';

/** Keyword replies as the API takes and shows them (POST/GET/PATCH/DELETE /api/automations). */

const reply = z.string().max(MAX_DM_LENGTH * 2);
export const AutomationReply = z
  .union([
    z.object({ text: reply }).strict(),
    z
      .object({
        template: reply.openapi({
          description:
            '{{first_name}}, {{name}}, {{username}}, {{video_title}}, {{video_url}}, {{video_caption}} (the video ones need videoId); {{name|fallback}}',
        }),
      })
      .strict(),
  ])
  .openapi('AutomationReply', { description: 'Exactly one of text and template' });

const Keywords = z
  .array(z.string().max(MAX_KEYWORD_LENGTH * 2))
  .min(1)
  .max(MAX_KEYWORDS * 2)
  .openapi({
    description: `Whole words, any case or accents ("guide" matches "GUIDE" and "Guíde!", not "guidelines"); up to ${MAX_KEYWORDS}, each up to 5 words`,
    example: ['guide', 'free guide'],
  });
const Name = z.string().trim().min(1).max(200);
const VideoId = z
  .string()
  .min(1)
  .max(100)
  .openapi({ description: 'A MediaPoster video with a public post: {{video_title}} and {{video_url}} in the reply' });

export const AutomationCreate = z
  .object({
    name: Name,
    keywords: Keywords,
    reply: AutomationReply,
    videoId: VideoId.optional(),
    accountId: AccountId.optional(),
    enabled: z.boolean().optional().openapi({ description: 'Default true' }),
  })
  .strict()
  .openapi('AutomationCreate');

export const AutomationPatch = z
  .object({
    name: Name.optional(),
    keywords: Keywords.optional(),
    reply: AutomationReply.optional(),
    videoId: VideoId.nullable().optional(),
    enabled: z
      .boolean()
      .optional()
      .openapi({ description: 'Enabled again, it answers only messages written from then on' }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('AutomationPatch');

const count = z.number().int().nonnegative();
export const AutomationResource = z
  .object({
    id: z.string(),
    account_id: z.string(),
    name: z.string(),
    keywords: z.array(z.string()),
    reply: z.object({ text: z.string().optional(), template: z.string().optional() }),
    video_id: z.string().nullable(),
    enabled: z.boolean(),
    active_since: z
      .string()
      .nullable()
      .openapi({ description: 'Messages written before this are not answered (no backfill); null while disabled' }),
    created_at: z.string(),
    updated_at: z.string(),
    stats: z
      .object({
        matched: count.openapi({ description: 'Messages that contained a keyword' }),
        queued: count.openapi({ description: 'Replies queued (at most one per contact), held for approval included' }),
        sent: count.openapi({ description: 'Replies sent' }),
        skipped: count.openapi({
          description: 'Matches that queued no reply: already answered, opted out, or no reply could be composed',
        }),
      })
      .openapi('AutomationStats'),
  })
  .openapi('Automation');

export const AutomationIdParam = z.object({ id: z.string().min(1).max(64) });
