import { z } from '@hono/zod-openapi';
import { INBOX_TABS } from '../../domain/types';
import { MAX_DM_LENGTH } from '../../domain/send-rules';
import { AccountId } from '../account-scope';

/** Direct DMs: the design's POST /api/contacts/:id/dm and the original server's /api/dm/* routes. */

const text = z.string().max(MAX_DM_LENGTH * 2);
const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .openapi({ description: 'A retried request with the same key gets the same DM, never a second one' });

export const ContactDmBody = z
  .object({
    text: text.optional(),
    template: text.optional().openapi({
      description:
        '{{name}}, {{first_name}}, {{username}}, {{video_title}}, {{video_url}}, {{video_caption}}, your variables; {{name|fallback}}',
    }),
    templateId: z.uuid().optional().openapi({
      description: 'Instead of text or template: a stored template (GET /api/templates), its current version',
    }),
    videoId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'A MediaPoster video; its public URL must exist' }),
    variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(2_000)).optional(),
    idempotencyKey: idempotencyKey.optional(),
    accountId: AccountId.optional(),
  })
  .strict()
  .refine((b) => [b.text, b.template, b.templateId].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of text, template and templateId',
    path: ['text'],
  })
  .openapi('ContactDmRequest');

export const DmSendBody = z
  .object({
    username: z.string().regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram handle'),
    text,
    idempotencyKey: idempotencyKey.optional(),
    accountId: AccountId.optional(),
  })
  .strict()
  .openapi('DmSendRequest');

export const DmSendResult = z
  .object({
    success: z.boolean(),
    username: z.string(),
    status: z.string().openapi({ description: 'sent, failed, skipped, needs_review, …' }),
    itemId: z.string().nullable(),
    outcome: z.string().nullable(),
    error: z.string().optional(),
    sentAt: z.string().nullable(),
    workflowId: z.string(),
  })
  .openapi('DmSendResult');

export const DmWorkflowParams = z.object({
  id: z.string().min(1).max(64).openapi({ description: 'Contact uuid or Instagram username' }),
  workflowId: z.string().regex(/^send-dm:[A-Za-z0-9._:-]{1,200}$/, 'not a DM workflow id'),
});

export const ConversationRow = z.object({
  username: z.string().openapi({ description: 'The handle, or the display name when no handle is known' }),
  displayName: z.string().nullable(),
  threadId: z.string().nullable(),
  lastMessage: z.string().nullable(),
  lastMessageIsOutbound: z.boolean().nullable(),
  lastMessageAt: z.string().nullable(),
  unreadCount: z.number().int(),
});
export const StoredConversations = z
  .object({
    conversations: z.object(
      Object.fromEntries(INBOX_TABS.map((t) => [t, z.array(ConversationRow)])) as Record<
        (typeof INBOX_TABS)[number],
        z.ZodArray<typeof ConversationRow>
      >,
    ),
    totalCount: z.number().int(),
  })
  .openapi('StoredConversations');
