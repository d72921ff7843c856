import { displayKey, looksLikeHandle, type KnownContact, type ResolveOptions } from './inbox-identity';

/**
 * What the identity step knows about the contacts a listing concerns, as a mutable in-memory
 * model: evidence is applied to it (a handle attached, two contacts merged) exactly as the
 * database will apply it, so the listing is then resolved against the world after the decisions.
 */

export type Evidence = 'thread_id' | 'registry' | 'profile' | 'preview' | 'user';

export interface Candidate extends KnownContact {
  aliases: { threadIds: string[]; handles: string[]; names: string[] };
  preview: string | null;
  previewIsOutbound: boolean | null;
  /** The full name a profile lookup of its handle answered (remembered); null: none or not looked up. */
  profileName: string | null;
  profileChecked: boolean;
}

export interface Attach {
  contactId: string;
  username?: string;
  threadId?: string;
  evidence: Evidence;
}
export interface Merge {
  survivorId: string;
  absorbedId: string;
  evidence: Evidence;
  detail: Record<string, string>;
}
export interface Suspect {
  a: string;
  b: string;
  reason: string;
  detail: Record<string, string>;
}

export interface Facts {
  byId: Map<string, Candidate>;
  /** Thread id → contact id, handle → contact id; kept in step with attach and merge. */
  threads: Map<string, string>;
  handles: Map<string, string>;
  attach: Attach[];
  merges: Merge[];
  suspects: Suspect[];
  /** Merges the database refused this time (a DM going out): planned as if the evidence were not there. */
  held: ReadonlySet<string>;
  /** How this listing's rows are resolved: whether a name may be a display name, and (`identified`,
   * filled as evidence is applied) row index → the contact other evidence says that row is. */
  resolve: ResolveOptions & { identified: Map<number, string> };
}

export const mergeKey = (survivorId: string, absorbedId: string) => `${survivorId}>${absorbedId}`;

export function factsOf(
  candidates: readonly Candidate[],
  o: { held?: ReadonlySet<string>; resolve?: ResolveOptions } = {},
): Facts {
  const resolve = { ...o.resolve, identified: new Map<number, string>() };
  const f: Facts = {
    byId: new Map(),
    threads: new Map(),
    handles: new Map(),
    attach: [],
    merges: [],
    suspects: [],
    held: o.held ?? new Set(),
    resolve,
  };
  for (const c of candidates) {
    const copy = {
      ...c,
      aliases: { threadIds: [...c.aliases.threadIds], handles: [...c.aliases.handles], names: [...c.aliases.names] },
    };
    f.byId.set(c.id, copy);
    index(f, copy);
  }
  return f;
}

function index(f: Facts, c: Candidate): void {
  for (const t of threadsOf(c)) if (!f.threads.has(t)) f.threads.set(t, c.id);
  for (const h of [c.username, ...c.aliases.handles]) if (h && !f.handles.has(h)) f.handles.set(h, c.id);
}

export const threadsOf = (c: Candidate): string[] => [
  ...new Set([c.threadId, ...c.aliases.threadIds].filter((t): t is string => !!t)),
];
export const namesOf = (c: Candidate): string[] => [
  ...new Set([displayKey(c.displayName ?? ''), ...c.aliases.names].filter(Boolean)),
];
export const unresolved = (c: Candidate): boolean => !c.username;

export function ownerOfThread(f: Facts, threadId: string): Candidate | undefined {
  const id = f.threads.get(threadId);
  return id ? f.byId.get(id) : undefined;
}

export function ownerOfHandle(f: Facts, handle: string): Candidate | undefined {
  const id = f.handles.get(handle);
  return id ? f.byId.get(id) : undefined;
}

/** Two contacts that cannot be one person: each was seen in its own thread. */
export function threadsConflict(a: Candidate, b: Candidate): boolean {
  const ta = threadsOf(a);
  const tb = threadsOf(b);
  return ta.length > 0 && tb.length > 0 && !ta.some((t) => tb.includes(t));
}

