import {
  applyThreadEvidence,
  attach,
  factsOf,
  namesOf,
  ownerOfHandle,
  threadsOf,
  unresolved,
  type Attach,
  type Candidate,
  type Facts,
  type Merge,
  type Suspect,
} from './identity-facts';
import { applyProfiles, listedIds, noteNameTwins } from './identity-names';
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

export interface IdentityRow {
  name: string;
  threadId: string | null;
  preview: string | null;
  previewIsOutbound: boolean | null;
}

export interface IdentityInput {
  rows: readonly IdentityRow[];
  candidates: readonly Candidate[];
  /** The Safari server's thread registry: handle → thread id. */
  registry: Readonly<Record<string, string>>;
  /** Profile lookups answered in this sync: handle → full name (null: no such profile). */
  profiles: ReadonlyMap<string, string | null>;
  /** Merges (mergeKey) the database refused this time: the listing is resolved without them. */
  held?: ReadonlySet<string>;
  /** The server lists real handles (ccf4331, whose rows read the avatar's alt text); else a name may be anyone's display name. */
  namesAreHandles?: boolean;
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
  const f = factsOf(input.candidates, {
    held: input.held,
    resolve: { namesMayBeDisplayNames: !input.namesAreHandles },
  });
  applyThreadEvidence(f, input.rows, input.registry);
  applyProfiles(f, input.profiles, input.rows);
  const { deferred, lookups } = applyPreviews(f, input);
  noteNameTwins(f);
  const resolutions = resolveListing(input.rows, [...f.byId.values()], f.resolve);
  const handles = new Map<string, string>();
  for (const r of resolutions) {
    if (r.kind !== 'existing') continue;
    const c = f.byId.get(r.contactId)!;
    if (r.learned.username && !c.username) attach(f, c, { username: r.learned.username }, 'thread_id');
    if (c.username) handles.set(c.id, c.username);
  }
  deferred.push(...unsafeToOpen(f, input.rows, resolutions));
  return {
    resolutions,
    attach: f.attach,
    merges: f.merges,
    suspects: f.suspects,
    deferred: [...new Set(deferred)],
    lookups,
    handles,
  };
}

/**
 * Rows of a contact whose handle another row of this listing shows as its name, while the contact's
 * thread id is unknown: reading it by handle could open that other conversation, so not this time.
 */
function unsafeToOpen(f: Facts, rows: readonly IdentityRow[], resolutions: readonly Resolution[]): number[] {
  if (!f.resolve.namesMayBeDisplayNames) return [];
  const shownByOthers = new Set(
    rows.flatMap((row, i) => {
      const owner = ownerOfHandle(f, row.name.trim());
      const r = resolutions[i]!;
      return owner && !(r.kind === 'existing' && r.contactId === owner.id) ? [owner.id] : [];
    }),
  );
  return resolutions.flatMap((r, i) =>
    r.kind === 'existing' && shownByOthers.has(r.contactId) && !f.byId.get(r.contactId)!.threadId && !r.learned.threadId
      ? [i]
      : [],
  );
}

/** The last messages of the rows no known contact matches: only those need candidates by preview. */
export function previewsOfNewRows(
  rows: readonly IdentityRow[],
  candidates: readonly Candidate[],
  namesAreHandles = false,
): string[] {
  const resolutions = resolveListing(rows, candidates, { namesMayBeDisplayNames: !namesAreHandles });
  return [...new Set(rows.flatMap((r, i) => (resolutions[i]!.kind === 'new' && r.preview ? [r.preview] : [])))];
}

const previewKey = (p: { preview: string | null; previewIsOutbound: boolean | null }) =>
  p.preview ? `${p.previewIsOutbound ? 'out' : 'in'}:${displayKey(p.preview)}` : '';

/** Rows that would be new: an unlisted contact with the same last message may be the same person. */
function applyPreviews(f: Facts, input: IdentityInput): { deferred: number[]; lookups: string[] } {
  const first = resolveListing(input.rows, [...f.byId.values()], f.resolve);
  const listed = listedIds(f, input.rows, first);
  const byPreview = new Map<string, Candidate[]>();
  for (const c of f.byId.values()) {
    const key = previewKey(c);
    if (key && !listed.has(c.id)) byPreview.set(key, [...(byPreview.get(key) ?? []), c]);
  }
  const deferred: number[] = [];
  const urgent: string[] = [];
  input.rows.forEach((row, i) => {
    const r = first[i]!;
    // A row held back as maybe a known contact (its handle shown) is not a new name to place.
    if (r.kind !== 'new' || r.mayBe) return;
    const handle = looksLikeHandle(row.name.trim()) && !ownerOfHandle(f, row.name.trim()) ? row.name.trim() : null;
    const partners = (byPreview.get(previewKey(row)) ?? []).filter((c) => f.byId.has(c.id) && fits(c, row, handle));
    if (partners.length === 1 && handle) attach(f, partners[0]!, { username: handle }, 'preview');
    else if (partners.length === 1 && !handle) partners[0]!.aliases.names.push(displayKey(row.name));
    if (partners.length === 1) {
      f.resolve.identified.set(i, partners[0]!.id);
      return void listed.add(partners[0]!.id);
    }
    if (partners.length === 0) return;
    deferred.push(i);
    if (handle && !input.profiles.has(handle)) urgent.push(handle);
    for (const p of partners)
      if (p.username && !p.profileChecked && !input.profiles.has(p.username)) urgent.push(p.username);
  });
  const newNameRows = input.rows.some((r, i) => first[i]!.kind === 'new' && !looksLikeHandle(r.name.trim()));
  return { deferred, lookups: [...new Set([...urgent, ...wantedLookups(f, input, listed, newNameRows)])] };
}

/** A row and a stored contact of the other kind (handle / display name) that could be one person. */
function fits(c: Candidate, row: IdentityRow, handle: string | null): boolean {
  if (row.threadId && threadsOf(c).length > 0) return false;
  if (handle) return unresolved(c);
  const names = namesOf(c);
  return !!c.username && (names.length === 0 || names.includes(displayKey(row.name)));
}

/**
 * Lookups that could settle something now: a display-name contact the listing does not show may be
 * a handle's (a new handle row, or a handle contact whose name is unknown); a new display-name row
 * may be an unlisted handle contact's. An inbox whose listing matched everyone asks for none.
 */
function wantedLookups(f: Facts, input: IdentityInput, listed: ReadonlySet<string>, newNameRows: boolean): string[] {
  const all = [...f.byId.values()];
  const strayNames = all.some((c) => unresolved(c) && !listed.has(c.id));
  const nameless = all.filter((c) => c.username && namesOf(c).length === 0 && !c.profileChecked);
  const rowHandles = strayNames
    ? input.rows.map((r) => r.name.trim()).filter((n) => looksLikeHandle(n) && !ownerOfHandle(f, n))
    : [];
  const known = nameless.filter((c) => strayNames || (newNameRows && !listed.has(c.id))).map((c) => c.username!);
  return [...rowHandles, ...known].filter((h) => !input.profiles.has(h));
}
