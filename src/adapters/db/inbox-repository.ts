import type { SupabaseClient } from '@supabase/supabase-js';
import type { ScoreUpdate } from '../../domain/rescoring';
import { z } from 'zod';
import { parseRow, unwrap } from './db-errors';
import { contactRowSchema, countsOf } from './row-schemas';
import type {
  ApplyReadsResult,
  ClaimedThread,
  InboxWriteCounts,
  KnownIdentity,
  ListingRowInput,
  SentDm,
  ThreadContactChange,
  ThreadOptOut,
  ThreadReadOutcome,
  ThreadReply,
} from './inbox-types';
import { contactChangeRows, latestSentDms, readRows, replyRows } from './inbox-read-rows';
import { optOutRow, pendingStatuses } from './opt-out-rows';
import { scoreRows } from './score-repository';
import { idChunks } from './id-chunks';
import { listingRows } from './inbox-listing-rows';
import { displayKey } from '../../domain/inbox-identity';

/**
 * Storage side of the inbox sync (see the crm_sync_inbox, crm_claim_threads and
 * crm_apply_thread_reads functions): one request per step, whatever the number of rows.
 */

export type * from './inbox-types';

export interface InboxRepository {
  /** Only the contacts these listing rows could match (thread id, handle or display name). */
  identitiesForListing(accountId: string, rows: { name: string; threadId: string | null }[]): Promise<KnownIdentity[]>;
  identitiesByUsernames(accountId: string, usernames: string[]): Promise<KnownIdentity[]>;
  storeListing(accountId: string, rows: ListingRowInput[]): Promise<InboxWriteCounts>;
  /** Claims up to `limit` queued threads (of these contacts only, when given), each with its stored tail. */
  claimThreads(
    accountId: string,
    token: string,
    limit: number,
    tail: number,
    contactIds: string[] | null,
  ): Promise<ClaimedThread[]>;
  /**
   * Writes the reads, and the given scores of the contacts whose reads were applied, in one
   * transaction; with them the opt-outs their new messages asked for (crm_set_opt_out), what they
   * change on their contacts (last intent, learned values) and the DMs they answer.
   */
  applyThreadReads(
    accountId: string,
    token: string,
    reads: ThreadReadOutcome[],
    scores: ScoreUpdate[],
    optOuts?: ThreadOptOut[],
    understood?: { contacts?: ThreadContactChange[]; replies?: ThreadReply[] },
  ): Promise<ApplyReadsResult>;
  /** The latest DM sent to each of these contacts (none for a contact never sent one). */
  latestSentDms(accountId: string, contactIds: string[]): Promise<SentDm[]>;
  /** Queues the threads of these contacts for reading (a one-contact sync). */
  queueThreads(accountId: string, contactIds: string[]): Promise<number>;
  /** Every stored conversation of the account with its contact's names, newest activity first. */
  listConversations(accountId: string): Promise<StoredConversation[]>;
}

export interface StoredConversation {
  tab: string;
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  preview: string | null;
  previewIsOutbound: boolean | null;
  unreadCount: number;
  lastMessageAt: string | null;
}

const conversationRows = z.array(
  z.object({
    tab: z.string(),
    thread_id: z.string().nullable(),
    last_message_preview: z.string().nullable(),
    last_message_is_outbound: z.boolean().nullable(),
    unread_count: z.number().int(),
    contacts: z
      .object({
        username: z.string().nullable(),
        display_name: z.string().nullable(),
        thread_id: z.string().nullable(),
        last_message_at: z.string().nullable(),
      })
      .nullable(),
  }),
);
/** PostgREST answers at most this many rows per request. */
const PAGE = 1000;

const identitySchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  display_name: z.string().nullable(),
  thread_id: z.string().nullable(),
});
type IdentityRow = z.infer<typeof identitySchema>;
const claimedSchema = z.object({
  conversationId: z.string(),
  contactId: z.string(),
  listingName: z.string().nullable(),
  listingNameShared: z.boolean(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  contact: contactRowSchema,
  messageCount: z.number().int().min(0),
  readBefore: z.boolean(),
  tail: z.array(z.object({ position: z.number().int(), text: z.string(), isOutbound: z.boolean() })),
});
const appliedSchema = z.object({
  applied: z.array(z.string()),
  scoreChanged: z.number().int(),
  messagesAdded: z.number().int(),
  eventsEmitted: z.number().int(),
  failed: z.number().int(),
  conflicts: z.number().int(),
  optedOut: z.number().int(),
  learned: z.number().int(),
  replies: z.number().int(),
});
const toIdentity = (r: IdentityRow): KnownIdentity => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  threadId: r.thread_id,
});

