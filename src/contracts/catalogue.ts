import {
  importProgressQuery,
  rescoreProgressQuery,
  type ImportContactsInput,
  type ImportContactsProgress,
  type RescoreContactsInput,
  type RescoreProgress,
} from './contacts';
import { defineWorkflow, isWorkflowContract, type AnyContract } from './contract';
import { followUpsProgressQuery, followUpsWorkflowId, type FollowUpsInput, type FollowUpsProgress } from './follow-ups';
import { replyWatchProgressQuery, type ReplyWatchInput, type ReplyWatchProgress } from './reply-watch';
import { safariHostProgressQuery, type SafariHostInput, type SafariHostProgress } from './safari-host';
import * as S from './schemas';
import {
  senderProgressQuery,
  sendDmProgressQuery,
  type DmSenderInput,
  type SendDmInput,
  type SendDmProgress,
  type SenderProgress,
} from './sender';
import { syncProgressQuery, type SyncConversationsInput, type SyncProgress } from './sync';
import {
  videoOutreachProgressQuery,
  watchProgressQuery,
  type MediaPosterWatchInput,
  type VideoOutreachInput,
  type VideoOutreachProgress,
  type VideoOutreachSummary,
  type WatchProgress,
} from './video-outreach';
import {
  webhookDispatcherProgressQuery,
  webhookEndpointProgressQuery,
  webhookTestProgressQuery,
  type TestResult,
  type WebhookDispatcherInput,
  type WebhookDispatcherProgress,
  type WebhookEndpointInput,
  type WebhookEndpointProgress,
  type WebhookTestInput,
  type WebhookTestProgress,
} from './webhooks';

/**
 * Every workflow's contract (see ./contract.ts): the gateway starts and reads workflows through
 * these, the status routes and the worker's schedules work from them, and src/workflows/index.ts
 * registers one function per workflowType (test/workflows/catalogue.test.ts checks both lists agree).
 */

export const importContactsContract = defineWorkflow<
  ImportContactsInput,
  ImportContactsProgress,
  ImportContactsProgress
>({
  workflowType: 'importContacts',
  kind: 'import-contacts',
  policy: 'once',
  /** The key is the request's idempotency key or a hash of its body. */
  id: (input, key) => `import-contacts:${input.accountId}:${key ?? 'default'}`,
  progressQuery: importProgressQuery,
  result: S.importProgress,
  progress: S.importProgress,
  summary: (input) => `Import ${input.contacts.length} contacts`,
});

/** One inbox sync per account at a time: every start for the account joins the open one. */
export const syncConversationsContract = defineWorkflow<SyncConversationsInput, SyncProgress, SyncProgress>({
  workflowType: 'syncConversations',
  kind: 'sync-conversations',
  policy: 'join',
  id: (input) => `sync-conversations:${input.accountId}`,
  progressQuery: syncProgressQuery,
  result: S.syncProgress,
  progress: S.syncProgress,
  summary: (input) => `Inbox sync (${input.scope.kind === 'inbox' ? input.scope.tab : 'contacts'})`,
});

/** A sync of named contacts; the key is a hash of the sorted handles (ids carry no handles). */
export const syncContactsContract = defineWorkflow<SyncConversationsInput, SyncProgress, SyncProgress>({
  ...syncConversationsContract,
  kind: 'sync-contacts',
  id: (input, key) => `sync-contacts:${input.accountId}:${key ?? 'all'}`,
  summary: () => 'Sync of named contacts',
});

/** One account-wide rescore at a time; the schedule and the API share the id. */
export const rescoreContactsContract = defineWorkflow<RescoreContactsInput, RescoreProgress, RescoreProgress>({
  workflowType: 'rescoreContacts',
  kind: 'rescore-contacts',
  policy: 'join',
  id: (input) => `rescore-contacts:${input.accountId}`,
  progressQuery: rescoreProgressQuery,
  result: S.rescoreProgress,
  progress: S.rescoreProgress,
  summary: (input) => `Rescore all contacts (${input.reason})`,
});

/** One sender per account: every enqueue signals it, starting it if it does not run. */
export const dmSenderContract = defineWorkflow<DmSenderInput, void, SenderProgress>({
  workflowType: 'dmSender',
  kind: 'dm-sender',
  policy: 'join',
  id: (input) => `dm-sender:${input.accountId}`,
  progressQuery: senderProgressQuery,
  result: S.noResult,
  progress: S.senderProgress,
  summary: () => 'DM sender: paces and sends every DM of this account',
});

/** One workflow per DM request: a repeated request (same key) joins it or reads its result. */
export const sendDmWithContentContract = defineWorkflow<SendDmInput, SendDmProgress, SendDmProgress>({
  workflowType: 'sendDmWithContent',
  kind: 'send-dm',
  policy: 'once',
  id: (input, key) => `send-dm:${input.accountId}:${key ?? input.businessKey.replace(/[^A-Za-z0-9._:-]/g, '_')}`,
  progressQuery: sendDmProgressQuery,
  result: S.sendDmProgress,
  progress: S.sendDmProgress,
  summary: (input) => (input.request.videoId ? 'DM with a video' : 'DM'),
});

