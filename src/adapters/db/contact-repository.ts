import type { SupabaseClient } from '@supabase/supabase-js';
import type { ContactFields, ContactWriteResult } from '../../domain/contact-fields';
import type { Contact } from '../../domain/types';
import { rowToContact, fieldsToRow, type ContactRow } from './contact-rows';
import { unwrap } from './db-errors';

export interface ContactRepository {
  /** Creates or updates (given fields only) in one transaction, writing contact events to the outbox. */
  upsertContacts(accountId: string, contacts: ContactFields[]): Promise<ContactWriteResult>;
  /** By uuid or by username. */
  getContact(accountId: string, idOrUsername: string): Promise<Contact | null>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createContactRepository(db: SupabaseClient): ContactRepository {
  return {
    async upsertContacts(accountId, contacts) {
      const result = await db.rpc('crm_upsert_contacts', {
        p_account_id: accountId,
        p_contacts: contacts.map(fieldsToRow),
      });
      return unwrap<ContactWriteResult>('upsert contacts', result);
    },

    async getContact(accountId, idOrUsername) {
      const column = UUID.test(idOrUsername) ? 'id' : 'username';
      const value = column === 'id' ? idOrUsername : idOrUsername.toLowerCase();
      const result = await db.from('contacts').select('*').eq('account_id', accountId).eq(column, value).maybeSingle();
      const row = unwrap<ContactRow | null>('get contact', result);
      return row ? rowToContact(row) : null;
    },
  };
}
