import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { OriginalContact, OriginalMessage } from '../../domain/original-import';
import { parseRow, unwrap } from './db-errors';
import { idChunks } from './id-chunks';

/**
 * The original crm-server's tables in the same Supabase project (data-model.md §5.1), read only:
 * `instagram_contacts`, `instagram_conversations`, `instagram_messages`. Their rows were written by
 * scripts with few constraints, so every row is checked here; the richer later variant of the
 * schema adds columns this reads past.
 */

export interface OriginalTables {
  /** False when the project has no `instagram_contacts` table (nothing to import). */
  present(): Promise<boolean>;
  count(): Promise<number>;
  /** Contacts in id order after `afterId`, at most `limit` (≤ 1000). */
  contacts(afterId: string | null, limit: number): Promise<OriginalContact[]>;
  /** Thread ids of these contacts' conversations (original contact id → thread id). */
  threadIds(contactIds: string[]): Promise<Map<string, string>>;
  /** Every message of these contacts, oldest first per contact. */
  messages(contactIds: string[]): Promise<OriginalMessage[]>;
}

const textArray = z
  .array(z.string().nullable())
  .nullable()
  .optional()
  .transform((a) => (a ?? []).filter((s): s is string => s !== null));
const contactRow = z.object({
  id: z.string(),
  instagram_username: z.string(),
  display_name: z.string().nullable().optional(),
  relationship_score: z.number().nullable().optional(),
  pipeline_stage: z.string().nullable().optional(),
  what_theyre_building: z.string().nullable().optional(),
  current_friction: z.string().nullable().optional(),
  their_definition_of_win: z.string().nullable().optional(),
  asks_opinion: z.boolean().nullable().optional(),
  shares_updates: z.boolean().nullable().optional(),
  has_referred_others: z.boolean().nullable().optional(),
  fit_signals: textArray,
  tags: textArray,
  notes: z.string().nullable().optional(),
});
const messageRow = z.object({
  id: z.string(),
  contact_id: z.string().nullable(),
  message_text: z.string().nullable(),
  message_type: z.string().nullable().optional(),
  is_outbound: z.boolean().nullable(),
  sent_at: z.string().nullable(),
});
const PAGE = 1000;

export function createOriginalTables(db: SupabaseClient): OriginalTables {
  return {
    async present() {
      const result = await db.from('instagram_contacts').select('id').limit(1);
      // PGRST205 / 42P01: the table is not there (or not exposed), so there is nothing to import.
      if (result.error && ['PGRST205', '42P01', 'PGRST202'].includes(result.error.code ?? '')) return false;
      unwrap('look for the original contacts table', result);
      return true;
    },
    async count() {
      const result = await db.from('instagram_contacts').select('id', { count: 'exact', head: true });
      unwrap('count the original contacts', result);
      return result.count ?? 0;
    },
    async contacts(afterId, limit) {
      const op = 'read the original contacts';
      let q = db.from('instagram_contacts').select('*').order('id').limit(Math.min(limit, PAGE));
      if (afterId) q = q.gt('id', afterId);
      return parseRow(op, z.array(contactRow), unwrap<unknown>(op, await q));
    },
    async threadIds(contactIds) {
      const op = 'read the original conversations';
      const found = new Map<string, string>();
      for (const ids of idChunks(contactIds)) {
        const rows = unwrap<unknown>(
          op,
          await db
            .from('instagram_conversations')
            .select('contact_id,thread_id')
            .in('contact_id', ids)
            .order('created_at'),
        );
        for (const r of parseRow(
          op,
          z.array(z.object({ contact_id: z.string().nullable(), thread_id: z.string().nullable() })),
          rows,
        )) {
          if (r.contact_id && r.thread_id?.trim() && !found.has(r.contact_id))
            found.set(r.contact_id, r.thread_id.trim());
        }
      }
      return found;
    },
    async messages(contactIds) {
      const op = 'read the original messages';
      const all: OriginalMessage[] = [];
      for (const ids of idChunks(contactIds)) {
        for (let from = 0; ; from += PAGE) {
          const q = db
            .from('instagram_messages')
            .select('id,contact_id,message_text,message_type,is_outbound,sent_at')
            .in('contact_id', ids)
            .order('contact_id')
            .order('sent_at', { nullsFirst: true })
            .order('id')
            .range(from, from + PAGE - 1);
          const page = parseRow(op, z.array(messageRow), unwrap<unknown>(op, await q));
          all.push(
            ...page.map((m) => ({
              id: m.id,
              contactId: m.contact_id,
              text: m.message_text,
              messageType: m.message_type ?? null,
              isOutbound: m.is_outbound,
              sentAt: m.sent_at,
            })),
          );
          if (page.length < PAGE) break;
        }
      }
      return all;
    },
  };
}