export function attach(
  f: Facts,
  c: Candidate,
  fields: { username?: string; threadId?: string },
  evidence: Evidence,
): void {
  if (fields.username) {
    c.username = fields.username;
    c.aliases.handles.push(fields.username);
  }
  if (fields.threadId) {
    c.threadId ??= fields.threadId;
    c.aliases.threadIds.push(fields.threadId);
  }
  index(f, c);
  f.attach.push({ contactId: c.id, ...fields, evidence });
}

/** Handles `absorbed` was ever known by that `survivor` was not: another account's, never joined by evidence. */
const otherHandles = (survivor: Candidate, absorbed: Candidate): boolean =>
  [absorbed.username, ...absorbed.aliases.handles].some(
    (h) => !!h && h !== survivor.username && !survivor.aliases.handles.includes(h),
  );

/**
 * Joins `absorbed` (a contact known by display name only) into `survivor` (the one with the
 * handle), or notes the pair as a suspect when their threads or handles say they are two people.
 * The sync never joins two handles: only a person can say a handle changed (POST …/merge).
 */
export function merge(
  f: Facts,
  survivor: Candidate,
  absorbed: Candidate,
  evidence: Evidence,
  detail: Record<string, string>,
): boolean {
  if (survivor.id === absorbed.id || !f.byId.has(absorbed.id) || f.held.has(mergeKey(survivor.id, absorbed.id)))
    return false;
  if (!unresolved(absorbed) || otherHandles(survivor, absorbed) || threadsConflict(survivor, absorbed)) {
    suspect(f, survivor, absorbed, `${evidence}_conflict`, detail);
    return false;
  }
  survivor.threadId ??= absorbed.threadId;
  survivor.displayName ??= absorbed.displayName;
  survivor.aliases.threadIds.push(...threadsOf(absorbed));
  survivor.aliases.names.push(...namesOf(absorbed));
  survivor.aliases.handles.push(...absorbed.aliases.handles);
  survivor.preview ??= absorbed.preview;
  f.byId.delete(absorbed.id);
  for (const map of [f.threads, f.handles])
    for (const [key, id] of map) if (id === absorbed.id) map.set(key, survivor.id);
  f.merges.push({ survivorId: survivor.id, absorbedId: absorbed.id, evidence, detail });
  return true;
}

export function suspect(f: Facts, a: Candidate, b: Candidate, reason: string, detail: Record<string, string>): void {
  f.suspects.push({ a: a.id, b: b.id, reason, detail });
}

/**
 * Strongest evidence first. A row showing a handle with a thread id another contact holds: the
 * thread was seen with both names. The Safari server's thread registry: a handle's thread id.
 */
export function applyThreadEvidence(
  f: Facts,
  rows: readonly { name: string; threadId: string | null }[],
  registry: Readonly<Record<string, string>>,
): void {
  for (const row of rows) {
    const name = row.name.trim();
    if (!row.threadId || !looksLikeHandle(name)) continue;
    const byThread = ownerOfThread(f, row.threadId);
    const byHandle = ownerOfHandle(f, name);
    if (byThread && byHandle && byThread !== byHandle && !namesOf(byThread).includes(displayKey(name))) {
      merge(f, byHandle, byThread, 'thread_id', { threadId: row.threadId, handle: name });
    }
  }
  for (const [handle, threadId] of Object.entries(registry)) {
    const byThread = ownerOfThread(f, threadId);
    const byHandle = ownerOfHandle(f, handle);
    if (byThread && byHandle && byThread !== byHandle) merge(f, byHandle, byThread, 'registry', { threadId, handle });
    else if (byThread && !byHandle && unresolved(byThread)) attach(f, byThread, { username: handle }, 'registry');
    else if (byHandle && !byThread && threadsOf(byHandle).length === 0) attach(f, byHandle, { threadId }, 'registry');
  }
}
