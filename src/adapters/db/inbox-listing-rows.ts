import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { contactCreated, contactUpdated } from '../../domain/contact-events';
import { queuesRead, type StoredThreadState } from '../../domain/read-queue';
import { PIPELINE_STAGES } from '../../domain/types';
import { parseRow, unwrap } from './db-errors';
import { idChunks } from './id-chunks';
import type { ListingRowInput } from './inbox-types';

/**
 * What crm_sync_inbox takes: each listing row decided here from the contact and conversation as
 * stored (read first): a new contact's id and its contact.created event; a known contact's
 * contact.updated when the row teaches it a thread id or display name it lacked; whether the row
 * queues a read (domain/read-queue.ts); and what each decision was made from, so the write can
 * refuse or play safe when the row changed meanwhile.
 */

const conversation = z.object({
  last_message_preview: z.string().nullable(),
  last_message_is_outbound: z.boolean().nullable(),
  unread_count: z.number().int(),
  needs_read: z.boolean(),
  last_read_at: z.string().nullable(),
  last_read_error: z.string().nullable(),
  listing_name: z.string().nullable(),
});
const storedRows = z.array(
  z.object({
    id: z.string(),
    username: z.string().nullable(),
    display_name: z.string().nullable(),
    thread_id: z.string().nullable(),
    pipeline_stage: z.enum(PIPELINE_STAGES),
    relationship_score: z.number().int().nullable(),
    tags: z.array(z.string()),
    // One conversation per contact: PostgREST embeds it as an object, or a list when it cannot tell.
    conversations: z
      .union([conversation, z.array(conversation)])
      .nullable()
      .transform((c) => (Array.isArray(c) ? (c[0] ?? null) : c)),
  }),
);
type Stored = z.infer<typeof storedRows>[number];

async function readStored(db: SupabaseClient, accountId: string, ids: string[]): Promise<Map<string, Stored>> {
  const pages = await Promise.all(
    idChunks(ids).map(async (chunk) => {
      const result = await db
        .from('contacts')
        .select(
          'id, username, display_name, thread_id, pipeline_stage, relationship_score, tags, conversations(last_message_preview, last_message_is_outbound, unread_count, needs_read, last_read_at, last_read_error, listing_name)',
        )
        .eq('account_id', accountId)
        .in('id', chunk);
      return parseRow("read a listing's contacts", storedRows, unwrap<unknown>("read a listing's contacts", result));
    }),
  );
  return new Map(pages.flat().map((s) => [s.id, s]));
}

const threadState = (c: z.infer<typeof conversation> | null): StoredThreadState | null =>
  c && {
    preview: c.last_message_preview,
    previewIsOutbound: c.last_message_is_outbound,
    unreadCount: c.unread_count,
    needsRead: c.needs_read,
    lastReadAt: c.last_read_at,
    lastReadError: c.last_read_error,
    listingName: c.listing_name,
  };

/** The rows as crm_sync_inbox takes them. */
export async function listingRows(db: SupabaseClient, accountId: string, rows: ListingRowInput[]) {
  const stored = await readStored(db, accountId, [...new Set(rows.flatMap((r) => (r.contactId ? [r.contactId] : [])))]);
  return decided(rows, stored);
}

function decided(rows: ListingRowInput[], stored: Map<string, Stored>) {
  return rows.map((r) => {
    const known = r.contactId ? stored.get(r.contactId) : undefined;
    const conv = known?.conversations ?? null;
    const listed = {
      username: r.username,
      display_name: r.displayName,
      thread_id: r.threadId,
      listing_name: r.listingName,
      tab: r.tab,
      preview: r.preview,
      preview_is_outbound: r.previewIsOutbound,
      unread_count: r.unreadCount,
      read: queuesRead(threadState(conv), {
        preview: r.preview,
        previewIsOutbound: r.previewIsOutbound,
        unreadCount: r.unreadCount,
        listingName: r.listingName,
      }),
      seen_preview: conv?.last_message_preview ?? null,
      seen_outbound: conv?.last_message_is_outbound ?? null,
      seen_unread: conv?.unread_count ?? null,
    };
    if (!r.contactId) {
      const id = randomUUID();
      const event = contactCreated({
        id,
        username: r.username,
        displayName: r.displayName,
        pipelineStage: PIPELINE_STAGES[0],
        relationshipScore: null,
        tags: [],
      });
      return { ...listed, contact_id: id, is_new: true, event };
    }
    // Not found (merged away since it was matched): no event; the write goes on as it always did.
    if (!known) return { ...listed, contact_id: r.contactId, is_new: false, event: null };
    const changes = {
      ...(known.thread_id === null && r.threadId !== null ? { thread_id: r.threadId } : {}),
      ...(known.display_name === null && r.displayName !== null ? { display_name: r.displayName } : {}),
    };
    const after = {
      ...known,
      thread_id: known.thread_id ?? r.threadId,
      display_name: known.display_name ?? r.displayName,
    };
    const event =
      Object.keys(changes).length === 0
        ? null
        : contactUpdated(
            {
              id: after.id,
              username: after.username,
              displayName: after.display_name,
              pipelineStage: after.pipeline_stage,
              relationshipScore: after.relationship_score,
              tags: after.tags,
            },
            changes,
          );
    return {
      ...listed,
      contact_id: r.contactId,
      is_new: false,
      event,
      seen_thread_id: known.thread_id,
      seen_display_name: known.display_name,
    };
  });
}
