import { directDmOutcome, queueDirectDm } from '../app/outreach/direct-dm';
import type { DmOutcome, SendDmInput } from '../contracts/sender';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/** A person's DM request, durably: the use case is app/outreach/direct-dm.ts; these adapt it to Temporal. */
export function createDirectDmActivities(deps: ActivityDeps) {
  return {
    async prepareDirectDm(input: SendDmInput, workflowId: string): Promise<DmOutcome> {
      return coded(() => queueDirectDm(deps, input, workflowId));
    },

    async outreachItemOutcome(itemId: string): Promise<DmOutcome> {
      return coded(() => directDmOutcome(deps, itemId));
    },
  };
}
