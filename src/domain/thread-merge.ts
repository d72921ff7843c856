import type { MessageType } from './types';

/**
 * Merging a freshly read window of an Instagram thread into the stored thread. Messages have no ids,
 * so the window is aligned with the stored tail by content (normalized text + direction).
 *
 * The read is [already stored] + [new]. Every cut j (read[0..j) old) whose last old message matches
 * a stored one is scored as an alignment of read[0..j) with the end of the stored tail; stored
 * messages before the alignment starts are free (the window does not reach back that far):
 *   +4 a message on both sides, in order;
 *   -4 a stored message the read skips although no reader hides it (evidence against the cut);
 *   -1 a stored message HEAD's reader hides: ≤3 characters, no lower-case letter and under 20
 *      characters, or a repeat of a text shown earlier (HEAD de-duplicates the whole page);
 *   -2 an old read message the store lacks (an earlier lossy read dropped it);
 *   -1 per appended message whose text the stored tail already holds (a repeat, or a duplicate).
 * Decisions, each a row in test/domain/thread-merge.test.ts:
 * - Best score wins; a tie goes to the later cut, which appends less, and sets `gap`.
 * - An exact overlap of k scores 4k, so the largest one wins and repeats stay safe: stored [a, ok]
 *   + read [a, ok, ok] appends one ok; stored [ok, ok] + read [ok, ok] appends nothing.
 * - A cut is never taken if it would append a message that also occurs among the stored messages
 *   after its match: the read skipped that message, so "finding" it again is a false anchor.
 * - No message in common: all is appended, `gap` set ('none'). A best score ≤ 0 also sets `gap`.
 * - Texts compare on their first 400 normalized characters: both readers cut at 500, so a message
 *   the CRM stored in full still matches its truncated re-read.
 * Cost: O(stored tail × read) per thread.
 */

export interface StoredMessage {
  position: number;
  text: string;
  isOutbound: boolean;
}
export interface ReadMessage {
  text: string;
  isOutbound: boolean;
  sentAt?: string | null;
  messageType?: MessageType;
}
export type MergeMethod = 'empty' | 'overlap' | 'anchor' | 'none';

export interface ThreadMerge {
  /** Read messages to store after the stored tail, oldest first. */
  append: ReadMessage[];
  /** How many leading read messages were judged already stored: read.length - append.length. */
  overlap: number;
  /** 'empty': nothing to compare; 'overlap': exact; 'anchor': aligned with skips; 'none': nothing in common. */
  method: MergeMethod;
  /** Messages may be missing between the stored tail and what was appended. */
  gap: boolean;
}

const COMPARED_CHARS = 400;
const MATCH = 4;
const STORED_SKIP = 4;
const HIDDEN_SKIP = 1;
const READ_SKIP = 2;
const APPENDED_REPEAT = 1;

/** Text as compared: NFC, whitespace runs collapsed, trimmed, cut to COMPARED_CHARS. */
function normalize(text: string): string {
  // Most texts are printable ASCII with single spaces already; skipping the rewrite halves merge time.
  const plain = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(text);
  return (plain ? text : text.normalize('NFC').replace(/\s+/g, ' ').trim()).slice(0, COMPARED_CHARS);
}

/** The identity of a message for merging: direction plus text with whitespace re-renders removed. */
export function messageKey(message: { text: string; isOutbound: boolean }): string {
  return `${message.isOutbound ? 'out' : 'in'}:${normalize(message.text)}`;
}

/** HEAD's reader drops these texts as interface labels (Safari_Automations dm-operations.ts). */
function droppedByHead(text: string): boolean {
  return text.length <= 3 || (text.length < 20 && text === text.toUpperCase());
}

/**
 * @param storedTail the last W stored messages of the thread (W ≥ the read limit, e.g. twice it).
 * @param read the window just read, oldest first.
 */
