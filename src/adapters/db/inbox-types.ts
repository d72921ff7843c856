import type { OutboxEvent } from '../../domain/events';
import type { Intent } from '../../domain/intents';
import type { OptOutChange } from '../../domain/opt-out-changes';
import type { ContactRow } from './contact-rows';

/** Shapes the inbox repository reads and writes (see the crm_sync_inbox, crm_claim_threads and crm_apply_thread_reads functions). */

export interface KnownIdentity {
  id: string;
  username: string | null;
  displayName: string | null;
  threadId: string | null;
}

export interface ListingRowInput {
  contactId: string | null;
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  /** What the Safari server calls the conversation (opens it); null keeps the stored one. */
  listingName: string | null;
  tab: string | null;
  preview: string | null;
  previewIsOutbound: boolean | null;
  unreadCount: number | null;
}

export interface InboxWriteCounts {
  found: number;
  contactsCreated: number;
  contactsUpdated: number;
  conversationsCreated: number;
  conversationsUpdated: number;
  queued: number;
}

export interface ClaimedThread {
  conversationId: string;
  contactId: string;
  listingName: string | null;
  /** Another conversation of the account was listed under the same name (two people, one display name). */
  listingNameShared: boolean;
  username: string | null;
  displayName: string | null;
  /** The contact as claimed, so the reader can score it without another request. */
  contact: ContactRow;
  messageCount: number;
  /** Read before: its new inbound messages are news (message.received), not a first read's history. */
  readBefore: boolean;
  tail: { position: number; text: string; isOutbound: boolean }[];
}

export interface NewMessageInput {
  /** Given when an opt-out names this message; otherwise the database picks one. */
  id?: string;
  text: string;
  isOutbound: boolean;
  messageType: string;
  sentAt: string | null;
  /** Its message.received event, written with it if the read is applied. */
  event?: OutboxEvent;
  /** An inbound message's intent and the phrase that decided it (src/domain/intents.ts). */
  intent?: Intent;
  intentReason?: string;
}

export type ThreadReadOutcome =
  | { conversationId: string; expectedCount: number; messages: NewMessageInput[] }
  | { conversationId: string; error: string };

/** A stored message of this conversation asked us to stop: applied with it, to the conversation's contact. */
export interface ThreadOptOut {
  conversationId: string;
  change: OptOutChange;
}

/** One learned value: written only where the field still holds `expected` (and was learned iff `wasLearned`). */
export interface LearnedWrite {
  value: string | string[];
  expected: string | string[] | null;
  wasLearned: boolean;
  /** Stored in the contact's learned_fields under the field's name. */
  source: unknown;
}

/** What a conversation's new messages change on its contact, decided in TypeScript. */
export interface ThreadContactChange {
  conversationId: string;
  /** The newest inbound message's intent and time; null when no inbound message came. */
  lastIntent: string | null;
  lastRepliedAt: string | null;
  learned: Record<string, LearnedWrite>;
}

/** A new message answering a DM we sent: marks the DM and writes its contact.replied, once per DM. */
export interface ThreadReply {
  conversationId: string;
  itemId: string;
  messageId: string;
  event: OutboxEvent;
}

/** The latest DM sent to a contact, as the reply rule reads it. */
export interface SentDm {
  itemId: string;
  contactId: string;
  campaign: string | null;
  sentAt: string;
  repliedAt: string | null;
}

export interface ApplyReadsResult {
  applied: string[];
  /** Scores (given with the reads) that moved, recorded in the same transaction. */
  scoreChanged: number;
  messagesAdded: number;
  eventsEmitted: number;
  failed: number;
  conflicts: number;
  /** Contacts opted out by what was stored (already opted out ones are not counted). */
  optedOut: number;
  /** Contacts that had at least one learned value written. */
  learned: number;
  /** DMs marked as replied (contact.replied written). */
  replies: number;
}
