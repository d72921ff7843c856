import type { LearnedFields } from './learned-updates';
import { mergeThread, messageKey } from './thread-merge';
import { PIPELINE_STAGES, type PipelineStage } from './types';

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

export function planMessageMerge(
  survivor: readonly MergeMessage[],
  absorbed: readonly MergeMessage[],
): MessageMergePlan {
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
export function interleaveThreads(
  survivor: readonly MergeMessage[],
  absorbed: readonly MergeMessage[],
): MessageMergePlan {
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
      lcs[i * width + j] =
        ks[i] === ka[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
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
  return {
    order: [...base.map((m) => m.id), ...other.slice(merged.overlap).map((m) => m.id)],
    dropped: merged.overlap,
    gap: merged.gap,
  };
}

/**
 * A contact's own fields as a merge reads and writes them (the stored row's names: the write takes
 * them back as they are).
 */
export interface MergeFields {
  username: string | null;
  display_name: string | null;
  thread_id: string | null;
  what_theyre_building: string | null;
  current_friction: string | null;
  their_definition_of_win: string | null;
  notes: string | null;
  asks_opinion: boolean;
  shares_updates: boolean;
  has_referred_others: boolean;
  fit_signals: string[];
  tags: string[];
  value_delivered_count: number;
  promises_kept: number;
  promises_made: number;
  pipeline_stage: PipelineStage;
  opted_out: boolean;
  opted_out_at: string | null;
  opted_out_reason: string | null;
  opted_out_by: string | null;
  opted_out_message_id: string | null;
  opted_in_at: string | null;
  last_message_at: string | null;
  learned_fields: LearnedFields;
  last_intent: string | null;
  last_replied_at: string | null;
}

export interface SurvivingFields extends MergeFields {
  total_messages_sent: number;
  total_messages_received: number;
}

const KEPT_FIRST = [
  'username',
  'display_name',
  'thread_id',
  'what_theyre_building',
  'current_friction',
  'their_definition_of_win',
  'notes',
] as const;
const EITHER = ['asks_opinion', 'shares_updates', 'has_referred_others'] as const;
const MOST = ['value_delivered_count', 'promises_kept', 'promises_made'] as const;
const OPT_OUT = ['opted_out_at', 'opted_out_reason', 'opted_out_by'] as const;

/** The later of two timestamps; a missing one never wins. */
const later = (x: string | null, y: string | null) =>
  x === null ? y : y === null || Date.parse(x) >= Date.parse(y) ? x : y;
const union = (x: string[], y: string[]) => [...new Set([...x, ...y])].sort();

/**
 * What the survivor keeps of two contacts of one person: its own text fields, else the absorbed
 * one's; a flag either had; the larger count and the later time; both sets of tags and signals;
 * the further pipeline stage; one person, one opt-out (either's, with the survivor's reason, time,
 * message and author if it opted out, else the absorbed one's). A message an opt-out names counts
 * only if the merge keeps it; the message totals are those of the kept messages.
 */
export function survivingFields(
  s: MergeFields,
  a: MergeFields,
  kept: readonly Pick<MergeMessage, 'id' | 'isOutbound'>[],
): SurvivingFields {
  const out = { ...s };
  for (const k of KEPT_FIRST) out[k] = s[k] ?? a[k];
  for (const k of EITHER) out[k] = s[k] || a[k];
  for (const k of MOST) out[k] = Math.max(s[k], a[k]);
  const optOut = s.opted_out ? s : a;
  for (const k of OPT_OUT) out[k] = optOut[k];
  const keptIds = new Set(kept.map((m) => m.id));
  const message = optOut.opted_out_message_id;
  const outbound = kept.filter((m) => m.isOutbound).length;
  return {
    ...out,
    fit_signals: union(s.fit_signals, a.fit_signals),
    tags: union(s.tags, a.tags),
    pipeline_stage:
      PIPELINE_STAGES[Math.max(PIPELINE_STAGES.indexOf(s.pipeline_stage), PIPELINE_STAGES.indexOf(a.pipeline_stage))]!,
    opted_out: s.opted_out || a.opted_out,
    opted_out_message_id: message !== null && keptIds.has(message) ? message : null,
    opted_in_at: later(s.opted_in_at, a.opted_in_at),
    last_message_at: later(s.last_message_at, a.last_message_at),
    ...lastReply(s, a),
    learned_fields: learnedKept(s, a, out),
    total_messages_sent: outbound,
    total_messages_received: kept.length - outbound,
  };
}

/** The newer reply wins, with what it meant; without one on either side, the survivor's intent first. */
function lastReply(s: MergeFields, a: MergeFields): Pick<MergeFields, 'last_intent' | 'last_replied_at'> {
  const newer = later(s.last_replied_at, a.last_replied_at);
  if (newer === null) return { last_intent: s.last_intent ?? a.last_intent, last_replied_at: null };
  const side = newer === s.last_replied_at ? s : a;
  return { last_intent: side.last_intent, last_replied_at: side.last_replied_at };
}

const LEARNABLE = ['what_theyre_building', 'current_friction', 'their_definition_of_win'] as const;

/**
 * What was learned, where the kept value is the one it was learned for: the survivor's provenance
 * for its own values, the absorbed one's for a value taken from it (never for a survivor's value
 * typed by hand); each kept signal with the first provenance either side has for it.
 */
function learnedKept(s: MergeFields, a: MergeFields, kept: MergeFields): LearnedFields {
  const out: LearnedFields = {};
  for (const k of LEARNABLE) {
    const from = s[k] !== null ? s : a;
    const source = from.learned_fields[k];
    if (kept[k] !== null && source && source.value === kept[k]) out[k] = source;
  }
  const signals = [...(s.learned_fields.fit_signals ?? []), ...(a.learned_fields.fit_signals ?? [])].filter(
    (x, i, all) => all.findIndex((y) => y.value === x.value) === i,
  );
  if (signals.length > 0) out.fit_signals = signals;
  return out;
}
