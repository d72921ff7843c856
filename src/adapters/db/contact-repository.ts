import type { SupabaseClient } from '@supabase/supabase-js';
import type { ContactFields, ContactWriteResult, ContactWriteStatus } from '../../domain/contact-fields';
import type { OptOutChange } from '../../domain/opt-out-changes';
import type { Intent } from '../../domain/intents';
import type { Contact, Message, MessageType } from '../../domain/types';
import { listContacts, type ContactListFilter, type ContactPage } from './contact-query';
import { rowToContact, fieldsToRow, type ContactRow } from './contact-rows';
import { parseRow, unwrap } from './db-errors';
import { contactRowOrNull, messageRowSchema } from './row-schemas';
import { z } from 'zod';
import { optOutResultsSchema, optOutRow, pendingStatuses, toOptOutResult, type OptOutResult } from './opt-out-rows';
import { toScoringRow, type ScoringRow } from './score-repository';
import { upsertContactItems, writeResult } from './contact-upsert';
import { UUID } from './values';

export interface ContactRepository {
  /** Creates or updates (given fields only) in one transaction, writing contact events to the outbox. */
  upsertContacts(accountId: string, contacts: ContactFields[]): Promise<ContactWriteResult>;
  /** Updates only the given fields of the contact with this id (in one transaction with its event); opting out is setOptOut. */
  updateContact(
    accountId: string,
    contactId: string,
    fields: Omit<ContactFields, 'username' | 'optedOut'>,
  ): Promise<ContactWriteStatus | 'not_found'>;
  /**
   * Opts contacts out or back in, each in one transaction with its opt-out fields, every DM still
   * waiting for them cancelled (opting out) and its event (when the state changes).
   */
  setOptOut(accountId: string, changes: OptOutChange[]): Promise<OptOutResult[]>;
  /** By uuid or by username. */
  getContact(accountId: string, idOrUsername: string): Promise<Contact | null>;
  /** The same contact with its stored score (components and resonance), by uuid or username. */
  getScored(accountId: string, idOrUsername: string): Promise<ScoringRow | null>;
  /** One filtered, sorted keyset page (see contact-query.ts). */
  listContacts(accountId: string, filter: ContactListFilter): Promise<ContactPage>;
  /** The newest `limit` messages of a contact, oldest first, and how many it has in all (one request). */
  messagesOf(
    accountId: string,
    contactId: string,
    limit: number,
  ): Promise<{ messages: StoredMessage[]; total: number }>;
}

/** A message as stored: its id, and an inbound one's intent (null for ours, or stored before intents). */
export interface StoredMessage extends Message {
  id: string;
  intent: Intent | null;
  intentReason: string | null;
}

export function createContactRepository(db: SupabaseClient): ContactRepository {
  async function readRow(accountId: string, idOrUsername: string): Promise<ContactRow | null> {
    const column = UUID.test(idOrUsername) ? 'id' : 'username';
    const value = column === 'id' ? idOrUsername : idOrUsername.toLowerCase();
    const result = await db.from('contacts').select('*').eq('account_id', accountId).eq(column, value).maybeSingle();
    const row = contactRowOrNull('get contact', unwrap<unknown>('get contact', result));
    if (row || column !== 'id') return row;
    // An id merged into another contact keeps answering, with the contact it became.
    const merged = await db
      .from('contact_merges')
      .select('survivor_id')
      .eq('account_id', accountId)
      .eq('absorbed_id', value)
      .maybeSingle();
    const survivor = parseRow(
      'resolve merged contact',
      z.object({ survivor_id: z.string() }).nullable(),
      unwrap<unknown>('resolve merged contact', merged),
    );
    if (!survivor) return null;
    const again = await db
      .from('contacts')
      .select('*')
      .eq('account_id', accountId)
      .eq('id', survivor.survivor_id)
      .maybeSingle();
    return contactRowOrNull('get contact', unwrap<unknown>('get contact', again));
  }

  return {
    async upsertContacts(accountId, contacts) {
      return writeResult(await upsertContactItems(db, accountId, contacts.map(fieldsToRow)));
    },

    async updateContact(accountId, contactId, fields) {
      if (!UUID.test(contactId)) return 'not_found';
      const [result] = await upsertContactItems(db, accountId, [{ ...fieldsToRow(fields), id: contactId }]);
      return result!.status;
    },

    async setOptOut(accountId, changes) {
      if (changes.length === 0) return [];
      const args = { p_account_id: accountId, p_changes: changes.map(optOutRow), p_pending: pendingStatuses() };
      const result = await db.rpc('crm_set_opt_out', args);
      return parseRow('set opt-out', optOutResultsSchema, unwrap<unknown>('set opt-out', result)).map(toOptOutResult);
    },

    async getContact(accountId, idOrUsername) {
      const row = await readRow(accountId, idOrUsername);
      return row ? rowToContact(row) : null;
    },

    async getScored(accountId, idOrUsername) {
      const row = await readRow(accountId, idOrUsername);
      return row ? toScoringRow(row) : null;
    },

    listContacts: (accountId, filter) => listContacts(db, accountId, filter),

    async messagesOf(accountId, contactId, limit) {
      const result = await db
        .from('messages')
        .select(
          'id, position, message_text, message_type, is_outbound, sent_by_automation, sent_at, intent, intent_reason',
          {
            count: 'exact',
          },
        )
        .eq('account_id', accountId)
        .eq('contact_id', contactId)
        .order('position', { ascending: false })
        .limit(limit);
      const rows = parseRow(
        'read messages',
        z.array(messageRowSchema.required({ id: true, intent: true, intent_reason: true })),
        unwrap<unknown>('read messages', result),
      );
      const messages = rows.reverse().map((m) => ({
        id: m.id,
        intent: m.intent,
        intentReason: m.intent_reason,
        position: m.position,
        text: m.message_text,
        isOutbound: m.is_outbound,
        messageType: m.message_type as MessageType,
        sentByAutomation: m.sent_by_automation,
        sentAt: m.sent_at,
      }));
      return { messages, total: result.count ?? messages.length };
    },
  };
}
