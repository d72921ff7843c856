import type { z } from 'zod';
import type { InboxTab } from '../../domain/types';
import type { SafariFailureCode, SafariOperation } from './outcomes';
import type * as s from './safari-schemas';

/**
 * The port the activities depend on. Every method resolves to a SafariResult: an expected server
 * answer (429, 503, 200 + success:false, a timeout…) is a value, never an exception. The only thing
 * that throws is the caller's own AbortSignal firing before the request left the queue.
 */

export type SafariResult<T> =
  | { ok: true; code: 'OK'; value: T }
  | {
      ok: false;
      code: SafariFailureCode;
      /** From retrySafe(code, operation): false means "do not repeat this call as it is". */
      retrySafe: boolean;
      message: string;
      operation: SafariOperation;
      httpStatus?: number;
    };

export type SafariProgressPhase = 'queued' | 'started' | 'waiting' | 'done';
export interface SafariProgress {
  operation: SafariOperation;
  phase: SafariProgressPhase;
  /** Since the call was made, queue time included. */
  elapsedMs: number;
}

/** For Temporal activities: heartbeat from onProgress, cancel through signal. */
export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (p: SafariProgress) => void;
}

export type Health = z.infer<typeof s.healthSchema>;
export type RateLimitStatus = z.infer<typeof s.rateLimitStatusSchema>;
export type SafariStatus = z.infer<typeof s.statusSchema>;
export type SessionStatus = z.infer<typeof s.sessionStatusSchema>;
export type Profile = z.infer<typeof s.profileSchema>['profile'];

/** A listing row as the server gave it; `username` may be a display name on HEAD. */
export interface SafariConversation {
  username: string;
  displayName?: string;
  threadId?: string;
  lastMessage?: string;
  lastMessageAt?: string;
  lastMessageIsOutbound?: boolean;
  unreadCount?: number;
}

/** No ids, rarely a timestamp: order in the array is the only position information. */
export interface SafariMessage {
  text: string;
  isOutbound: boolean;
  messageType: string;
  timestamp?: string;
}

export type AllConversations = Record<InboxTab, SafariConversation[]>;

export interface SendReceipt {
  username: string;
  messageId?: string;
  verified?: boolean;
  strategy?: string;
  rateLimits?: { messagesSentToday: number; messagesSentThisHour: number };
}

export interface ThreadRead {
  username: string;
  messages: SafariMessage[];
}

export interface SafariClient {
  health(o?: CallOptions): Promise<SafariResult<Health>>;
  rateLimits(o?: CallOptions): Promise<SafariResult<RateLimitStatus>>;
  status(o?: CallOptions): Promise<SafariResult<SafariStatus>>;
  /** HEAD only; NOT_FOUND on a ccf4331 server. */
  sessionStatus(o?: CallOptions): Promise<SafariResult<SessionStatus>>;
  navigateInbox(o?: CallOptions): Promise<SafariResult<{ currentUrl?: string }>>;
  /** Without a tab: the view as it is. With one: switch to it and list, as one locked step. */
  listConversations(tab?: InboxTab, o?: CallOptions): Promise<SafariResult<SafariConversation[]>>;
  listAllConversations(o?: CallOptions): Promise<SafariResult<AllConversations>>;
  openConversation(username: string, o?: CallOptions): Promise<SafariResult<{ username: string }>>;
  /** Reads whichever thread is open now; prefer readThread. */
  readMessages(limit: number, o?: CallOptions): Promise<SafariResult<SafariMessage[]>>;
  /** Opens the thread and reads it under one hold of the host lock, so nothing can switch threads between. */
  readThread(username: string, limit: number, o?: CallOptions): Promise<SafariResult<ThreadRead>>;
  startConversation(username: string, o?: CallOptions): Promise<SafariResult<{ username: string }>>;
  /** HEAD only; NOT_FOUND on a ccf4331 server. */
  profile(username: string, o?: CallOptions): Promise<SafariResult<Profile>>;
  /** HEAD only (`GET /api/threads`): handle → thread id, as far as the server has cached them; not a browser call. */
  threadRegistry(o?: CallOptions): Promise<SafariResult<Record<string, string>>>;
  /** HEAD only (`POST /api/threads/register`): opening this handle then goes straight to its thread. */
  registerThread(username: string, threadId: string, o?: CallOptions): Promise<SafariResult<{ username: string }>>;
  /** POST /api/messages/send-to. Never retried by the client; see retrySafe for what the caller may do. */
  sendTo(username: string, text: string, o?: CallOptions): Promise<SafariResult<SendReceipt>>;
}
