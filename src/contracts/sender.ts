import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SenderBlock, SenderProgress } from '../domain/sender-view';
import type { OutreachStatus } from '../domain/outreach';
import { PROGRESS_QUERY_NAME } from './contract';
import type { RetryProfile, WorkflowTiming } from './timing';

/** The contract of an account's DM sender (dmSender) and of the DM workflow that waits on it. */

export interface SenderTiming {
  db: RetryProfile;
  /** Thread reads that verify a send whose outcome is unknown. */
  safari: RetryProfile;
  heartbeatTimeoutMs: number;
  /** The send activity's own limit: above the Safari client's send timeout, so a slow send still answers. */
  sendTimeoutMs: number;
  /** After a send got no answer the server may still be typing: wait this long before reading the thread. */
  quietMs: number;
  /** No session / Safari unreachable: retry after this, doubling up to maxMs. */
  sessionRetry: { initialMs: number; maxMs: number };
  /** Soft failures (and unanswered sends found absent) an item may have before it fails. */
  maxSoftRetries: number;
  /**
   * How long after an unanswered send began it may still land: absent at the first read-back, the
   * thread is read again once this has passed before the item goes back to the queue. Absent in
   * inputs recorded before it existed (DEFAULT_LATE_LANDING_MS then).
   */
  lateLandingMs?: number;
  /** Sends before the sender continues as new; it also does when its history grows past maxHistory. */
  sendsPerRun: number;
  maxHistory: number;
  /**
   * The run ends (either way above) only once no signal has come for this long, so that no signal
   * races its continue-as-new (see workflows/run-end.ts), or at twice maxHistory in a storm that never
   * pauses. Absent in inputs recorded before it existed (DEFAULT_LULL_MS then).
   */
  lullMs?: number;
}

export interface SenderCarry {
  /** The jittered gap drawn after the last send; negative: draw one. */
  gapMs: number;
  sessionFailures: number;
  /** Retry after a missing session or an unreachable server, not before. */
  retryAtMs: number | null;
  /** The Safari server's own active hours are closed until then (it answered OUTSIDE_HOURS). */
  serverClosedUntilMs: number | null;
  sent: number;
}

export interface DmSenderInput {
  version: 1;
  accountId: string;
  timing: SenderTiming;
  carry?: SenderCarry;
}

export type { SenderProgress };

export const senderProgressQuery = defineQuery<SenderProgress>(PROGRESS_QUERY_NAME);

export interface ProcessRequest {
  /** 'one': release the next ready item; 'all': keep releasing while every rule allows. */
  mode: 'one' | 'all';
}
export interface ProcessedItem {
  itemId: string;
  status: OutreachStatus;
  outcome: string | null;
  error: string | null;
}
export interface ProcessResult {
  items: ProcessedItem[];
  sent: number;
  failed: number;
  rateLimited: number;
  /** Why nothing more was sent now; null when the last step was a send and nothing was asked beyond. */
  blockedBy: SenderBlock | null;
  nextSendAt: string | null;
  explanation: string;
}

/** Items were queued, approved or cancelled: look at the queue again. */
export const queueChangedSignal = defineSignal<[{ reason: string }]>('queueChanged');
/** The account's settings or pause state changed: re-read them now. */
export const settingsChangedSignal = defineSignal<[{ reason: string }]>('settingsChanged');
export const processOutreachUpdate = defineUpdate<ProcessResult, [ProcessRequest]>('processOutreach');

/** The outcome of one item, sent to the workflow that waits for it (sendDmWithContent). */
export interface DmOutcome {
  itemId: string;
  status: OutreachStatus;
  outcome: string | null;
  error: string | null;
  sentAt: string | null;
}
export const dmOutcomeSignal = defineSignal<[DmOutcome]>('dmOutcome');

/** sendDmWithContent: one DM a person asked for, carried through the account's sender. */
export interface SendDmRequest {
  /** Contact id or handle. */
  contact: string;
  text?: string;
  template?: string;
  /** A stored template by id (absent in older inputs). */
  templateId?: string;
  variables?: Record<string, string>;
  videoId?: string;
}
/** The DM as the API composed it when it checked the request: the workflow's activity queues this text. */
export interface ComposedDmRequest {
  contactId: string;
  text: string;
  videoId: string | null;
  /** The stored template (and its version) that wrote the text, for the ledger (absent: none, or an older input). */
  template?: { id: string; version: number } | null;
}
export interface SendDmInput {
  version: 1;
  accountId: string;
  request: SendDmRequest;
  /** Absent in inputs started before the API composed the DM: those are composed by the activity. */
  composed?: ComposedDmRequest;
  /** The ledger key: the caller's idempotency key, or a digest of the request. */
  businessKey: string;
  requestId?: string;
  /** The API key that asked for it (its name), for the item's history (absent in older inputs). */
  by?: string;
  timing: WorkflowTiming;
  /** Should the outcome signal be missed (the item cancelled by hand), the item is re-read this often. */
  recheckMs: number;
}
export interface SendDmProgress {
  phase: 'preparing' | 'queued' | 'done';
  itemId: string | null;
  status: OutreachStatus | null;
  outcome: string | null;
  error: string | null;
  sentAt: string | null;
}
export const sendDmProgressQuery = defineQuery<SendDmProgress>(PROGRESS_QUERY_NAME);
