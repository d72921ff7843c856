/**
 * The last checks before a queued DM goes out, and how a sent DM is recognised when its thread is
 * read back. Both err towards not sending twice: a DM sent twice is visible to the contact, one held
 * back is only visible to us.
 */

/** Instagram's DM limit, in characters (code points). */
export const MAX_DM_LENGTH = 1000;

export type DmTextProblem = 'empty' | 'too_long';

export function checkDmText(text: string): DmTextProblem | null {
  if (text.trim() === '') return 'empty';
  return [...text].length > MAX_DM_LENGTH ? 'too_long' : null;
}

export const APPROVAL_MODES = ['none', 'first_contact', 'all'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const OUTREACH_KINDS = ['direct', 'queued', 'campaign'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];

/** direct = a person asked for this exact DM now (counts as approval). */
export function needsApproval(mode: ApprovalMode, kind: OutreachKind, contactHasWritten: boolean): boolean {
  if (mode === 'none' || kind === 'direct') return false;
  return mode === 'all' || !contactHasWritten;
}

export interface SendTimeFacts {
  nowMs: number;
  queuedAtMs: number;
  kind: OutreachKind;
  /** A handle; null = contact known only by a display name, whom send-to cannot address. */
  username: string | null;
  optedOut: boolean;
  stopOnReply: boolean;
  /** When we last observed a message from them. */
  lastInboundAtMs: number | null;
  /** The latest earlier send of the same text (see normalizeDmText) to this contact by another item. */
  sameTextSentAtMs: number | null;
  dedupWindowMs: number;
  approvalMode: ApprovalMode;
  contactHasWritten: boolean;
  approvedAtMs: number | null;
  /**
   * A campaign's follow-up step (issue 24): it needs no approval of its own (it is queued only after
   * the approved or approval-free step before it was sent), and a reply since that step was sent
   * stops it, even one read only after the follow-up was queued. Absent for every other item.
   */
  followUp?: { previousSentAtMs: number | null };
  /**
   * When an earlier DM to this contact went out without a checked recipient (UNVERIFIED_RECIPIENT,
   * send-outcomes.ts), or null. The same send would take the same unchecked way to the same row.
   */
  recipientDoubtAtMs: number | null;
}

export type SkipReason = 'opted_out' | 'no_handle' | 'replied' | 'duplicate';
export type HoldReason = 'awaiting_approval' | 'recipient_unverified';
export type SendTimeVerdict =
  { kind: 'send' } | { kind: 'skip'; reason: SkipReason } | { kind: 'hold'; reason: HoldReason };

/**
 * Skips come before the approval hold: a DM that would be skipped anyway should not wait in a
 * person's approval queue. A reply after queueing means the queued text was written for a
 * conversation that has moved on. The dedup window is exclusive (0 turns dedup off).
 */
export function checkAtSendTime(f: SendTimeFacts): SendTimeVerdict {
  if (f.optedOut) return { kind: 'skip', reason: 'opted_out' };
  if (!f.username?.trim()) return { kind: 'skip', reason: 'no_handle' };
  const since = Math.min(f.queuedAtMs, f.followUp?.previousSentAtMs ?? f.queuedAtMs);
  if (f.stopOnReply && f.lastInboundAtMs !== null && f.lastInboundAtMs > since)
    return { kind: 'skip', reason: 'replied' };
  if (sentWithinDedupWindow(f.sameTextSentAtMs, f.nowMs, f.dedupWindowMs)) return { kind: 'skip', reason: 'duplicate' };
  if (recipientInDoubt(f.recipientDoubtAtMs, f.approvedAtMs)) return { kind: 'hold', reason: 'recipient_unverified' };
  if (!f.followUp && needsApproval(f.approvalMode, f.kind, f.contactHasWritten) && f.approvedAtMs === null)
    return { kind: 'hold', reason: 'awaiting_approval' };
  return { kind: 'send' };
}

/**
 * An earlier DM to them may have reached someone else, and no person has approved this one since:
 * every kind waits, a direct DM and a follow-up too, since neither request knew of the doubt.
 */
export const recipientInDoubt = (doubtAtMs: number | null, approvedAtMs: number | null): boolean =>
  doubtAtMs !== null && (approvedAtMs === null || approvedAtMs <= doubtAtMs);

/** The same text went to them inside the window (exclusive; 0 turns dedup off): it is not sent again. */
export const sentWithinDedupWindow = (sameTextSentAtMs: number | null, nowMs: number, windowMs: number): boolean =>
  sameTextSentAtMs !== null && nowMs - sameTextSentAtMs < windowMs;

/** NFC, whitespace runs collapsed to one space, trimmed; case is kept ("OK" and "ok" are different DMs). */
export function normalizeDmText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export type Delivery = 'sent' | 'absent' | 'unsure';

// Safari readers cut message text at 500 UTF-16 units (String#slice); comparing the first 400 units
// leaves room for what normalizing does to a cut text and still tells real messages apart.
const COMPARED_LENGTH = 400;
const READER_CUT = 500;

const compared = (text: string) => normalizeDmText(text).slice(0, COMPARED_LENGTH);

/**
 * Whether our text shows among outbound messages. A read cut at READER_CUT whose collapsed
 * whitespace left it shorter than COMPARED_LENGTH still matches as a prefix of ours.
 */
function shownAsOurs(ours: string, m: { text: string; isOutbound: boolean }): boolean {
  if (!m.isOutbound) return false;
  const theirs = compared(m.text);
  if (theirs === compared(ours)) return true;
  return m.text.length >= READER_CUT && theirs !== '' && normalizeDmText(ours).startsWith(theirs);
}

/**
 * Whether the lossy reader of the later Safari server could have dropped our text: it hides texts
 * of 3 characters or fewer, short ALL-CAPS texts (taken for UI labels) and repeats of a text already
 * on the page. Code points and any upper-case letter are counted, which hides a little more than the
 * reader does: a wrong 'unsure' costs a look, a wrong 'absent' a second DM.
 */
function readerMayHide(text: string, read: readonly { text: string }[]): boolean {
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length <= 3) return true;
  if (length <= 12 && /\p{Lu}/u.test(trimmed) && trimmed === trimmed.toUpperCase()) return true;
  const key = compared(text);
  return read.some((m) => compared(m.text) === key);
}

/**
 * Whether a thread read after an unanswered send shows our text. 'absent' only when the reader
 * would certainly have shown it; an empty read may be a thread that never opened. Limit: an
 * identical earlier DM in the same thread reads as 'sent' (the dedup window keeps those apart).
 */
export function verifyDelivery(text: string, readMessages: readonly { text: string; isOutbound: boolean }[]): Delivery {
  if (readMessages.length === 0) return 'unsure';
  if (readMessages.some((m) => shownAsOurs(text, m))) return 'sent';
  return readerMayHide(text, readMessages) ? 'unsure' : 'absent';
}
