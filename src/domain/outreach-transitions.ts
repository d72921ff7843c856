/**
 * The outreach ledger's state machine, in one table: every move an item can make, the statuses it
 * may make it from and the status it makes. Every write of an item's status, in TypeScript or in
 * SQL, takes its statuses from here (the database functions receive them as parameters and keep
 * only the atomic compare-and-set `status = any(from)`), so the rules cannot drift apart.
 */

export const OUTREACH_STATUSES = [
  'queued',
  'awaiting_approval',
  'sending',
  'sent',
  'failed',
  'cancelled',
  'skipped',
  'needs_review',
] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];

interface Move {
  readonly from: readonly OutreachStatus[];
  readonly to: OutreachStatus;
}

export const OUTREACH_TRANSITIONS = {
  /** A new item (nothing before it), to go when the pacing allows. */
  queue: { from: [], to: 'queued' },
  /** Waits for a person's approval: a new item (then from nothing), or found so when about to go. */
  hold: { from: ['queued'], to: 'awaiting_approval' },
  /** A queued item may be approved too: approval is remembered (approved_at) for the send-time check. */
  approve: { from: ['awaiting_approval', 'queued'], to: 'queued' },
  reject: { from: ['awaiting_approval', 'queued'], to: 'cancelled' },
  /** By hand, by an opt-out, by a merge: only what has not started going out. */
  cancel: { from: ['queued', 'awaiting_approval'], to: 'cancelled' },
  /** The send-time rules said no (opted out, replied, same text lately). */
  skip: { from: ['queued'], to: 'skipped' },
  /** Taken by one attempt, under its token, before Safari is asked. */
  reserve: { from: ['queued'], to: 'sending' },
  settleSent: { from: ['sending'], to: 'sent' },
  settleFailed: { from: ['sending'], to: 'failed' },
  /** It may have gone out: never resent automatically, a person looks. */
  settleUnknown: { from: ['sending'], to: 'needs_review' },
  /** Nothing went out (a rate limit, closed hours, no session, a read-back that found it absent). */
  requeue: { from: ['sending'], to: 'queued' },
} as const satisfies Record<string, Move>;

export type OutreachMove = keyof typeof OUTREACH_TRANSITIONS;
const T = OUTREACH_TRANSITIONS;
const MOVES = Object.values(T) as readonly Move[];

/** Whether an item in `from` may make the move. */
export const canTransition = (move: OutreachMove, from: OutreachStatus): boolean =>
  (T[move].from as readonly OutreachStatus[]).includes(from);

/**
 * A move found not applied that an earlier call already made (a retried activity whose first try
 * committed): the item is in the move's status, under the token that call set or was guarded by.
 */
export const alreadyMade = (
  move: OutreachMove,
  status: OutreachStatus,
  token: string | null,
  expectedToken: string | null,
): boolean => status === T[move].to && (expectedToken === null || token === expectedToken);

/** Statuses no move leaves: needs_review only by a person's decision, outside the sender. */
export const FINAL_STATUSES: readonly OutreachStatus[] = OUTREACH_STATUSES.filter(
  (s) => !MOVES.some((m) => m.from.includes(s)),
);
/** Waiting to go out: what a cancel (by hand, by an opt-out) may still take back. */
export const PENDING_STATUSES: readonly OutreachStatus[] = T.cancel.from;
/** What an item is created as: queued, or held for approval. */
export const NEW_STATUSES = [T.queue.to, T.hold.to] as const;
export const newItemStatus = (requiresApproval: boolean) => (requiresApproval ? T.hold.to : T.queue.to);

/** Ready for the sender to take (what `reserve` moves from), and held by an attempt (what it moves to). */
export const READY_STATUSES: readonly OutreachStatus[] = T.reserve.from;
export const IN_FLIGHT_STATUSES: readonly OutreachStatus[] = [T.reserve.to];
export const isReserved = (status: OutreachStatus) => status === T.reserve.to;

/**
 * Count toward the pacing caps and the same-text window: a send that began counts until it is known
 * not to have gone out (failed, or queued again), so an unanswered send never lets another through.
 */
export const SEND_COUNTING_STATUSES: readonly OutreachStatus[] = [T.reserve.to, T.settleSent.to, T.settleUnknown.to];
/** Written to, or about to be: the candidates' "last contacted" and a merge's held items. */
export const CONTACTING_STATUSES: readonly OutreachStatus[] = [...PENDING_STATUSES, ...SEND_COUNTING_STATUSES];
/** Where the sender leaves an item for good: how DMs ended (metrics); outreach.failed reports all but sent. */
export const SENDER_END_STATUSES: readonly OutreachStatus[] = [
  T.settleSent.to,
  T.settleFailed.to,
  T.settleUnknown.to,
  T.skip.to,
];
export const NOT_SENT_END_STATUSES = [T.settleFailed.to, T.skip.to, T.settleUnknown.to] as const;

const SETTLE_MOVES = ['settleSent', 'settleFailed', 'settleUnknown', 'requeue'] as const;
export type SettleMove = (typeof SETTLE_MOVES)[number];
/** The statuses an attempt may end in. */
export type SettleStatus = (typeof OUTREACH_TRANSITIONS)[SettleMove]['to'];
/** The move that settles an attempt in `to`. */
export const settleMove = (to: SettleStatus): SettleMove => SETTLE_MOVES.find((m) => T[m].to === to)!;
