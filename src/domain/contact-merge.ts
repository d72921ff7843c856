import { mergeThread, messageKey } from './thread-merge';

/**
 * The message order of two contacts joined into one: the same thread stored twice (read once under
 * each name), or two parts of it. Unlike a thread read, both sides are whole stored threads, not a
 * window onto the end of one, so they are aligned as two sequences: messages compare as a thread
 * read compares them (direction + normalized text, messageKey), the longest common subsequence is
 * kept once, and what only one side holds is kept in its place. Repeats stay: "ok", "ok" on both
 * sides pairs up twice; "ok" twice on one side and once on the other keeps two.
 * Cost O(n × m); past MAX_CELLS the thread-read merge (window onto the longer side's end) is used.
 */

export interface MergeMessage {
  id: string;
  position: number;
  text: string;
  isOutbound: boolean;
  /** When it was sent, else when a sync first saw it (ms); only two threads' interleaving uses it. */
  at?: number | null;
}

export interface MessageMergePlan {
  /** Message ids to keep, in their new order. */
  order: string[];
  /** Messages judged to be held by both sides (kept once). */
  dropped: number;
  /** Nothing in common was found: the other side was appended whole. */
  gap: boolean;
}

const MAX_CELLS = 4_000_000;

export function planMessageMerge(survivor: readonly MergeMessage[], absorbed: readonly MergeMessage[]): MessageMergePlan {
  const byPosition = (a: MergeMessage, b: MergeMessage) => a.position - b.position;
  const s = [...survivor].sort(byPosition);
  const a = [...absorbed].sort(byPosition);
  if (s.length === 0 || a.length === 0) return { order: [...s, ...a].map((m) => m.id), dropped: 0, gap: false };
  if (s.length * a.length > MAX_CELLS) return windowMerge(s, a);
  const order = supersequence(s, a);
  const dropped = s.length + a.length - order.length;
  return { order, dropped, gap: dropped === 0 };
}

/**
 * Two threads (two handles) joined: nothing is dropped, each keeps its own order, and the two are
 * interleaved by time (a message without one goes before the other side's next; on a tie the
 * survivor's first).
 */
export function interleaveThreads(survivor: readonly MergeMessage[], absorbed: readonly MergeMessage[]): MessageMergePlan {
  const byPosition = (a: MergeMessage, b: MergeMessage) => a.position - b.position;
  const s = [...survivor].sort(byPosition);
  const a = [...absorbed].sort(byPosition);
  const order: string[] = [];
  let i = 0;
  let j = 0;
  while (i < s.length || j < a.length) {
    const [ts, ta] = [s[i]?.at ?? -Infinity, a[j]?.at ?? -Infinity];
    if (j >= a.length || (i < s.length && ts <= ta)) order.push(s[i++]!.id);
    else order.push(a[j++]!.id);
  }
  return { order, dropped: 0, gap: false };
}

/** The shortest sequence holding both in order; a message of both sides is the survivor's. */
function supersequence(s: readonly MergeMessage[], a: readonly MergeMessage[]): string[] {
  const ks = s.map(messageKey);
  const ka = a.map(messageKey);
  const width = a.length + 1;
  // lcs[i * width + j]: the longest common subsequence of s[i..] and a[j..].
  const lcs = new Uint32Array((s.length + 1) * width);
  for (let i = s.length - 1; i >= 0; i--) {
    for (let j = a.length - 1; j >= 0; j--) {
      lcs[i * width + j] = ks[i] === ka[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const order: string[] = [];
  let i = 0;
  let j = 0;
  while (i < s.length && j < a.length) {
    if (ks[i] === ka[j]) {
      order.push(s[i]!.id);
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) order.push(s[i++]!.id);
    else order.push(a[j++]!.id);
  }
  for (; i < s.length; i++) order.push(s[i]!.id);
  for (; j < a.length; j++) order.push(a[j]!.id);
  return order;
}

/** Huge threads: the longer side as stored, the other as a read of its end (thread-merge.ts). */
function windowMerge(s: MergeMessage[], a: MergeMessage[]): MessageMergePlan {
  const [base, other] = a.length > s.length ? [a, s] : [s, a];
  const merged = mergeThread(base, other);
  return { order: [...base.map((m) => m.id), ...other.slice(merged.overlap).map((m) => m.id)], dropped: merged.overlap, gap: merged.gap };
}
