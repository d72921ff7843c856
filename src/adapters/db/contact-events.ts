import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { parseRow, unwrap } from './db-errors';

/**
 * The outbox events about one contact, newest first: those of the contact itself (contact.*,
 * message.*) and those of its outreach items (outreach.*, which name the contact in their payload).
 * Read for the dashboard's contact page (GET /api/contacts/{id}/events).
 */

const ContactEventRow = z.object({
  id: z.string(),
  seq: z.coerce.number().int(),
  type: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  entity_seq: z.number().int(),
  occurred_at: z.string(),
  payload: z.unknown(),
});
export type ContactEvent = z.infer<typeof ContactEventRow>;

export interface ContactEventReader {
  ofContact(accountId: string, contactId: string, limit: number): Promise<ContactEvent[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createContactEventReader(db: SupabaseClient): ContactEventReader {
  return {
    async ofContact(accountId, contactId, limit) {
      // The id goes into a PostgREST filter expression: only a contact's uuid is ever put there.
      if (!UUID.test(contactId)) throw new Error(`not a contact id: ${contactId}`);
      const result = await db
        .from('event_outbox')
        .select('id, seq, type, entity_type, entity_id, entity_seq, occurred_at, payload')
        .eq('account_id', accountId)
        .or(
          `and(entity_type.eq.contact,entity_id.eq.${contactId}),and(entity_type.eq.outreach_item,payload->>contact_id.eq.${contactId})`,
        )
        .order('seq', { ascending: false })
        .limit(limit);
      return parseRow(
        "read a contact's events",
        z.array(ContactEventRow),
        unwrap<unknown>("read a contact's events", result),
      );
    },
  };
}
