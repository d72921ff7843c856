import type { ExistingResolution, KnownContact, ListingRow } from './listing-types';
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
 * - `namesMayBeDisplayNames` (HEAD: a row shows a display name, and anyone can set theirs to someone
 *   else's handle): a known handle shown without the contact's thread id is weak evidence. Such a
 *   row is the contact's only when nothing contradicts it (the contact is not matched by another
 *   row, no other row shows that handle, nobody else is known by it as a name) and the contact's
 *   thread id is known (so reading it by handle goes to its own thread); it teaches nothing. A row
 *   that is surely someone else (its thread id is another) becomes a new contact; one that may be
 *   either is held back (`ambiguous`, `mayBe` the contact). The name is never matched as a display name.
 */

export type { ExistingResolution, KnownContact, LearnedFields, ListingRow } from './listing-types';
export interface NewResolution {
  kind: 'new';
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  /** Only a display name that other contacts share identifies this row: better not created. */
  ambiguous?: true;
  /** Held back: it may be this known contact (its handle shown, nothing to confirm it). */
  mayBe?: string;
}
export interface ResolveOptions {
  /** HEAD: a handle-shaped name may be anyone's display name (the last rule above). */
  namesMayBeDisplayNames?: boolean;
  /** Row index → the contact other evidence (e.g. its last message) says that row is. */
  identified?: ReadonlyMap<number, string>;
}
export type Resolution = ExistingResolution | NewResolution;

/** One resolution per row, in row order. O(rows + known). */
export function resolveListing(
  rows: readonly ListingRow[],
  known: readonly KnownContact[],
  options: ResolveOptions = {},
): Resolution[] {
  const index = indexKnown(known);
  const parsed = rows.map(parseRow);
  const weak = options.namesMayBeDisplayNames ?? false;
  const out: (Resolution | undefined)[] = parsed.map((row, i) => {
    const placed = options.identified?.get(i);
    return placed && index.contacts.has(placed) ? claim(index, placed, row) : matchStrong(index, row, weak);
  });
  for (const [i, row] of parsed.entries()) out[i] ??= matchDisplay(index, row, weak);
  // A thread id taught by a later row (handle or display match) still finds its contact here.
  for (const [i, row] of parsed.entries()) out[i] ??= matchThread(index, row);
  if (weak) {
    const showing = new Map<string, number>();
    for (const [i, row] of parsed.entries())
      if (!out[i] && row.handle) showing.set(row.handle, (showing.get(row.handle) ?? 0) + 1);
    for (const [i, row] of parsed.entries())
      out[i] ??= matchShownHandle(index, row, showing.get(row.handle ?? '') ?? 0);
  }
  const fresh = newIdentities(index);
  return parsed.map((row, i) => out[i] ?? fresh(row));
}

function matchStrong(index: Index, row: Row, weak: boolean): ExistingResolution | undefined {
  const byThread = row.threadId ? index.byThread.get(row.threadId) : undefined;
  if (byThread) return claim(index, byThread, row);
  const byHandle = row.handle && !weak ? index.byHandle.get(row.handle) : undefined;
  // The row's thread id is unknown, so a contact with a thread id is in another conversation.
  if (byHandle && !(row.threadId && threadOf(index, byHandle))) return claim(index, byHandle, row);
  return undefined;
}

/**
 * A known handle shown by a row no thread id tied to anyone (names may be display names): see the
 * last rule above. `showing`: the unresolved rows of this listing that show this handle.
 */
function matchShownHandle(index: Index, row: Row, showing: number): Resolution | undefined {
  const id = row.handle ? index.byHandle.get(row.handle) : undefined;
  if (!id) return undefined;
  const thread = threadOf(index, id);
  // Its thread id is another, or the contact is another row of this listing: someone else.
  if ((row.threadId && thread) || index.matched.has(id)) return row.threadId ? undefined : held(row, id);
  const namedSo = (index.byDisplay.get(row.key) ?? []).some((other) => other !== id);
  if (row.threadId || !thread || showing > 1 || namedSo) return held(row, id);
  return claim(index, id, row);
}

const held = (row: Row, mayBe: string): NewResolution => ({
  kind: 'new',
  username: null,
  displayName: row.name,
  threadId: row.threadId,
  ambiguous: true,
  mayBe,
});

function matchDisplay(index: Index, row: Row, weak: boolean): ExistingResolution | undefined {
  // A name that is a known handle may be that person's or anyone's: never matched by name alone.
  if (weak && row.handle && index.byHandle.has(row.handle)) return undefined;
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
    const byName =
      row.key && known === 0 && named.length === 1 && !(row.threadId && named[0]!.threadId) ? named[0] : undefined;
    const same =
      (row.threadId ? byThread.get(row.threadId) : undefined) ?? (handle ? byHandle.get(handle) : undefined) ?? byName;
    const resolution: NewResolution = same ?? { kind: 'new', username: null, displayName: null, threadId: null };
    const sharing = known + named.length;
    if (!resolution.threadId && row.threadId) byThread.set((resolution.threadId = row.threadId), resolution);
    if (!resolution.username && handle && !byHandle.has(handle))
      byHandle.set((resolution.username = handle), resolution);
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
