import {
  applyThreadEvidence, attach, factsOf, merge, namesOf, ownerOfHandle, suspect, threadsOf, unresolved,
  type Attach, type Candidate, type Facts, type Merge, type Suspect,
} from './identity-facts';
import { displayKey, looksLikeHandle, resolveListing, type Resolution } from './inbox-identity';

/**
 * Who is who in one listing of the later Safari server, whose rows show a display name or a handle
 * from one listing to the next. Evidence, strongest first (each decision a case in
 * test/domain/identity-plan.test.ts):
 * 1. the same thread id seen with both names; the server's thread registry (handle → thread id);
 * 2. a profile lookup's full name, when exactly one contact known only by a display name carries it;
 * 3. the same last-message preview and direction, when exactly one candidate has it.
 * Two rows of one listing are two conversations, so a contact matched by another row of this
 * listing is never a candidate. A tie joins nothing: a row whose person might already be stored
 * is held back (`deferred`) rather than created twice, and the profile lookups that would settle
 * it are asked for (`lookups`, most useful first).
 */

export interface IdentityRow { name: string; threadId: string | null; preview: string | null; previewIsOutbound: boolean | null }

export interface IdentityInput {
  rows: readonly IdentityRow[];
  candidates: readonly Candidate[];
  /** The Safari server's thread registry: handle → thread id. */
  registry: Readonly<Record<string, string>>;
  /** Profile lookups answered in this sync: handle → full name (null: no such profile). */
  profiles: ReadonlyMap<string, string | null>;
}

export interface IdentityPlan {
  resolutions: Resolution[];
  attach: Attach[];
  merges: Merge[];
  suspects: Suspect[];
  /** Rows not stored this time: someone already stored may be this person, and nothing says who. */
  deferred: number[];
  lookups: string[];
  /** The handle of each contact a row resolved to, when it has one: conversations open by it. */
  handles: Map<string, string>;
}

export function planIdentities(input: IdentityInput): IdentityPlan {
  const f = factsOf(input.candidates);
  applyThreadEvidence(f, input.rows, input.registry);
  applyProfiles(f, input.profiles, input.rows);
  const { deferred, lookups } = applyPreviews(f, input);
  const resolutions = resolveListing(input.rows, [...f.byId.values()]);
  const handles = new Map<string, string>();
  for (const r of resolutions) {
    if (r.kind !== 'existing') continue;
    const c = f.byId.get(r.contactId)!;
    if (r.learned.username && !c.username) attach(f, c, { username: r.learned.username }, 'thread_id');
    if (c.username) handles.set(c.id, c.username);
  }
  return { resolutions, attach: f.attach, merges: f.merges, suspects: f.suspects, deferred, lookups, handles };
}

/**
 * Contacts this listing shows: those its rows resolve to, and every contact carrying the name of
 * a row that could be several of them (an ambiguous row may be any one of those).
 */
function listedIds(f: Facts, rows: readonly IdentityRow[]): Set<string> {
  const resolutions = resolveListing(rows, [...f.byId.values()]);
  const listed = new Set(resolutions.flatMap((r) => (r.kind === 'existing' ? [r.contactId] : [])));
  const ambiguous = new Set(rows.filter((_, i) => { const r = resolutions[i]!; return r.kind === 'new' && r.ambiguous; }).map((r) => displayKey(r.name)));
  if (ambiguous.size > 0) for (const c of f.byId.values()) if (namesOf(c).some((k) => ambiguous.has(k))) listed.add(c.id);
  return listed;
}

/**
 * A handle's full name: the one display-name contact carrying it is that person, unless both are
 * listed, another handle has the same name, or the listing shows two conversations under it.
 */
function applyProfiles(f: Facts, answered: ReadonlyMap<string, string | null>, rows: readonly IdentityRow[]): void {
  const listed = listedIds(f, rows);
  const shownUnder = new Map<string, number>();
  for (const r of rows) shownUnder.set(displayKey(r.name), (shownUnder.get(displayKey(r.name)) ?? 0) + 1);
  const named = (c: Candidate) => displayKey((answered.has(c.username ?? '') ? answered.get(c.username!) : c.profileName) ?? '');
  const handlesByName = new Map<string, number>();
  for (const c of f.byId.values()) if (c.username && named(c)) handlesByName.set(named(c), (handlesByName.get(named(c)) ?? 0) + 1);
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

function displayOnlyByName(f: Facts): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>();
  for (const c of f.byId.values()) {
    if (!unresolved(c)) continue;
    for (const key of namesOf(c)) out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}

const previewKey = (p: { preview: string | null; previewIsOutbound: boolean | null }) =>
  p.preview ? `${p.previewIsOutbound ? 'out' : 'in'}:${displayKey(p.preview)}` : '';

/** Rows that would be new: an unlisted contact with the same last message may be the same person. */
function applyPreviews(f: Facts, input: IdentityInput): { deferred: number[]; lookups: string[] } {
  const first = resolveListing(input.rows, [...f.byId.values()]);
  const listed = listedIds(f, input.rows);
  const byPreview = new Map<string, Candidate[]>();
  for (const c of f.byId.values()) {
    const key = previewKey(c);
    if (key && !listed.has(c.id)) byPreview.set(key, [...(byPreview.get(key) ?? []), c]);
  }
  const deferred: number[] = [];
  const urgent: string[] = [];
  input.rows.forEach((row, i) => {
    if (first[i]!.kind !== 'new') return;
    const handle = looksLikeHandle(row.name.trim()) && !ownerOfHandle(f, row.name.trim()) ? row.name.trim() : null;
    const partners = (byPreview.get(previewKey(row)) ?? []).filter((c) => f.byId.has(c.id) && fits(c, row, handle));
    if (partners.length === 1 && handle) attach(f, partners[0]!, { username: handle }, 'preview');
    else if (partners.length === 1 && !handle) partners[0]!.aliases.names.push(displayKey(row.name));
    if (partners.length === 1) return void listed.add(partners[0]!.id);
    if (partners.length === 0) return;
    deferred.push(i);
    if (handle && !input.profiles.has(handle)) urgent.push(handle);
    for (const p of partners) if (p.username && !p.profileChecked && !input.profiles.has(p.username)) urgent.push(p.username);
  });
  return { deferred, lookups: [...new Set([...urgent, ...wantedLookups(f, input)])] };
}

/** A row and a stored contact of the other kind (handle / display name) that could be one person. */
function fits(c: Candidate, row: IdentityRow, handle: string | null): boolean {
  if (row.threadId && threadsOf(c).length > 0) return false;
  if (handle) return unresolved(c);
  const names = namesOf(c);
  return !!c.username && (names.length === 0 || names.includes(displayKey(row.name)));
}

/** Handles whose full name is unknown, while someone is known only by a display name. */
function wantedLookups(f: Facts, input: IdentityInput): string[] {
  const all = [...f.byId.values()];
  const nameOnlyRows = input.rows.some((r) => !looksLikeHandle(r.name.trim()));
  if (!nameOnlyRows && !all.some(unresolved)) return [];
  const rowHandles = input.rows.map((r) => r.name.trim()).filter((n) => looksLikeHandle(n) && !ownerOfHandle(f, n));
  const known = all.filter((c) => c.username && namesOf(c).length === 0 && !c.profileChecked).map((c) => c.username!);
  return [...rowHandles, ...known].filter((h) => !input.profiles.has(h));
}

