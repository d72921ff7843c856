import { outboxEvent, type OutboxEvent } from './events';

/**
 * outreach.awaiting_approval: tells the creator how many of an account's DMs wait for their
 * approval, at most once per interval per account. Asked whenever items come to wait (queued held,
 * or held at send time) and on every reply-watch tick, so items held during a quiet stretch are still
 * announced once the interval has passed. The last notice's time is kept on the account row; the
 * write is compare-and-set on it, so two callers deciding at once write one event between them.
 */

export interface ApprovalNoticeState {
  /** Items of the account in awaiting_approval now. */
  awaiting: number;
  /** When the last notice went out (ISO), null: never. */
  lastAt: string | null;
}

export type ApprovalNoticeDecision =
  | { notify: false; reason: 'none_waiting' | 'too_soon' }
  | { notify: true; event: OutboxEvent; at: string; expectLastAt: string | null };

export function decideApprovalNotice(
  accountId: string,
  state: ApprovalNoticeState,
  nowMs: number,
  intervalMs: number,
): ApprovalNoticeDecision {
  if (state.awaiting <= 0) return { notify: false, reason: 'none_waiting' };
  const lastMs = state.lastAt === null ? null : Date.parse(state.lastAt);
  if (lastMs !== null && nowMs - lastMs < intervalMs) return { notify: false, reason: 'too_soon' };
  const at = new Date(nowMs).toISOString();
  const event = outboxEvent('outreach.awaiting_approval', accountId, {
    account_id: accountId,
    count: state.awaiting,
    at,
    previous_at: state.lastAt,
  });
  return { notify: true, event, at, expectLastAt: state.lastAt };
}
