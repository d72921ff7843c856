import { outboxEvent } from '../../domain/events';
import { effectiveApprovalMode, type Account, type OutreachDefaults, type OutreachItem } from '../../domain/outreach';
import { canTransition, OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';
import { checkAtSendTime, type HoldReason, type SkipReason } from '../../domain/send-rules';
import type { DmOutcome } from '../../contracts/sender';
import type { AccountRepository } from '../../adapters/db/account-repository';
import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import { UseCaseFailure } from '../failure';
import { announceIfHeld } from './approval-notice';

/** The send-time rules for one item, then its reservation. */

export interface PreparePorts {
  outreach: Pick<OutreachRepository, 'sendFacts' | 'transition' | 'cancelPending' | 'get'>;
  accounts: Pick<AccountRepository, 'approvalNotice' | 'recordApprovalNotice'>;
  outreachSettings: { defaults: OutreachDefaults; dedupWindowMs: number };
  now: () => number;
}

export type Prepared =
  | { action: 'send'; itemId: string }
  /** Nothing may go now (fresh state decided otherwise, or another attempt's item is still 'sending'). */
  | { action: 'blocked' }
  /** The item is no longer queued (cancelled, or taken by an earlier attempt of this step). */
  | { action: 'gone' }
  | { action: 'hold' }
  | { action: 'skip'; reason: SkipReason; notify: (DmOutcome & { workflowId: string }) | null };

/** What a held item's history (and, for a doubt, its error) says, for the person who approves it. */
const HOLD_NOTES: Record<HoldReason, string> = {
  awaiting_approval: 'approval required at send time',
  recipient_unverified:
    'an earlier DM to this contact went out without a checked recipient (UNVERIFIED_RECIPIENT): check who received it before approving this one',
};

export function itemRef(item: OutreachItem) {
  return {
    item_id: item.id,
    account_id: item.accountId,
    contact_id: item.contactId,
    username: item.username,
    kind: item.kind,
    campaign: item.campaign,
  };
}

export async function accountOrFail(
  deps: { accounts: Pick<AccountRepository, 'get'> },
  accountId: string,
): Promise<Account> {
  const found = await deps.accounts.get(accountId);
  if (!found) throw new UseCaseFailure('ACCOUNT_NOT_FOUND', `no account ${accountId}`);
  return found;
}

/** A follow-up's previous step, as far as its send time goes (none found: the follow-up's own queueing counts). */
async function previousStep(deps: PreparePorts, item: OutreachItem): Promise<{ previousSentAtMs: number | null }> {
  const previous = item.parentItemId ? await deps.outreach.get(item.parentItemId) : null;
  const sentAt = previous?.item.sentAt ?? null;
  return { previousSentAtMs: sentAt === null ? null : Date.parse(sentAt) };
}

/**
 * Checked when the item is about to go, not only when it was queued: opt-out (which also cancels
 * their other waiting items), a reply since it was queued, the same text lately, approval. An item
 * that may go is moved to 'sending' under this attempt's token.
 */
export async function prepareItem(
  deps: PreparePorts,
  account: Account,
  itemId: string,
  token: string,
): Promise<Prepared> {
  const settings = deps.outreachSettings;
  const facts = await deps.outreach.sendFacts(itemId);
  if (!facts || !canTransition('reserve', facts.item.status)) return { action: 'gone' };
  const nowMs = deps.now();
  const item = facts.item;
  const verdict = checkAtSendTime({
    nowMs,
    queuedAtMs: Date.parse(item.createdAt),
    kind: item.kind,
    username: facts.contact.username,
    optedOut: facts.contact.optedOut,
    stopOnReply: item.stopOnReply,
    lastInboundAtMs: facts.lastInboundAtMs,
    sameTextSentAtMs: facts.sameTextSentAtMs,
    dedupWindowMs: settings.dedupWindowMs,
    approvalMode: effectiveApprovalMode(account, settings.defaults),
    contactHasWritten: facts.contact.totalMessagesReceived > 0,
    approvedAtMs: item.approvedAt === null ? null : Date.parse(item.approvedAt),
    recipientDoubtAtMs: facts.recipientDoubtAtMs,
    ...(item.step > 0 ? { followUp: await previousStep(deps, item) } : {}),
  });
  if (verdict.kind === 'hold') {
    const why = HOLD_NOTES[verdict.reason];
    const held = await deps.outreach.transition(itemId, {
      move: 'hold',
      note: { reason: why },
      // An approval given before the doubt is void: cleared, so the item waits as never approved (bulk too).
      ...(verdict.reason === 'recipient_unverified'
        ? { fields: { outcome: verdict.reason, last_error: why, approved_at: null } }
        : {}),
    });
    await announceIfHeld(deps, account.id, settings.defaults.approvalNotifyMs, held.applied);
    return { action: 'hold' };
  }
  if (verdict.kind === 'skip') {
    const events =
      item.kind === 'direct'
        ? []
        : [
            outboxEvent('outreach.failed', item.id, {
              ...itemRef(item),
              status: OUTREACH_TRANSITIONS.skip.to,
              outcome: verdict.reason,
              error: null,
            }),
          ];
    const moved = await deps.outreach.transition(itemId, {
      move: 'skip',
      fields: { outcome: verdict.reason },
      note: { reason: verdict.reason },
      events,
    });
    // Opted out: never contact again, so nothing else of theirs may stay queued either.
    if (verdict.reason === 'opted_out') await deps.outreach.cancelPending(account.id, item.contactId, 'opted_out');
    const notify =
      moved.applied && item.notifyWorkflowId
        ? {
            workflowId: item.notifyWorkflowId,
            itemId,
            status: OUTREACH_TRANSITIONS.skip.to,
            outcome: verdict.reason,
            error: null,
            sentAt: null,
          }
        : null;
    return { action: 'skip', reason: verdict.reason, notify };
  }
  const fields = { attempt_token: token, attempts_add: 1, last_attempt_at: new Date(nowMs).toISOString() };
  const reserved = await deps.outreach.transition(itemId, { move: 'reserve', fields, note: { token } });
  return reserved.applied || reserved.already ? { action: 'send', itemId } : { action: 'gone' };
}
