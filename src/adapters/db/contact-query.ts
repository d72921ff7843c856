import type { SupabaseClient } from '@supabase/supabase-js';
import type { Intent } from '../../domain/intents';
import type { Contact, PipelineStage } from '../../domain/types';
import { rowToContact, type ContactRow } from './contact-rows';
import { unwrap } from './db-errors';
import { contactRows } from './row-schemas';
import type { ContactCursor, ContactSort, SortOrder } from './contact-cursor';

/**
 * One page of an account's contacts: filters, a sort with `id` as tie-breaker, and keyset paging
 * (the next page starts after the last row's key, so deep pages cost what the first one does and
 * rows written meanwhile never shift a page). Unscored, silent or nameless contacts (null sort
 * key) come last in either direction.
 */

// The cursor (and the sorts it names) has its own file; importers keep using this one.
export { CONTACT_SORTS, decodeCursor, encodeCursor } from './contact-cursor';
export type { ContactCursor, ContactSort, SortOrder } from './contact-cursor';

const SORT_COLUMN: Record<ContactSort, { column: string; nullable: boolean; defaultOrder: SortOrder }> = {
  score: { column: 'relationship_score', nullable: true, defaultOrder: 'desc' },
  recent: { column: 'last_message_at', nullable: true, defaultOrder: 'desc' },
  username: { column: 'username', nullable: true, defaultOrder: 'asc' },
  created: { column: 'created_at', nullable: false, defaultOrder: 'desc' },
};

export const defaultOrder = (sort: ContactSort): SortOrder => SORT_COLUMN[sort].defaultOrder;

export interface ContactListFilter {
  stage?: PipelineStage;
  minScore?: number;
  maxScore?: number;
  tag?: string;
  /** Their newest inbound message's intent. */
  intent?: Intent;
  /** Case-insensitive substring of username or display name, taken literally. */
  q?: string;
  sort: ContactSort;
  order: SortOrder;
  limit: number;
  after: ContactCursor | null;
}

export interface ContactPage {
  contacts: Contact[];
  next: ContactCursor | null;
}

/** A value inside a PostgREST logic tree (`or=(…)`): quoted, so `,.()` are data; `\` escapes `"` and `\`. */
export const quoteValue = (v: string | number) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`;

/**
 * The search term as a case-insensitive regular expression (`imatch`) that matches it literally.
 * Not `ilike`: PostgREST turns every `*` of a like pattern into `%`, so a literal `*` cannot be
 * searched that way. In Postgres regexes a backslash before a non-alphanumeric character makes it
 * literal, so every ASCII punctuation character is escaped; letters, digits and other text stay.
 */
export const literalRegex = (term: string) => term.replace(/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, '\\$&');

/** A one-element Postgres array literal for `cs` (contains), quoted so a tag with `,{}"` stays one tag. */
const arrayOf = (value: string) => `{"${value.replace(/[\\"]/g, '\\$&')}"}`;

export async function listContacts(
  db: SupabaseClient,
  accountId: string,
  filter: ContactListFilter,
): Promise<ContactPage> {
  const { column, nullable } = SORT_COLUMN[filter.sort];
  const ascending = filter.order === 'asc';
  let q = db.from('contacts').select('*').eq('account_id', accountId);
  if (filter.stage) q = q.eq('pipeline_stage', filter.stage);
  if (filter.minScore !== undefined) q = q.gte('relationship_score', filter.minScore);
  if (filter.maxScore !== undefined) q = q.lte('relationship_score', filter.maxScore);
  if (filter.tag) q = q.filter('tags', 'cs', arrayOf(filter.tag));
  if (filter.intent) q = q.eq('last_intent', filter.intent);
  if (filter.q) {
    const re = quoteValue(literalRegex(filter.q));
    q = q.or(`username.imatch.${re},display_name.imatch.${re}`);
  }
  if (filter.after) {
    const { value, id } = filter.after;
    const past = ascending ? 'gt' : 'lt';
    // Separate `or` parameters are ANDed by PostgREST, so this composes with the search above.
    if (value === null) q = q.is(column, null).filter('id', past, id);
    else {
      const v = quoteValue(value);
      const tail = nullable ? `,${column}.is.null` : '';
      q = q.or(`${column}.${past}.${v},and(${column}.eq.${v},id.${past}.${quoteValue(id)})${tail}`);
    }
  }
  q = q.order(column, { ascending, nullsFirst: false }).order('id', { ascending });
  // One row more than asked tells whether another page exists, without a count.
  const rows = contactRows('list contacts', unwrap<unknown>('list contacts', await q.limit(filter.limit + 1)));
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const next =
    rows.length > filter.limit && last
      ? { sort: filter.sort, order: filter.order, value: sortKey(last, column), id: last.id }
      : null;
  return { contacts: page.map(rowToContact), next };
}

function sortKey(row: ContactRow, column: string): string | number | null {
  return (row as unknown as Record<string, string | number | null>)[column] ?? null;
}
