import {
  attach,
  merge,
  namesOf,
  ownerOfHandle,
  suspect,
  threadsConflict,
  unresolved,
  type Candidate,
  type Facts,
} from './identity-facts';
import { displayKey, looksLikeHandle, resolveListing, type Resolution } from './inbox-identity';

/** The display-name side of the identity step: who a listing shows, profile full names, namesakes. */

export interface NamedRow {
  name: string;
  threadId: string | null;
}

/**
 * Contacts this listing shows: those its rows resolve to (or may be), and every contact carrying the name of
 * a row that could be several of them (an ambiguous row may be any one of those).
 */
export function listedIds(
  f: Facts,
  rows: readonly NamedRow[],
  resolutions: readonly Resolution[] = resolveListing(rows, [...f.byId.values()], f.resolve),
): Set<string> {
  // A row held back because it may be a contact (its handle shown) counts as showing that contact.
  const listed = new Set(
    resolutions.flatMap((r) => (r.kind === 'existing' ? [r.contactId] : r.mayBe ? [r.mayBe] : [])),
  );
  const ambiguous = new Set(
    rows
      .filter((_, i) => {
        const r = resolutions[i]!;
        return r.kind === 'new' && r.ambiguous;
      })
      .map((r) => displayKey(r.name)),
  );
  if (ambiguous.size > 0)
    for (const c of f.byId.values()) if (namesOf(c).some((k) => ambiguous.has(k))) listed.add(c.id);
  return listed;
}

/**
 * A handle's full name: the one display-name contact carrying it is that person, unless both are
 * listed, another handle has the same name, or the listing shows two conversations under it.
 */
export function applyProfiles(f: Facts, answered: ReadonlyMap<string, string | null>, rows: readonly NamedRow[]): void {
  const listed = listedIds(f, rows);
  const shownUnder = new Map<string, number>();
  for (const r of rows) shownUnder.set(displayKey(r.name), (shownUnder.get(displayKey(r.name)) ?? 0) + 1);
  const named = (c: Candidate) =>
    displayKey((answered.has(c.username ?? '') ? answered.get(c.username!) : c.profileName) ?? '');
  const handlesByName = new Map<string, number>();
  for (const c of f.byId.values())
    if (c.username && named(c)) handlesByName.set(named(c), (handlesByName.get(named(c)) ?? 0) + 1);
  const byName = displayOnlyByName(f);
  for (const c of [...f.byId.values()]) {
    if (!c.username || !f.byId.has(c.id)) continue;
    const name = answered.has(c.username) ? answered.get(c.username) : c.profileName;
    const key = displayKey(name ?? '');
    if (!key) continue;
    if (!c.displayName) c.displayName = name!;
    if (!c.aliases.names.includes(key)) c.aliases.names.push(key);
    const partners = (byName.get(key) ?? []).filter((p) => f.byId.has(p.id) && !(listed.has(p.id) && listed.has(c.id)));
    const crowded = (handlesByName.get(key) ?? 0) > 1 || (shownUnder.get(key) ?? 0) > 1;
    const detail = { handle: c.username, fullName: name! };
    if (partners.length === 1 && !crowded) merge(f, c, partners[0]!, 'profile', detail);
    // A last message shared too would not settle it: short ones ("ok") are common to many threads.
    else for (const p of partners) suspect(f, c, p, 'profile_tie', detail);
  }
  // A handle row nobody has yet: the one unlisted display-name contact with its full name is it.
  for (const row of rows) {
    const handle = row.name.trim();
    const key = displayKey(answered.get(handle) ?? '');
    if (!key || !looksLikeHandle(handle) || ownerOfHandle(f, handle)) continue;
    const partners = (byName.get(key) ?? []).filter((p) => f.byId.has(p.id) && !listed.has(p.id) && unresolved(p));
    const crowded = (handlesByName.get(key) ?? 0) > 0 || (shownUnder.get(key) ?? 0) > 0;
    if (partners.length === 1 && !crowded) attach(f, partners[0]!, { username: handle }, 'profile');
  }
}

/**
 * Two contacts known only by the same display name, not told apart by their threads: perhaps one
 * person stored twice (a row with a thread id nobody knew, under a shared name). Nothing joins
 * them; the user is told.
 */
export function noteNameTwins(f: Facts): void {
  for (const [name, group] of displayOnlyByName(f)) {
    for (let i = 0; i < group.length; i++) {
      // A few neighbours each: a name hundreds share ("Alex") must not note tens of thousands of pairs.
      for (let j = i + 1; j < group.length && j < i + 4; j++) {
        if (!threadsConflict(group[i]!, group[j]!)) suspect(f, group[i]!, group[j]!, 'same_name', { name });
      }
    }
  }
}

export function displayOnlyByName(f: Facts): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>();
  for (const c of f.byId.values()) {
    if (!unresolved(c)) continue;
    for (const key of namesOf(c)) out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}
