import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { ContactPromise } from '../../domain/promises';
import type { ScoreUpdate } from '../../domain/rescoring';
import { parseRow, unwrap } from './db-errors';
import { scoreRows } from './score-repository';

/** A contact's promises (contact_promises) and the locked write of one made or kept (crm_record_promise). */

/** At most this many promises are listed, newest first (PostgREST answers at most 1000 rows). */
export const MAX_LISTED_PROMISES = 500;

export interface PromiseWrite {
  contactId: string;
  /** The contact's updated_at as read: the write is refused ('changed') if it moved since. */
  expectedAt: string;
  /** The score (and its contact.score_changed event) computed from the contact with its counter moved. */
  scores: ScoreUpdate[];
  reason: string;
}

export type PromiseWritten =
  { status: 'applied'; promise: ContactPromise; scoreChanged: number } | { status: 'not_found' | 'changed' };

export interface PromiseRepository {
  list(accountId: string, contactId: string): Promise<ContactPromise[]>;
  get(accountId: string, contactId: string, promiseId: string): Promise<ContactPromise | null>;
  make(
    accountId: string,
    w: PromiseWrite & { text: string; due: string | null; madeAt: string },
  ): Promise<PromiseWritten>;
  keep(accountId: string, w: PromiseWrite & { promiseId: string; keptAt: string }): Promise<PromiseWritten>;
}

const promiseRow = z.object({
  id: z.string(),
  contact_id: z.string(),
  text: z.string(),
  due: z.string().nullable(),
  made_at: z.string(),
  kept_at: z.string().nullable(),
});
const toPromise = (r: z.infer<typeof promiseRow>): ContactPromise => ({
  id: r.id,
  contactId: r.contact_id,
  text: r.text,
  due: r.due,
  madeAt: r.made_at,
  keptAt: r.kept_at,
});
const written = z.union([
  z.object({ status: z.literal('applied'), promise: promiseRow, scoreChanged: z.number().int().min(0) }),
  z.object({ status: z.enum(['not_found', 'changed']) }),
]);
const COLUMNS = 'id, contact_id, text, due, made_at, kept_at';

export function createPromiseRepository(db: SupabaseClient): PromiseRepository {
  async function record(accountId: string, w: PromiseWrite, args: Record<string, unknown>): Promise<PromiseWritten> {
    const result = await db.rpc('crm_record_promise', {
      p_account_id: accountId,
      p_contact_id: w.contactId,
      p_expected_at: w.expectedAt,
      p_made: null,
      p_kept_id: null,
      p_kept_at: null,
      p_scores: scoreRows(w.scores, w.reason),
      p_reason: w.reason,
      ...args,
    });
    const r = parseRow('record promise', written, unwrap<unknown>('record promise', result));
    return r.status === 'applied' ? { ...r, promise: toPromise(r.promise) } : r;
  }

  return {
    async list(accountId, contactId) {
      const result = await db
        .from('contact_promises')
        .select(COLUMNS)
        .eq('account_id', accountId)
        .eq('contact_id', contactId)
        .order('made_at', { ascending: false })
        .order('id')
        .limit(MAX_LISTED_PROMISES);
      return parseRow('list promises', z.array(promiseRow), unwrap<unknown>('list promises', result)).map(toPromise);
    },

    async get(accountId, contactId, promiseId) {
      const result = await db
        .from('contact_promises')
        .select(COLUMNS)
        .eq('account_id', accountId)
        .eq('contact_id', contactId)
        .eq('id', promiseId)
        .maybeSingle();
      const row = parseRow('read promise', promiseRow.nullable(), unwrap<unknown>('read promise', result));
      return row ? toPromise(row) : null;
    },

    make: (accountId, w) => record(accountId, w, { p_made: { text: w.text, due: w.due, made_at: w.madeAt } }),
    keep: (accountId, w) => record(accountId, w, { p_kept_id: w.promiseId, p_kept_at: w.keptAt }),
  };
}
