import { z } from 'zod';
import { OUTREACH_STATUSES } from '../domain/outreach';
import { SENDER_BLOCKS, type SenderProgress } from '../domain/sender-view';
import type { ImportContactsProgress, RescoreProgress } from './contacts';
import type { SafariHostProgress } from './safari-host';
import type { FollowUpsProgress } from './follow-ups';
import type { ReplyWatchProgress } from './reply-watch';
import type { ProcessResult, SendDmProgress } from './sender';
import type { SyncProgress } from './sync';
import type { VideoOutreachProgress, VideoOutreachSummary, WatchProgress } from './video-outreach';
import type { TestResult, WebhookDispatcherProgress, WebhookEndpointProgress, WebhookTestProgress } from './webhooks';

/**
 * What each workflow returns and what its progress query answers, as zod schemas, checked by the
 * gateway when it reads them back from Temporal. Each is annotated with the contract's own type, so
 * a required field missing here fails type-checking; objects are loose, so a field a newer worker
 * adds passes through to the API unchanged (the wire format is the workflow's, not this file's).
 * Workflows never import this file: zod stays out of the workflow bundle.
 */

const count = z.number();
const nullableString = z.string().nullable();
const status = z.enum(OUTREACH_STATUSES);

export const importProgress: z.ZodType<ImportContactsProgress> = z.looseObject({
  total: count,
  processed: count,
  created: count,
  updated: count,
  unchanged: count,
});

export const rescoreProgress: z.ZodType<RescoreProgress> = z.looseObject({
  pages: count,
  scanned: count,
  updated: count,
  scoreChanged: count,
  afterId: nullableString,
  done: z.boolean(),
});

const identityCounts = z.looseObject({
  merged: count,
  attached: count,
  profileLookups: count,
  deferred: count,
  suspects: count,
  unsettled: count,
});
const threadSummary = z.looseObject({ name: z.string(), found: count, saved: count, error: z.string().optional() });

export const syncProgress: z.ZodType<SyncProgress> = z.looseObject({
  phase: z.enum(['listing', 'reading', 'done']),
  runs: count,
  batches: count,
  conversationsFound: count,
  contactsCreated: count,
  contactsUpdated: count,
  threadsQueued: count,
  threadsRead: count,
  threadsFailed: count,
  threadGaps: count,
  ambiguousRows: count,
  identity: identityCounts.optional(),
  messagesAdded: count,
  messageEvents: count,
  scoresChanged: count,
  conflicts: count,
  threads: z.array(threadSummary),
  truncated: z.boolean(),
});

export const senderProgress: z.ZodType<SenderProgress> = z.looseObject({
  accountId: z.string(),
  state: z.enum(['sending', 'waiting', 'idle']),
  blockedBy: z.enum(SENDER_BLOCKS).nullable(),
  nextSendAt: nullableString,
  explanation: z.string(),
  sentLastHour: count,
  sentLastDay: count,
  perHour: count,
  dayCap: count,
  queue: z.partialRecord(status, count),
  lastSendAt: nullableString,
  sent: count,
});

export const processResult: z.ZodType<ProcessResult> = z.looseObject({
  items: z.array(z.looseObject({ itemId: z.string(), status, outcome: nullableString, error: nullableString })),
  sent: count,
  failed: count,
  rateLimited: count,
  blockedBy: z.enum(SENDER_BLOCKS).nullable(),
  nextSendAt: nullableString,
  explanation: z.string(),
});

export const sendDmProgress: z.ZodType<SendDmProgress> = z.looseObject({
  phase: z.enum(['preparing', 'queued', 'done']),
  itemId: nullableString,
  status: status.nullable(),
  outcome: nullableString,
  error: nullableString,
  sentAt: nullableString,
});

export const followUpsProgress: z.ZodType<FollowUpsProgress> = z.looseObject({
  phase: z.enum(['waiting', 'sending', 'done']),
  step: z.number().int(),
  dueAt: nullableString,
  itemId: nullableString,
  stopped: z.enum(['plan_done', 'previous_not_sent', 'replied', 'opted_out', 'cancelled', 'not_renderable']).nullable(),
  sent: z.array(z.string()),
});

const priority = z.enum(['send', 'read']);
export const safariHostProgress: z.ZodType<SafariHostProgress> = z.looseObject({
  hostKey: z.string(),
  holder: z.looseObject({ workflowId: z.string(), priority, since: z.string() }).nullable(),
  waiting: z.array(z.looseObject({ workflowId: z.string(), priority })),
});

export const webhookDispatcherProgress: z.ZodType<WebhookDispatcherProgress> = z.looseObject({
  lastSeq: count,
  events: count,
  deliveries: count,
  gapPending: z.boolean(),
  steps: count,
});

export const webhookEndpointProgress: z.ZodType<WebhookEndpointProgress> = z.looseObject({
  endpointId: z.string(),
  attempted: count,
  delivered: count,
  nextDueAt: nullableString,
  stopped: nullableString,
});

export const testResult: z.ZodType<TestResult> = z.looseObject({
  sent: count,
  failed: count,
  endpoints: z.array(z.looseObject({ id: z.string(), status: count.nullable(), error: nullableString })),
});

export const webhookTestProgress: z.ZodType<WebhookTestProgress> = z.looseObject({
  phase: z.enum(['sending', 'done']),
  result: testResult.nullable(),
});

const queuedContact = z.looseObject({
  contactId: z.string(),
  username: z.string(),
  itemId: z.string(),
  status: z.string(),
  created: z.boolean(),
});

export const videoOutreachSummary: z.ZodType<VideoOutreachSummary> = z.looseObject({
  videoId: z.string(),
  outcome: z.enum(['queued', 'no_audience']),
  title: nullableString,
  url: z.string(),
  scanned: count,
  matched: count,
  queued: count,
  skipped: z.record(z.string(), count),
  items: z.array(queuedContact),
});

export const videoOutreachProgress: z.ZodType<VideoOutreachProgress> = z.looseObject({
  phase: z.enum(['reading_video', 'matching', 'queueing', 'done']),
  summary: videoOutreachSummary.nullable(),
});

export const watchProgress: z.ZodType<WatchProgress> = z.looseObject({
  steps: count,
  found: count,
  announced: count,
  workflowIds: z.array(z.string()),
});

export const replyWatchProgress: z.ZodType<ReplyWatchProgress> = z.looseObject({
  phase: z.enum(['checking', 'listing', 'reading', 'done', 'skipped']),
  skipped: z.enum(['outside_active_hours', 'sync_running']).nullable(),
  explanation: nullableString,
  tabsListed: z.array(z.enum(['primary', 'requests'])),
  conversationsFound: count,
  threadsQueued: count,
  threadsRead: count,
  threadsFailed: count,
  messagesAdded: count,
  messageEvents: count,
  approvalNotices: count,
});

/** Entity workflows that run until told to stop return nothing. */
export const noResult: z.ZodType<void> = z.void();
