import { normalizeUsername } from './contact-fields';
import type { ExistingResolution, KnownContact, ListingRow } from './listing-types';

/** The known contacts of one listing, indexed, and what the listing has matched and taught so far (see inbox-identity.ts). */

const HANDLE = /^[a-z0-9._]{1,30}$/;

/** Instagram handles: 1–30 lower-case letters, digits, '.' and '_'. Anything else is a display name. */
export function looksLikeHandle(name: string): boolean {
  return HANDLE.test(name.trim());
}

/** How display names compare: case-insensitive, whitespace trimmed and collapsed. */
export function displayKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

export interface Row {
  name: string;
  threadId: string | null;
  handle: string | null;
  key: string;
}

/** Known contacts, plus what this listing has matched and taught about them so far. */
export interface Index {
  contacts: Map<string, KnownContact>;
  byThread: Map<string, string>;
  byHandle: Map<string, string>;
  byDisplay: Map<string, string[]>;
  matched: Map<string, ExistingResolution>;
}

export function parseRow(row: ListingRow): Row {
  const name = row.name.trim();
  return {
    name,
    threadId: row.threadId?.trim() || null,
    handle: looksLikeHandle(name) ? name : null,
    key: displayKey(name),
  };
}

export function indexKnown(known: readonly KnownContact[]): Index {
  const index: Index = {
    contacts: new Map(),
    byThread: new Map(),
    byHandle: new Map(),
    byDisplay: new Map(),
    matched: new Map(),
  };
  for (const contact of known) {
    index.contacts.set(contact.id, contact);
    const handle = contact.username ? normalizeUsername(contact.username) : '';
    const a = contact.aliases;
    for (const t of [contact.threadId, ...(a?.threadIds ?? [])])
      if (t && !index.byThread.has(t)) index.byThread.set(t, contact.id);
    for (const h of [handle, ...(a?.handles ?? [])]) if (h && !index.byHandle.has(h)) index.byHandle.set(h, contact.id);
    for (const key of new Set([displayKey(contact.displayName ?? ''), ...(a?.names ?? [])])) {
      if (!key) continue;
      const sharing = index.byDisplay.get(key);
      if (sharing) sharing.push(contact.id);
      else index.byDisplay.set(key, [contact.id]);
    }
  }
  return index;
}

export const threadOf = (index: Index, id: string): string | null =>
  index.contacts.get(id)?.threadId || index.matched.get(id)?.learned.threadId || null;

/** The contact's one resolution, with what this row teaches about it. */
export function claim(index: Index, id: string, row: Row): ExistingResolution {
  let resolution = index.matched.get(id);
  if (!resolution) index.matched.set(id, (resolution = { kind: 'existing', contactId: id, learned: {} }));
  if (row.threadId && !threadOf(index, id) && !index.byThread.has(row.threadId)) {
    resolution.learned.threadId = row.threadId;
    index.byThread.set(row.threadId, id);
  }
  const contact = index.contacts.get(id);
  const stored = displayKey(contact?.displayName ?? '');
  if (!row.handle && row.key && row.key !== stored) resolution.learned.displayName ??= row.name;
  // The same thread under a name it is not known by, shaped like a handle: that is its handle.
  const byThread = row.threadId !== null && index.byThread.get(row.threadId) === id;
  const knownName = row.key === stored || (contact?.aliases?.names ?? []).includes(row.key);
  if (row.handle && byThread && !contact?.username && !knownName && !index.byHandle.has(row.handle)) {
    resolution.learned.username ??= row.handle;
  }
  return resolution;
}