export function mergeThread(storedTail: readonly StoredMessage[], read: readonly ReadMessage[]): ThreadMerge {
  if (storedTail.length === 0 || read.length === 0) {
    return { append: [...read], overlap: 0, method: 'empty', gap: false };
  }
  const sorted = [...storedTail].sort((a, b) => a.position - b.position);
  const storedTexts = sorted.map((message) => normalize(message.text));
  const ids = { in: new Map<string, number>(), out: new Map<string, number>(), next: 0 };
  const idOf = (text: string, isOutbound: boolean): number => {
    const byText = isOutbound ? ids.out : ids.in;
    let id = byText.get(text);
    if (id === undefined) byText.set(text, (id = ids.next++));
    return id;
  };
  const stored = sorted.map((message, i) => idOf(storedTexts[i]!, message.isOutbound));
  const window = read.map((message) => idOf(normalize(message.text), message.isOutbound));
  const cuts = scoreCuts(stored, window, skipCosts(storedTexts));
  const best = pickCut(cuts);
  if (!best) return { append: [...read], overlap: 0, method: 'none', gap: true };
  const tie = cuts.some((cut) => cut.count !== best.count && cut.score === best.score);
  return {
    append: read.slice(best.count),
    overlap: best.count,
    method: isExactOverlap(stored, window, best.count) ? 'overlap' : 'anchor',
    gap: tie || best.score <= 0,
  };
}

/** What skipping each stored message costs: little when HEAD's reader would have hidden it. */
function skipCosts(texts: readonly string[]): Int32Array {
  const seen = new Set<string>(); // HEAD de-duplicates on the text alone, whatever the direction
  return Int32Array.from(texts, (text) => {
    const hidden = droppedByHead(text) || seen.has(text);
    seen.add(text);
    return hidden ? HIDDEN_SKIP : STORED_SKIP;
  });
}

/** A candidate cut: the first `count` read messages are old. */
interface Cut {
  count: number;
  score: number;
}

/** The best valid cut for each read length (see the module comment for the points). */
function scoreCuts(stored: readonly number[], read: readonly number[], skipCost: Int32Array): Cut[] {
  const m = stored.length;
  const width = read.length + 1;
  // grid[i*width + j]: best alignment of read[0..j) with stored[..i), free to start anywhere in stored.
  const grid = new Int32Array((m + 1) * width);
  for (let j = 1; j < width; j++) grid[j] = -j * READ_SKIP;
  const trailing = new Int32Array(m + 1); // cost of leaving stored[i..] unread
  for (let i = m - 1; i >= 0; i--) trailing[i] = trailing[i + 1]! + skipCost[i]!;
  const { latestAfter, repeatsAfter } = storedFrom(stored, read);
  const best = new Map<number, number>();
  for (let i = 1; i <= m; i++) {
    const row = i * width;
    const above = row - width;
    for (let j = 1; j < width; j++) {
      let score = Math.max(grid[above + j]! - skipCost[i - 1]!, grid[row + j - 1]! - READ_SKIP);
      if (stored[i - 1] === read[j - 1]) {
        const viaMatch = grid[above + j - 1]! + MATCH;
        score = Math.max(score, viaMatch);
        // Cutting here leaves stored[i..] unread: appending one of those would duplicate it.
        const cut = viaMatch - trailing[i]! - repeatsAfter[j]! * APPENDED_REPEAT;
        if (latestAfter[j]! < i && cut > (best.get(j) ?? -Infinity)) best.set(j, cut);
      }
      grid[row + j] = score;
    }
  }
  return [...best].map(([count, score]) => ({ count, score }));
}

/**
 * For each j: latestAfter, the latest stored index holding any of read[j..] (-1 when none is
 * stored); repeatsAfter, how many of read[j..] have a text the stored tail already holds.
 */
function storedFrom(stored: readonly number[], read: readonly number[]) {
  const last = new Map<number, number>();
  stored.forEach((id, i) => last.set(id, i));
  const latestAfter = new Int32Array(read.length + 1).fill(-1);
  const repeatsAfter = new Int32Array(read.length + 1);
  for (let j = read.length - 1; j >= 0; j--) {
    const index = last.get(read[j] ?? -1) ?? -1;
    latestAfter[j] = Math.max(index, latestAfter[j + 1]!);
    repeatsAfter[j] = repeatsAfter[j + 1]! + (index >= 0 ? 1 : 0);
  }
  return { latestAfter, repeatsAfter };
}

/** Highest score; on a tie the later cut, which appends fewer messages. */
function pickCut(cuts: readonly Cut[]): Cut | undefined {
  let best: Cut | undefined;
  for (const cut of cuts) {
    if (!best || cut.score > best.score || (cut.score === best.score && cut.count > best.count)) best = cut;
  }
  return best;
}

/** The first `count` read messages are exactly the last `count` stored ones. */
function isExactOverlap(stored: readonly number[], read: readonly number[], count: number): boolean {
  const offset = stored.length - count;
  return offset >= 0 && read.slice(0, count).every((id, j) => id === stored[offset + j]);
}
