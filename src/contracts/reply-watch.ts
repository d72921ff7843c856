import { defineQuery } from '@temporalio/workflow';
import { PROGRESS_QUERY_NAME } from './contract';
import type { WatchSkip } from '../domain/reply-watch';
import type { WorkflowTiming } from './timing';

export type { WatchGate, WatchSkip } from '../domain/reply-watch';

/**
 * The watchReplies workflow's contract: one tick of an account's reply watch (a Temporal Schedule,
 * REPLY_WATCH_INTERVAL). It lists only the tabs replies land in and reads only the threads whose
 * last message changed, with the sync's own listing store, identity rules and thread batches.
 */

/** The tabs a watch lists, in order: replies to our DMs land in primary, first messages in requests. */
export const WATCHED_TABS = ['primary', 'requests'] as const;
export type WatchedTab = (typeof WATCHED_TABS)[number];

export interface ReplyWatchInput {
  version: 1;
  accountId: string;
  /** Threads per batch and messages per thread read, as the sync's (SYNC_BATCH_SIZE, SYNC_READ_LIMIT). */
  batchSize: number;
  readLimit: number;
  /** Profile lookups the identity step may make per listing, as the sync's (SYNC_PROFILE_LOOKUPS). */
  profileLookups: number;
  timing: WorkflowTiming;
}

export interface ReplyWatchProgress {
  phase: 'checking' | 'listing' | 'reading' | 'done' | 'skipped';
  skipped: WatchSkip | null;
  explanation: string | null;
  tabsListed: WatchedTab[];
  conversationsFound: number;
  /** Threads waiting to be read after each tab's listing was stored (the account's whole queue), added up. */
  threadsQueued: number;
  threadsRead: number;
  threadsFailed: number;
  messagesAdded: number;
  messageEvents: number;
  /** outreach.awaiting_approval written by this tick (0 or 1). */
  approvalNotices: number;
}

export const replyWatchProgressQuery = defineQuery<ReplyWatchProgress>(PROGRESS_QUERY_NAME);
