import { defineQuery } from '@temporalio/workflow';
import type { ContactFields } from '../domain/contact-fields';
import type { InboxTab } from '../domain/types';

/**
 * Inputs, outputs, queries and signals of our workflows. Inputs carry a version from day one so a
 * later shape can be told apart from histories recorded with this one.
 */

/** A retry schedule; every number comes from config through the workflow's input. */
export interface RetryProfile {
  initialMs: number;
  maxMs: number;
  attempts: number;
}

export interface WorkflowTiming {
  db: RetryProfile;
  safari: RetryProfile;
  heartbeatTimeoutMs: number;
}

/** For inputs recorded before timing was part of them. */
export const DEFAULT_TIMING: WorkflowTiming = {
  db: { initialMs: 1_000, maxMs: 60_000, attempts: 20 },
  safari: { initialMs: 5_000, maxMs: 120_000, attempts: 10 },
  heartbeatTimeoutMs: 60_000,
};

export interface ImportContactsInput {
  version: 1;
  accountId: string;
  contacts: ContactFields[];
  timing?: WorkflowTiming;
  /** Request id of the API call that started it, for correlating logs. */
  requestId?: string;
}

export interface ImportContactsProgress {
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
}

export type SyncScope = { kind: 'inbox'; tab: InboxTab | 'all' } | { kind: 'contacts'; usernames: string[] };

export interface SyncConversationsInput {
  version: 1;
  accountId: string;
  scope: SyncScope;
  /** false: store the listing only (the original POST /api/sync/conversations). */
  readThreads: boolean;
  batchSize: number;
  readLimit: number;
  batchesPerRun: number;
  /** Batches run side by side (default 1); see SYNC_PARALLEL_BATCHES. */
  parallelBatches?: number;
  timing: WorkflowTiming;
  requestId?: string;
  /** Progress carried over by continue-as-new. */
  carry?: SyncProgress;
}

export interface ThreadSummary {
  name: string;
  found: number;
  saved: number;
  error?: string;
}

export interface SyncProgress {
  phase: 'listing' | 'reading' | 'done';
  runs: number;
  batches: number;
  conversationsFound: number;
  contactsCreated: number;
  contactsUpdated: number;
  threadsQueued: number;
  threadsRead: number;
  threadsFailed: number;
  /** Threads whose read did not overlap what was stored: worth a look if it grows. */
  threadGaps: number;
  /** Listing rows matching two known contacts by display name only: skipped, not guessed. */
  ambiguousRows: number;
  messagesAdded: number;
  messageEvents: number;
  scoresChanged: number;
  conflicts: number;
  /** The first threads read, for the original /api/sync/full answer; capped to keep history small. */
  threads: ThreadSummary[];
  truncated: boolean;
}

export const MAX_THREAD_SUMMARIES = 100;

/** What storing a listing (or queueing named contacts) did. */
export interface ListingCounts {
  found: number;
  /** Rows left out because their display name matches several known contacts and nothing else identifies them. */
  ambiguous?: number;
  contactsCreated: number;
  contactsUpdated: number;
  conversationsCreated: number;
  conversationsUpdated: number;
  queued: number;
}

export interface ThreadBatchRequest {
  accountId: string;
  /** Claim token: unique per batch and stable across the batch's retries. */
  token: string;
  batchSize: number;
  readLimit: number;
  /** Only these contacts' threads (a contact-scoped sync), or any queued thread. */
  usernames: string[] | null;
}

export interface ThreadBatchResult {
  claimed: number;
  read: number;
  failed: number;
  /** Reads that did not overlap the stored thread: messages between may be missing (see thread-merge). */
  gaps: number;
  messagesAdded: number;
  messageEvents: number;
  scoresChanged: number;
  conflicts: number;
  threads: ThreadSummary[];
}

export interface RescoreContactsInput {
  version: 1;
  accountId: string;
  /** Rows per activity (one read, one write); at most the data API's 1000-row page. */
  pageSize: number;
  pagesPerRun: number;
  reason: string;
  timing: WorkflowTiming;
  carry?: RescoreProgress;
}

export interface RescorePageResult {
  scanned: number;
  updated: number;
  scoreChanged: number;
  nextAfterId: string | null;
}

export interface RescoreProgress {
  pages: number;
  scanned: number;
  updated: number;
  scoreChanged: number;
  afterId: string | null;
  done: boolean;
}

/** Every long-running workflow answers this query with its own progress shape. */
export const getProgressQuery = defineQuery<unknown>('getProgress');
