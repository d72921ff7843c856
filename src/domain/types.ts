import type { LearnedFields } from './learned-provenance';
import type { Intent } from './intents';

/**
 * The CRM's own vocabulary, shared by the domain engines, activities, repositories and API.
 * Repositories map database rows to these shapes; nothing here knows about storage.
 */

export const PIPELINE_STAGES = [
  'first_touch',
  'context_captured',
  'micro_win_delivered',
  'cadence_established',
  'trust_signals',
  'fit_repeats',
  'permissioned_offer',
  'post_win_expansion',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export const INBOX_TABS = ['primary', 'general', 'requests', 'hidden_requests'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

export const MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'story_reply', 'link'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const ACTION_LANES = ['friendship', 'service', 'offer', 'retention', 'rewarm'] as const;
export type ActionLane = (typeof ACTION_LANES)[number];

export interface Contact {
  id: string;
  accountId: string;
  /**
   * Instagram handle, lower-cased; unique per account. Null for someone known only by a display
   * name and a thread (the later Safari server lists display names, not handles).
   */
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  relationshipScore: number | null;
  pipelineStage: PipelineStage;
  whatTheyreBuilding: string | null;
  currentFriction: string | null;
  theirDefinitionOfWin: string | null;
  asksOpinion: boolean;
  sharesUpdates: boolean;
  hasReferredOthers: boolean;
  fitSignals: string[];
  tags: string[];
  notes: string | null;
  valueDeliveredCount: number;
  promisesKept: number;
  promisesMade: number;
  optedOut: boolean;
  /** The last opt-out: when, the phrase of their message that asked us to stop or 'manual', that message, who. */
  optedOutAt: string | null;
  optedOutReason: string | null;
  optedOutMessageId: string | null;
  optedOutBy: 'message' | 'user' | null;
  /** When a person last opted them back in. */
  optedInAt: string | null;
  totalMessagesSent: number;
  totalMessagesReceived: number;
  lastMessageAt: string | null;
  /** The newest inbound message's intent (src/domain/intents.ts) and when it came. */
  lastIntent: Intent | null;
  lastRepliedAt: string | null;
  /** The fields learned from their messages, each with its source; a field not here was typed or imported. */
  learnedFields: LearnedFields;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  /** Order in the thread, oldest first; Instagram gives no message ids. */
  position: number;
  text: string;
  isOutbound: boolean;
  messageType: MessageType;
  sentByAutomation: boolean;
  /** When Instagram showed a timestamp; usually null. */
  sentAt: string | null;
}
