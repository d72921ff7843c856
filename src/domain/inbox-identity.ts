import { claim, indexKnown, parseRow, threadOf, type Index, type Row } from './listing-index';

export { displayKey, looksLikeHandle } from './listing-index';

/**
 * Who is behind each row of an inbox listing. ccf4331 listings carry the handle in `username`;
 * HEAD listings usually carry the display name ("Maya Creates") there, sometimes with a thread id.
 *
 * Matching order: thread id (exact) → handle (names that look like one, case-insensitive) →
 * display name (case-insensitive, whitespace collapsed, only when exactly one candidate has it)
 * → new contact. Decisions, each a case in test/domain/inbox-identity.test.ts:
 * - A single lower-case word ("maya") looks like a handle although it may be a display name; when
 *   no contact has that handle, the display-name step still runs for it.
 * - A row with a thread id never joins a contact that has another thread id: two conversations
 *   are two people (for handles too: "maya" in another conversation is someone's display name).
 * - Thread ids learned in this listing count: a display-name row listed before the handle row of
 *   the same thread still finds that contact, even if someone else has the display name.
 * - Two known contacts sharing a display name: a row with only that name becomes a new contact
 *   marked `ambiguous`, as does a blank name; creating those would add a duplicate every sync.
 * - Rows that resolve to the same person share one resolution object: same thread id, same handle,
 *   or (as with known contacts) the single new identity of this listing with that display name.
 * - `learned` holds a thread id the contact lacked and a display name that differs from the stored
 *   one. A handle is learned only from a row whose thread id is the contact's and whose name is not
 *   one the contact is known by: a lone handle-shaped name may be someone's display name.
 * - Known contacts match by every thread id, handle and display name they were ever seen with
 *   (`aliases`), so a person listed by display name today and by handle tomorrow is recognised.
 */

export interface ListingRow { name: string; threadId?: string | null }
export interface KnownContact {
  id: string;
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  /** Every thread id, handle and display key (see displayKey) the contact was ever seen with. */
  aliases?: { threadIds: string[]; handles: string[]; names: string[] };
}
/** `username`: a handle-shaped row matched by thread id to a contact with no handle and another name. */
export interface LearnedFields { threadId?: string; displayName?: string; username?: string }
export interface ExistingResolution { kind: 'existing'; contactId: string; learned: LearnedFields }
export interface NewResolution {
  kind: 'new';
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  /** Only a display name that other contacts share identifies this row: better not created. */
  ambiguous?: true;
}
export type Resolution = ExistingResolution | NewResolution;

/** One resolution per row, in row order. O(rows + known). */
export function resolveListing(rows: readonly ListingRow[], known: readonly KnownContact[]): Resolution[] {
  const index = indexKnown(known);
  const parsed = rows.map(parseRow);
  const out: (Resolution | undefined)[] = parsed.map((row) => matchStrong(index, row));
  for (const [i, row] of parsed.entries()) out[i] ??= matchDisplay(index, row);
  // A thread id taught by a later row (handle or display match) still finds its contact here.
  const fresh = newIdentities(index);
  return parsed.map((row, i) => out[i] ?? matchThread(index, row) ?? fresh(row));
}

function matchStrong(index: Index, row: Row): ExistingResolution | undefined {
  const byThread = row.threadId ? index.byThread.get(row.threadId) : undefined;
  if (byThread) return claim(index, byThread, row);
  const byHandle = row.handle ? index.byHandle.get(row.handle) : undefined;
  // The row's thread id is unknown, so a contact with a thread id is in another conversation.
  if (byHandle && !(row.threadId && threadOf(index, byHandle))) return claim(index, byHandle, row);
  return undefined;
}

function matchDisplay(index: Index, row: Row): ExistingResolution | undefined {
  if (!row.key || (row.threadId && index.byThread.has(row.threadId))) return undefined;
  const ids = index.byDisplay.get(row.key) ?? [];
  const id = ids.length === 1 ? ids[0]! : undefined;
  if (!id || (row.threadId && threadOf(index, id))) return undefined;
  return claim(index, id, row);
}

function matchThread(index: Index, row: Row): ExistingResolution | undefined {
  const id = row.threadId ? index.byThread.get(row.threadId) : undefined;
  return id ? claim(index, id, row) : undefined;
}

/** New identities of this listing, shared by rows with the same thread id, handle or (unique) name. */
function newIdentities(index: Index): (row: Row) => NewResolution {
  const byThread = new Map<string, NewResolution>();
  const byHandle = new Map<string, NewResolution>();
  const byKey = new Map<string, NewResolution[]>();
  return (row) => {
    // A handle a known contact holds is not this unmatched row's: it is someone's display name.
    const handle = row.handle && !index.byHandle.has(row.handle) ? row.handle : null;
    const known = index.byDisplay.get(row.key)?.length ?? 0;
    const named = byKey.get(row.key) ?? [];
    const byName = row.key && known === 0 && named.length === 1 && !(row.threadId && named[0]!.threadId) ? named[0] : undefined;
    const same = (row.threadId ? byThread.get(row.threadId) : undefined) ?? (handle ? byHandle.get(handle) : undefined) ?? byName;
    const resolution: NewResolution = same ?? { kind: 'new', username: null, displayName: null, threadId: null };
    const sharing = known + named.length;
    if (!resolution.threadId && row.threadId) byThread.set((resolution.threadId = row.threadId), resolution);
    if (!resolution.username && handle && !byHandle.has(handle)) byHandle.set((resolution.username = handle), resolution);
    if (!resolution.displayName && !handle && row.name) {
      resolution.displayName = row.name;
      if (named.length === 0) byKey.set(row.key, named);
      named.push(resolution);
    }
    const nameOnly = !row.threadId && !handle;
    if (nameOnly && !same && (!row.key || sharing > 0)) resolution.ambiguous = true;
    return resolution;
  };
}
