import { defineQuery } from '@temporalio/workflow';
import type { InboxTab } from '../domain/types';
import { PROGRESS_QUERY_NAME } from './contract';
import type { WorkflowTiming } from './timing';

/** The syncConversations workflow's contract: its input, its progress, and its activities' shapes. */

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
  /** Profile lookups (browser calls) the identity step may make per listing; absent in older runs: 0. */
  profileLookups?: number;
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
  /** Absent from runs recorded before the identity step existed. */
  identity?: IdentityCounts;
  messagesAdded: number;
  messageEvents: number;
  scoresChanged: number;
  conflicts: number;
  /** The first threads read, for the original /api/sync/full answer; capped to keep history small. */
  threads: ThreadSummary[];
  truncated: boolean;
}

export const MAX_THREAD_SUMMARIES = 100;

export const syncProgressQuery = defineQuery<SyncProgress>(PROGRESS_QUERY_NAME);

/** What the identity step of a listing decided (src/domain/identity-plan.ts). */
export interface IdentityCounts {
  /** Pairs of contacts joined into one. */
  merged: number;
  /** Handles and thread ids contacts learned (from the evidence, not created anew). */
  attached: number;
  profileLookups: number;
  /** Rows held back: someone stored may be this person and nothing said who (ties). */
  deferred: number;
  /** Pairs the evidence points to but could not settle: newly noted / seen in this listing. */
  suspects: number;
  unsettled: number;
}

/**
 * What Safari listed, read in one activity and stored by the next (so a database outage retries
 * the write, not the browser listing). Only the fields the store uses travel through the history.
 */
export interface InboxListing {
  rows: {
    tab: InboxTab;
    username: string;
    displayName?: string;
    threadId?: string;
    lastMessage?: string;
    lastMessageIsOutbound?: boolean;
    unreadCount?: number;
  }[];
  /** The server's thread ids by handle (empty when it has none or did not answer). */
  registry: Record<string, string>;
  /** The server has no registry route (ccf4331): its rows show real handles. Absent (older runs): names may be display names. */
  namesAreHandles?: boolean;
}

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
  identity?: IdentityCounts;
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
