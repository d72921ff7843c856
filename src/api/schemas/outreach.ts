import { z } from '@hono/zod-openapi';
import { OUTREACH_STATUSES } from '../../domain/outreach';
import { MAX_DM_LENGTH, OUTREACH_KINDS } from '../../domain/send-rules';
import { SENDER_BLOCKS } from '../../domain/sender-view';
import { AccountId } from '../account-scope';
import { followUpsField, followUpsNeedCampaign, itemStepFields } from './follow-ups';

/** The outreach queue's wire shapes: the original server's fields, plus what a durable queue knows. */

const handle = z
  .string()
  .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram handle')
  .openapi({ example: 'maya.creates' });
const dmText = z
  .string()
  .max(MAX_DM_LENGTH * 2)
  .openapi({ description: `The DM as sent (at most ${MAX_DM_LENGTH} characters after rendering)` });
const variables = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(2_000))
  .openapi({ description: 'Extra template variables' });
const instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-01T14:30:00Z' });

const itemFields = {
  username: handle,
  text: dmText.optional(),
  template: dmText.optional().openapi({
    description: 'Instead of text: {{name}}, {{first_name}}, {{video_title}}, {{video_url}}, … and {{name|fallback}}',
  }),
  template_id: z.uuid().optional().openapi({
    description: 'Instead of text or template: a stored template (GET /api/templates), its current version',
  }),
  variables: variables.optional(),
  video_id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'A MediaPoster video for {{video_title}} / {{video_url}}' }),
  priority: z.number().int().min(0).max(100).default(50),
  scheduled_at: instant.optional().openapi({ description: 'Not before this time' }),
  campaign: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'A campaign sends at most once per contact, and stops when they reply' }),
  follow_ups: followUpsField,
};
const exactlyOne = (i: { text?: string; template?: string; template_id?: string }) =>
  [i.text, i.template, i.template_id].filter((x) => x !== undefined).length === 1;
const oneMessage = { message: 'give exactly one of text, template and template_id', path: ['text'] };

export const QueueItemInput = z
  .object(itemFields)
  .strict()
  .refine(exactlyOne, oneMessage)
  .refine(followUpsNeedCampaign.check, followUpsNeedCampaign.message);
export const QueueRequest = z
  .union([
    z
      .object({ ...itemFields, accountId: AccountId.optional() })
      .strict()
      .refine(exactlyOne, oneMessage)
      .refine(followUpsNeedCampaign.check, followUpsNeedCampaign.message),
    z.object({ items: z.array(QueueItemInput).min(1).max(500), accountId: AccountId.optional() }).strict(),
  ])
  .openapi('QueueRequest');

export const OutreachItemResource = z
  .object({
    id: z.string(),
    account_id: z.string(),
    contact_id: z.string(),
    username: z.string(),
    text: z.string(),
    kind: z.enum(OUTREACH_KINDS),
    priority: z.number().int(),
    scheduled_at: z.string().nullable(),
    status: z.enum(OUTREACH_STATUSES),
    campaign: z.string().nullable(),
    template: z.string().nullable(),
    template_id: z.string().nullable().openapi({ description: 'The stored template that wrote the text, if any' }),
    template_version: z.number().int().nullable().openapi({ description: "That template's version" }),
    video_id: z.string().nullable(),
    approved_at: z.string().nullable(),
    attempts: z.number().int(),
    outcome: z.string().nullable(),
    error: z.string().nullable(),
    created_at: z.string(),
    sent_at: z.string().nullable(),
    ...itemStepFields,
  })
  .openapi('OutreachItem');

export const QueueStats = z
  .object({
    total: z.number().int(),
    pending: z.number().int().openapi({ description: 'Queued or awaiting approval' }),
    sent: z.number().int(),
    failed: z.number().int(),
    rateLimited: z.number().int().openapi({ description: 'Back in the queue after a rate limit or block' }),
    by_status: z.record(z.string(), z.number().int()),
  })
  .openapi('QueueStats');

export const SenderView = z
  .object({
    accountId: z.string(),
    state: z
      .enum(['sending', 'waiting', 'idle'])
      .openapi({ description: 'idle: no sender runs (nothing queued since the start)' }),
    blockedBy: z.enum(SENDER_BLOCKS).nullable(),
    nextSendAt: z.string().nullable(),
    explanation: z.string().openapi({ example: 'next send 14:32 — hourly cap 5/5 reached' }),
    sentLastHour: z.number().int(),
    sentLastDay: z.number().int(),
    perHour: z.number().int(),
    dayCap: z.number().int(),
    queue: z.record(z.string(), z.number().int()),
    lastSendAt: z.string().nullable(),
  })
  .openapi('SenderPacing');

export const QueueListQuery = z
  .object({
    accountId: AccountId.optional(),
    status: z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/)
      .optional()
      .openapi({ description: 'Comma-separated statuses (default: every status)' }),
    contactId: z.string().uuid().optional().openapi({ description: "Only this contact's DMs" }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const QueueList = z
  .object({ queue: z.array(OutreachItemResource), stats: QueueStats, pacing: z.array(SenderView) })
  .openapi('OutreachQueue');
export const QueueAdded = z.object({
  message: OutreachItemResource,
  created: z.boolean(),
  queueLength: z.number().int(),
});
export const QueueAddedBatch = z.object({
  messages: z.array(OutreachItemResource),
  created: z.number().int(),
  queueLength: z.number().int(),
});
export const ItemIdParam = z.object({ id: z.uuid().openapi({ description: 'Outreach item id' }) });
export const ItemDetail = z
  .object({
    item: OutreachItemResource,
    history: z.array(z.object({ at: z.string(), status: z.string(), detail: z.record(z.string(), z.unknown()) })),
  })
  .openapi('OutreachItemDetail');

export const ProcessResultBody = z
  .object({
    success: z.boolean().openapi({ description: 'At least one DM went out' }),
    message: z.string(),
    sent: z.number().int(),
    failed: z.number().int(),
    rateLimited: z.number().int(),
    blockedBy: z.enum(SENDER_BLOCKS).nullable(),
    nextSendAt: z.string().nullable(),
    items: z.array(
      z.object({
        itemId: z.string(),
        status: z.string(),
        outcome: z.string().nullable(),
        error: z.string().nullable(),
      }),
    ),
  })
  .openapi('ProcessResult');

export const PauseRequest = z
  .object({
    accountId: AccountId.optional(),
    until: instant.optional().openapi({ description: 'Default: until resumed' }),
    reason: z.string().max(200).optional(),
  })
  .strict();
export const AccountBody = z.object({ accountId: AccountId.optional() }).strict();