export const safariHostContract = defineWorkflow<SafariHostInput, void, SafariHostProgress>({
  workflowType: 'safariHost',
  kind: 'safari-host',
  policy: 'join',
  id: (input) => `safari-host:${input.hostKey}`,
  progressQuery: safariHostProgressQuery,
  result: S.noResult,
  progress: S.safariHostProgress,
  summary: (input) => `Turns at the Safari server ${input.hostKey}`,
});

export const webhookDispatcherContract = defineWorkflow<WebhookDispatcherInput, void, WebhookDispatcherProgress>({
  workflowType: 'webhookDispatcher',
  kind: 'webhook-dispatcher',
  policy: 'join',
  id: () => 'webhook-dispatcher:outbox',
  progressQuery: webhookDispatcherProgressQuery,
  result: S.noResult,
  progress: S.webhookDispatcherProgress,
  summary: () => 'Outbox events to webhook deliveries',
});

export const webhookEndpointContract = defineWorkflow<
  WebhookEndpointInput,
  WebhookEndpointProgress,
  WebhookEndpointProgress
>({
  workflowType: 'webhookEndpoint',
  kind: 'webhook-endpoint',
  policy: 'join',
  id: (input) => `webhook-endpoint:${input.endpointId}`,
  progressQuery: webhookEndpointProgressQuery,
  result: S.webhookEndpointProgress,
  progress: S.webhookEndpointProgress,
  summary: (input) => `Webhook deliveries to endpoint ${input.endpointId}`,
});

export const webhookTestContract = defineWorkflow<WebhookTestInput, TestResult, WebhookTestProgress>({
  workflowType: 'webhookTest',
  kind: 'webhook-test',
  policy: 'once',
  id: (input) => `webhook-test:${input.messageId}`,
  progressQuery: webhookTestProgressQuery,
  result: S.testResult,
  progress: S.webhookTestProgress,
  summary: (input) => `Test ${input.event} to subscribed endpoints`,
});

/** One outreach per video and account, however often the video is announced: a finished run is reported, never repeated. */
export const videoPostedOutreachContract = defineWorkflow<
  VideoOutreachInput,
  VideoOutreachSummary,
  VideoOutreachProgress
>({
  workflowType: 'videoPostedOutreach',
  kind: 'video-outreach',
  policy: 'once',
  id: (input) => `video-outreach:${input.accountId}:${input.videoId.replace(/[^A-Za-z0-9._:-]/g, '_')}`,
  progressQuery: videoOutreachProgressQuery,
  result: S.videoOutreachSummary,
  progress: S.videoOutreachProgress,
  summary: (input) => `DMs about posted video ${input.videoId.slice(0, 80)} (${input.trigger})`,
});

/** One watcher per account: a tick while the last one still runs joins it (the Schedule also skips overlaps). */
export const mediaPosterWatchContract = defineWorkflow<MediaPosterWatchInput, WatchProgress, WatchProgress>({
  workflowType: 'mediaPosterWatch',
  kind: 'mediaposter-watch',
  policy: 'join',
  id: (input) => `mediaposter-watch:${input.accountId}`,
  progressQuery: watchProgressQuery,
  result: S.watchProgress,
  progress: S.watchProgress,
  summary: () => 'Look for MediaPoster posts that went live',
});

/** One reply watch per account: a tick while the last one still runs joins it (the Schedule also skips overlaps). */
export const replyWatchContract = defineWorkflow<ReplyWatchInput, ReplyWatchProgress, ReplyWatchProgress>({
  workflowType: 'watchReplies',
  kind: 'reply-watch',
  policy: 'join',
  id: (input) => `reply-watch:${input.accountId}`,
  progressQuery: replyWatchProgressQuery,
  result: S.replyWatchProgress,
  progress: S.replyWatchProgress,
  summary: () => 'Reply watch: the primary and requests tabs, then only the threads that changed',
});

/** One follow-up plan per first DM (so per campaign and contact): a finished plan is reported, never run again. */
export const followUpsContract = defineWorkflow<FollowUpsInput, FollowUpsProgress, FollowUpsProgress>({
  workflowType: 'followUps',
  kind: 'follow-ups',
  policy: 'once',
  id: (input) => followUpsWorkflowId(input.accountId, input.firstItemId),
  progressQuery: followUpsProgressQuery,
  result: S.followUpsProgress,
  progress: S.followUpsProgress,
  summary: (input) => `Follow-ups after first DM ${input.firstItemId}`,
});

/** Every workflow contract: the single source for id kinds and status routes. */
export const WORKFLOW_CONTRACTS: readonly AnyContract[] = [
  importContactsContract,
  syncConversationsContract,
  syncContactsContract,
  rescoreContactsContract,
  dmSenderContract,
  sendDmWithContentContract,
  safariHostContract,
  webhookDispatcherContract,
  webhookEndpointContract,
  webhookTestContract,
  videoPostedOutreachContract,
  mediaPosterWatchContract,
  replyWatchContract,
  followUpsContract,
].filter(isWorkflowContract);

/** The id prefixes of this CRM's workflows: a status route looks up nothing else. */
export const WORKFLOW_KINDS: readonly string[] = WORKFLOW_CONTRACTS.map((c) => c.kind);

export function contractOfId(workflowId: string): AnyContract | undefined {
  return WORKFLOW_CONTRACTS.find((c) => workflowId.startsWith(`${c.kind}:`));
}
