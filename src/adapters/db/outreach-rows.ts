import { z } from 'zod';
import { OUTREACH_STATUSES, type OutreachItem } from '../../domain/outreach';
import { OUTREACH_KINDS } from '../../domain/send-rules';
import { MAX_FOLLOW_UPS } from '../../domain/follow-up-steps';

/** The shapes the outreach functions return, checked here so nothing unexpected reaches the sender. */

const followUpStepSchema = z.object({
  after: z.string(),
  afterMs: z.number().int().positive(),
  text: z.string().nullable(),
  template: z.string().nullable(),
  templateId: z.string().nullable(),
  templateVersion: z.number().int().nullable().default(null),
});

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');

export const itemRowSchema = z
  .object({
    id: z.string(),
    account_id: z.string(),
    business_key: z.string(),
    kind: z.enum(OUTREACH_KINDS),
    contact_id: z.string(),
    username: z.string(),
    text: z.string(),
    priority: z.number().int(),
    scheduled_at: timestamp.nullable(),
    campaign: z.string().nullable(),
    template: z.string().nullable(),
    video_id: z.string().nullable(),
    stop_on_reply: z.boolean(),
    requires_approval: z.boolean(),
    approved_at: timestamp.nullable(),
    status: z.enum(OUTREACH_STATUSES),
    attempt_token: z.string().nullable(),
    attempts: z.number().int(),
    soft_failures: z.number().int(),
    last_attempt_at: timestamp.nullable(),
    outcome: z.string().nullable(),
    last_error: z.string().nullable(),
    sent_at: timestamp.nullable(),
    notify_workflow_id: z.string().nullable(),
    step: z.number().int().min(0).max(MAX_FOLLOW_UPS),
    follow_ups: z.array(followUpStepSchema).max(MAX_FOLLOW_UPS).nullable(),
    parent_item_id: z.string().nullable(),
    template_id: z.string().nullable(),
    template_version: z.number().int().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .transform((r) => ({
    item: {
      id: r.id,
      accountId: r.account_id,
      businessKey: r.business_key,
      kind: r.kind,
      contactId: r.contact_id,
      username: r.username,
      text: r.text,
      priority: r.priority,
      scheduledAt: r.scheduled_at,
      campaign: r.campaign,
      template: r.template,
      videoId: r.video_id,
      stopOnReply: r.stop_on_reply,
      requiresApproval: r.requires_approval,
      approvedAt: r.approved_at,
      status: r.status,
      attempts: r.attempts,
      softFailures: r.soft_failures,
      lastAttemptAt: r.last_attempt_at,
      outcome: r.outcome,
      lastError: r.last_error,
      sentAt: r.sent_at,
      notifyWorkflowId: r.notify_workflow_id,
      step: r.step,
      followUps: r.follow_ups,
      parentItemId: r.parent_item_id,
      templateId: r.template_id,
      templateVersion: r.template_version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    } satisfies OutreachItem,
    token: r.attempt_token,
  }));

export const snapshotSchema = z.object({
  sends: z.array(z.number()),
  last_send_at: timestamp.nullable(),
  counts: z.record(z.string(), z.number()),
  rate_limited: z.number(),
  next: z.object({ id: z.string() }).nullable(),
  next_scheduled_at: timestamp.nullable(),
  in_flight: z.array(z.object({ id: z.string(), token: z.string().nullable() })),
});

export const factsSchema = z.object({
  item: itemRowSchema,
  contact: z.object({
    id: z.string(),
    username: z.string().nullable(),
    display_name: z.string().nullable(),
    opted_out: z.boolean(),
    total_messages_received: z.number().int(),
  }),
  last_inbound_at: timestamp.nullable(),
  same_text_sent_at: timestamp.nullable(),
  recipient_doubt_at: timestamp.nullable(),
});

export const transitionSchema = z.object({ applied: z.boolean(), item: itemRowSchema.nullable() });
export const enqueuedSchema = z.object({
  items: z.array(z.object({ created: z.boolean(), item: itemRowSchema })),
  pending: z.number().int(),
});
export const historySchema = z.array(
  z.object({ at: timestamp, status: z.string(), detail: z.record(z.string(), z.unknown()) }),
);
