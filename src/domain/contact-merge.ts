import { mergeThread } from './thread-merge';

/**
 * The message order of two contacts joined into one: the same thread stored twice (read once under
 * each name), or two halves of it. The longer side is taken as stored and the other as a read of
 * the same thread, merged by the rules a thread read uses (thread-merge.ts): what both hold is
 * kept once, repeats the alignment proves are kept, what only the shorter side holds is appended.
 */

export interface MergeMessage { id: string; position: number; text: string; isOutbound: boolean }

export interface MessageMergePlan {
  /** Message ids to keep, in their new order. */
  order: string[];
  /** Messages of the shorter side judged already held by the longer one. */
  dropped: number;
  /** Nothing in common was found: the shorter side was appended whole. */
  gap: boolean;
}

export function planMessageMerge(survivor: readonly MergeMessage[], absorbed: readonly MergeMessage[]): MessageMergePlan {
  const byPosition = (a: MergeMessage, b: MergeMessage) => a.position - b.position;
  const s = [...survivor].sort(byPosition);
  const a = [...absorbed].sort(byPosition);
  const [base, other] = a.length > s.length ? [a, s] : [s, a];
  const merged = mergeThread(base, other);
  const appended = other.slice(merged.overlap);
  return {
    order: [...base.map((m) => m.id), ...appended.map((m) => m.id)],
    dropped: merged.overlap,
    gap: merged.gap && other.length > 0,
  };
}
