import { ApplicationFailure } from '@temporalio/common';
import { outboxEvent } from '../domain/events';
import { effectiveApprovalMode, type OutreachItem } from '../domain/outreach';
import type { SenderState } from '../domain/sender-view';
import { checkAtSendTime, type SkipReason } from '../domain/send-rules';
import { dmSenderContract } from '../workflows/dm-sender';
import { queueChangedSignal, type DmOutcome } from '../workflows/sender-definitions';
import type { ActivityDeps } from './deps';
import { coded } from './failures';
import { readSenderState } from './sender-state';

export type Prepared =
  | { action: 'send' }
  /** The item is no longer queued (cancelled, or taken by an earlier attempt of this step). */
  | { action: 'gone' }
  | { action: 'hold' }
  | { action: 'skip'; reason: SkipReason; notify: (DmOutcome & { workflowId: string }) | null };

export function itemRef(item: OutreachItem) {
  return { item_id: item.id, account_id: item.accountId, contact_id: item.contactId, username: item.username, kind: item.kind, campaign: item.campaign };
}

export function createOutreachSenderActivities(deps: ActivityDeps) {
  const settings = deps.outreachSettings;

  async function account(accountId: string) {
    const found = await deps.accounts.get(accountId);
    if (!found) throw ApplicationFailure.nonRetryable(`no account ${accountId}`, 'ACCOUNT_NOT_FOUND');
    return found;
  }

  return {
    async loadSenderState(accountId: string): Promise<SenderState> {
      return coded(async () => {
        return readSenderState(deps, await account(accountId), settings.defaults, deps.now());
      });
    },

    /**
     * The send-time rules, then the reservation: an item that may go is moved to 'sending' under
     * this attempt's token, so no other attempt can send it. Repeating this call changes nothing.
     */
    async prepareOutreachSend(accountId: string, itemId: string, token: string): Promise<Prepared> {
      return coded(async () => {
        const facts = await deps.outreach.sendFacts(itemId);
        if (!facts) return { action: 'gone' };
        if (facts.item.status === 'sending' && facts.token === token) return { action: 'send' };
        if (facts.item.status !== 'queued') return { action: 'gone' };
        const a = await account(accountId);
        const nowMs = deps.now();
        const verdict = checkAtSendTime({
          nowMs, queuedAtMs: Date.parse(facts.item.createdAt), kind: facts.item.kind, username: facts.contact.username,
          optedOut: facts.contact.optedOut, stopOnReply: facts.item.stopOnReply, lastInboundAtMs: facts.lastInboundAtMs,
          sameTextSentAtMs: facts.sameTextSentAtMs, dedupWindowMs: settings.dedupWindowMs,
          approvalMode: effectiveApprovalMode(a, settings.defaults), contactHasWritten: facts.contact.totalMessagesReceived > 0,
          approvedAtMs: facts.item.approvedAt === null ? null : Date.parse(facts.item.approvedAt),
        });
        const item = facts.item;
        if (verdict.kind === 'hold') {
          await deps.outreach.transition(itemId, { from: ['queued'], to: 'awaiting_approval', note: { reason: 'approval required at send time' } });
          return { action: 'hold' };
        }
        if (verdict.kind === 'skip') {
          const events = item.kind === 'direct' ? [] : [outboxEvent('outreach.failed', item.id, { ...itemRef(item), status: 'skipped', outcome: verdict.reason, error: null })];
          const moved = await deps.outreach.transition(itemId, { from: ['queued'], to: 'skipped', fields: { outcome: verdict.reason }, note: { reason: verdict.reason }, events });
          // Opted out: never contact again, so nothing else of theirs may stay queued either.
          if (verdict.reason === 'opted_out') await deps.outreach.cancelPending(accountId, item.contactId, 'opted_out');
          const notify = moved.applied && item.notifyWorkflowId
            ? { workflowId: item.notifyWorkflowId, itemId, status: 'skipped' as const, outcome: verdict.reason, error: null, sentAt: null }
            : null;
          return { action: 'skip', reason: verdict.reason, notify };
        }
        const fields = { attempt_token: token, attempts_add: 1, last_attempt_at: new Date(nowMs).toISOString() };
        const reserved = await deps.outreach.transition(itemId, { from: ['queued'], to: 'sending', fields, note: { token } });
        return reserved.applied || reserved.already ? { action: 'send' } : { action: 'gone' };
      });
    },

    /** The reservation an interrupted attempt left on an item still 'sending' (null if it moved on). */
    async outreachItemToken(itemId: string): Promise<string | null> {
      return coded(async () => {
        const row = await deps.outreach.get(itemId);
        return row && row.item.status === 'sending' ? row.token : null;
      });
    },

    /** Instagram said "slow down": nothing leaves this account until the pause ends or someone resumes it. */
    async pauseAccount(accountId: string, reason: string): Promise<void> {
      const until = new Date(deps.now() + settings.pauseOnBlockMs).toISOString();
      await coded(() => deps.accounts.setPause(accountId, { paused: true, until, reason }));
    },

    /** Starts the account's sender if it does not run, and tells it the queue changed. */
    async wakeSender(accountId: string, reason: string): Promise<void> {
      await coded(() => deps.workflows.signalWithStart(dmSenderContract, settings.senderInput(accountId), queueChangedSignal, { reason }));
    },
  };
}
