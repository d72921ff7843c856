import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { ContactWriteResult } from '../../domain/contact-fields';
import {
  planContactWrites,
  type ContactItem,
  type ContactWritePlan,
  type StoredContact,
} from '../../domain/contact-writes';
import { DbError, parseRow, unwrap } from './db-errors';
import { contactRows } from './row-schemas';

/**
 * Creates or updates contacts: read them, plan (domain/contact-writes.ts), write the plan with its
 * events in one transaction (crm_upsert_contacts). A contact that changed between the read and the
 * write makes the write refuse, and the whole is planned again from a fresh read.
 */

/** Each round one writer of a contact wins (the write locks it before comparing): enough for a burst on one contact. */
const ATTEMPTS = 12;
/** A random pause before planning again, growing with each try, so racing writers spread out. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 5)));

async function readContacts(db: SupabaseClient, accountId: string, items: readonly ContactItem[]) {
  const ids = [...new Set(items.flatMap((i) => (i.id ? [i.id] : [])))];
  const names = [...new Set(items.flatMap((i) => (i.username ? [i.username.toLowerCase()] : [])))];
  const byName = names.length
    ? await db.rpc('crm_contacts_by_usernames', { p_account_id: accountId, p_usernames: names })
    : { data: [], error: null };
  const byId = ids.length
    ? await db.from('contacts').select('*').eq('account_id', accountId).in('id', ids)
    : { data: [], error: null };
  const rows = [
    ...contactRows('read contacts to write', unwrap<unknown>('read contacts to write', byName)),
    ...contactRows('read contacts to write', unwrap<unknown>('read contacts to write', byId)),
  ];
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** True when written; false when a contact moved on since the plan read it. */
async function writePlan(db: SupabaseClient, accountId: string, plan: ContactWritePlan): Promise<boolean> {
  const args = { p_account_id: accountId, p_creates: plan.creates, p_updates: plan.updates, p_events: plan.events };
  const result = await db.rpc('crm_upsert_contacts', args);
  if (result.error?.code === 'PT409') return false;
  return parseRow('write contacts', z.boolean(), unwrap<unknown>('write contacts', result));
}

export async function upsertContactItems(
  db: SupabaseClient,
  accountId: string,
  items: readonly ContactItem[],
): Promise<ContactWritePlan['results']> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    // contactRows checked each row (its pipeline_stage one of the stages).
    const plan = planContactWrites(
      items,
      (await readContacts(db, accountId, items)) as unknown as StoredContact[],
      randomUUID,
    );
    if (plan.creates.length + plan.updates.length === 0 || (await writePlan(db, accountId, plan))) return plan.results;
  }
  throw new DbError('DB_CONFLICT', `write contacts: they kept changing (${ATTEMPTS} attempts)`, true);
}

export function writeResult(results: ContactWritePlan['results']): ContactWriteResult {
  const contacts = results.flatMap((r) =>
    r.status === 'not_found' ? [] : [{ id: r.id, username: r.username!, status: r.status }],
  );
  const count = (s: string) => contacts.filter((c) => c.status === s).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), contacts };
}
