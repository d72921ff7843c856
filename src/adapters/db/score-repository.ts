import type { SupabaseClient } from '@supabase/supabase-js';
import { scoreChanged } from '../../domain/contact-events';
import type { ScoreUpdate, StoredScore } from '../../domain/rescoring';
import type { ScoreComponents } from '../../domain/scoring';
import type { Contact, Message, MessageType } from '../../domain/types';
import { rowToContact, type ContactRow } from './contact-rows';
import { parseRow, unwrap } from './db-errors';
import { contactRows, countsOf, messageRowSchema } from './row-schemas';
import { z } from 'zod';

/** Reading what scoring needs and writing back only the scores that moved (crm_record_scores). */

export interface ScoringRow {
  contact: Contact;
  stored: StoredScore;
}

export interface ScoreRepository {
  /** By lower-cased username; names not found are simply absent. Any number in one request (crm_contacts_by_usernames). */
  byUsernames(accountId: string, usernames: string[]): Promise<ScoringRow[]>;
  byIds(accountId: string, ids: string[]): Promise<ScoringRow[]>;
  /** Keyset page of an account's contacts, ordered by id. */
  page(accountId: string, afterId: string | null, limit: number): Promise<ScoringRow[]>;
  /** The newest `perContact` messages of each contact, oldest first. */
  recentMessages(contactIds: string[], perContact: number): Promise<Map<string, Message[]>>;
  /**
   * Writes the scores, each with its history row and event if it moved. `ifUnchanged`: only where
   * the contact is still as read (its updated_at), so a change made meanwhile is never overwritten.
   */
  record(
    accountId: string,
    updates: ScoreUpdate[],
    reason: string,
    o?: { ifUnchanged?: boolean },
  ): Promise<{ updated: number; scoreChanged: number }>;
}

export const toScoringRow = (r: ContactRow): ScoringRow => ({
  contact: rowToContact(r),
  stored: {
    score: r.relationship_score,
    components: r.score_components as ScoreComponents | null,
    resonance: r.resonance,
  },
});

/**
 * What crm_record_scores takes: each score with its contact.score_changed event (written only if
 * the score moved) and, for a compare-and-set, the updated_at it was computed from.
 */
export const scoreRows = (updates: ScoreUpdate[], reason: string, ifUnchanged = false) =>
  updates.map((u) => ({
    contact_id: u.contactId,
    score: u.score,
    components: u.components,
    resonance: u.resonance,
    event: scoreChanged(u, reason),
    ...(ifUnchanged ? { expected_at: u.readAt } : {}),
  }));

export function createScoreRepository(db: SupabaseClient): ScoreRepository {
  return {
    async byUsernames(accountId, usernames) {
      if (usernames.length === 0) return [];
      const result = await db.rpc('crm_contacts_by_usernames', { p_account_id: accountId, p_usernames: usernames });
      return contactRows('read contacts by username', unwrap<unknown>('read contacts by username', result)).map(
        toScoringRow,
      );
    },

    async byIds(accountId, ids) {
      if (ids.length === 0) return [];
      const result = await db.from('contacts').select('*').eq('account_id', accountId).in('id', ids);
      return contactRows('read contacts by id', unwrap<unknown>('read contacts by id', result)).map(toScoringRow);
    },

    async page(accountId, afterId, limit) {
      let q = db.from('contacts').select('*').eq('account_id', accountId);
      if (afterId) q = q.gt('id', afterId);
      return contactRows(
        'read contacts page',
        unwrap<unknown>('read contacts page', await q.order('id').limit(limit)),
      ).map(toScoringRow);
    },

    async recentMessages(contactIds, perContact) {
      const byContact = new Map<string, Message[]>();
      if (contactIds.length === 0) return byContact;
      const result = await db.rpc('crm_recent_messages', { p_contact_ids: contactIds, p_per_contact: perContact });
      for (const m of parseRow(
        'read recent messages',
        z.array(messageRowSchema.required({ contact_id: true })),
        unwrap<unknown>('read recent messages', result),
      )) {
        const list = byContact.get(m.contact_id) ?? [];
        list.push({
          position: m.position,
          text: m.message_text,
          isOutbound: m.is_outbound,
          messageType: m.message_type as MessageType,
          sentByAutomation: m.sent_by_automation,
          sentAt: m.sent_at,
        });
        byContact.set(m.contact_id, list);
      }
      return byContact;
    },

    async record(accountId, updates, reason, o) {
      if (updates.length === 0) return { updated: 0, scoreChanged: 0 };
      const result = await db.rpc('crm_record_scores', {
        p_account_id: accountId,
        p_scores: scoreRows(updates, reason, o?.ifUnchanged),
        p_reason: reason,
      });
      return parseRow(
        'record scores',
        countsOf(['updated', 'scoreChanged'] as const),
        unwrap<unknown>('record scores', result),
      );
    },
  };
}