export function createInboxRepository(db: SupabaseClient): InboxRepository {
  return {
    async identitiesForListing(accountId, rows) {
      if (rows.length === 0) return [];
      const result = await db.rpc('crm_identities_for_listing', {
        p_account_id: accountId,
        p_thread_ids: [...new Set(rows.flatMap((r) => (r.threadId ? [r.threadId] : [])))],
        p_handles: [...new Set(rows.map((r) => r.name.trim().toLowerCase()))],
        p_display_keys: [...new Set(rows.map((r) => displayKey(r.name)))],
      });
      return parseRow(
        'read contacts a listing can match',
        z.array(identitySchema),
        unwrap<unknown>('read contacts a listing can match', result),
      ).map(toIdentity);
    },

    async identitiesByUsernames(accountId, usernames) {
      if (usernames.length === 0) return [];
      const result = await db.rpc('crm_contacts_by_usernames', { p_account_id: accountId, p_usernames: usernames });
      return parseRow(
        'read contacts by username',
        z.array(identitySchema),
        unwrap<unknown>('read contacts by username', result),
      ).map(toIdentity);
    },

    async storeListing(accountId, rows) {
      const p_rows = await listingRows(db, accountId, rows);
      const written = unwrap<unknown>(
        'store inbox listing',
        await db.rpc('crm_sync_inbox', { p_account_id: accountId, p_rows }),
      );
      return parseRow(
        'store inbox listing',
        countsOf([
          'found',
          'contactsCreated',
          'contactsUpdated',
          'conversationsCreated',
          'conversationsUpdated',
          'queued',
        ] as const),
        written,
      );
    },

    async claimThreads(accountId, token, limit, tail, contactIds) {
      const result = await db.rpc('crm_claim_threads', {
        p_account_id: accountId,
        p_token: token,
        p_limit: limit,
        p_tail: tail,
        p_contact_ids: contactIds,
      });
      return parseRow(
        'claim threads',
        z.array(claimedSchema),
        unwrap<unknown>('claim threads', result),
      ) as ClaimedThread[];
    },

    async applyThreadReads(accountId, token, reads, scores, optOuts = [], understood = {}) {
      const p_reads = readRows(reads);
      const p_scores = scoreRows(scores, 'sync');
      const p_opt_outs = optOuts.map((o) => ({ ...optOutRow(o.change), conversation_id: o.conversationId }));
      const args = {
        p_account_id: accountId,
        p_token: token,
        p_reads,
        p_scores,
        p_opt_outs,
        p_pending: pendingStatuses(),
        p_contacts: contactChangeRows(understood.contacts ?? []),
        p_replies: replyRows(understood.replies ?? []),
      };
      const result = await db.rpc('crm_apply_thread_reads', args);
      return parseRow('apply thread reads', appliedSchema, unwrap<unknown>('apply thread reads', result));
    },

    latestSentDms: (accountId, contactIds) => latestSentDms(db, accountId, contactIds),

    async listConversations(accountId) {
      const out: StoredConversation[] = [];
      for (let from = 0; ; from += PAGE) {
        const result = await db
          .from('conversations')
          .select(
            'tab, thread_id, last_message_preview, last_message_is_outbound, unread_count, contacts(username, display_name, thread_id, last_message_at)',
          )
          .eq('account_id', accountId)
          .order('updated_at', { ascending: false })
          .order('id')
          .range(from, from + PAGE - 1);
        const rows = parseRow('list conversations', conversationRows, unwrap<unknown>('list conversations', result));
        for (const r of rows) {
          out.push({
            tab: r.tab,
            username: r.contacts?.username ?? null,
            displayName: r.contacts?.display_name ?? null,
            threadId: r.thread_id ?? r.contacts?.thread_id ?? null,
            preview: r.last_message_preview,
            previewIsOutbound: r.last_message_is_outbound,
            unreadCount: r.unread_count,
            lastMessageAt: r.contacts?.last_message_at ?? null,
          });
        }
        if (rows.length < PAGE) return out;
      }
    },

    queueThreads: (accountId, contactIds) => queueThreads(db, accountId, contactIds),
  };
}

async function queueThreads(db: SupabaseClient, accountId: string, contactIds: string[]): Promise<number> {
  let queued = 0;
  for (const ids of idChunks(contactIds)) {
    const result = await db
      .from('conversations')
      .update({ needs_read: true })
      .eq('account_id', accountId)
      .in('contact_id', ids)
      .select('id');
    queued += parseRow(
      'queue threads',
      z.array(z.object({ id: z.string() })),
      unwrap<unknown>('queue threads', result),
    ).length;
  }
  return queued;
}
