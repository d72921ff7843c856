import { ApplicationFailure } from '@temporalio/common';
import type { OutreachItem } from '../domain/outreach';
import type { DmOutcome, SendDmInput } from '../contracts/sender';
import { composeDm } from '../app/dm-compose';
import type { ActivityDeps } from './deps';
import { coded } from './failures';
import { newOutreachItem } from '../app/outreach-items';

/** A person's DM request, durably: composed again, queued as a direct item the sender will carry. */

/** Ahead of queued and campaign items (50): a person is waiting for this one. */
export const DIRECT_PRIORITY = 100;

const outcomeOf = (item: OutreachItem): DmOutcome => ({ itemId: item.id, status: item.status, outcome: item.outcome, error: item.lastError, sentAt: item.sentAt });

export function createDirectDmActivities(deps: ActivityDeps) {
  return {
    async prepareDirectDm(input: SendDmInput, workflowId: string): Promise<DmOutcome> {
      return coded(async () => {
        const composed = await composeDm(deps, { accountId: input.accountId, ...input.request });
        if (!composed.ok) throw ApplicationFailure.nonRetryable(composed.problem.message, `DM_${composed.problem.code}`, composed.problem);
        const { contact, text, video } = composed.dm;
        const item = newOutreachItem(input.accountId, {
          kind: 'direct', businessKey: input.businessKey, contact, text, priority: DIRECT_PRIORITY, scheduledAt: null, campaign: null,
          template: input.request.template ?? null, videoId: video?.id ?? null, notifyWorkflowId: workflowId, requestId: input.requestId ?? null,
          by: input.by ?? null,
        }, 'none');
        const [stored] = (await deps.outreach.enqueue(input.accountId, [item])).items;
        if (!stored) throw ApplicationFailure.nonRetryable('the item was not stored', 'DB_INVALID');
        return outcomeOf(stored.item);
      });
    },

    async outreachItemOutcome(itemId: string): Promise<DmOutcome> {
      return coded(async () => {
        const row = await deps.outreach.get(itemId);
        if (!row) throw ApplicationFailure.nonRetryable(`no outreach item ${itemId}`, 'ITEM_NOT_FOUND');
        return outcomeOf(row.item);
      });
    },
  };
}
