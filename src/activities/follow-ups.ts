import { cancelQueuedStep } from '../app/follow-ups/cancel-step';
import { followUpPlanOf, queueFollowUp, type FollowUpRequest } from '../app/follow-ups/queue-follow-up';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/** A first DM's follow-ups, durably: the use case is app/follow-ups/; these adapt it to Temporal. */
export function createFollowUpActivities(deps: ActivityDeps) {
  return {
    async followUpPlan(firstItemId: string) {
      return coded(() => followUpPlanOf(deps, firstItemId));
    },

    async queueFollowUp(request: FollowUpRequest) {
      return coded(() => queueFollowUp(deps, request));
    },

    async cancelFollowUpStep(itemId: string, reason: string): Promise<boolean> {
      return coded(() => cancelQueuedStep(deps, itemId, reason));
    },
  };
}
