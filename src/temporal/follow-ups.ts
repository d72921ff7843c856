import { followUpsContract } from '../contracts/catalogue';
import { cancelFollowUpsSignal, followUpsWorkflowId, type FollowUpsInput } from '../contracts/follow-ups';
import type { WorkflowTiming } from '../contracts/timing';
import type { FollowUpCanceller, FollowUpStarter } from '../app/follow-ups/follow-up-control';
import type { WorkflowGateway } from './workflow-gateway';

/** The one implementation of starting and stopping follow-ups: a run per first DM, by its business id. */

/** A step's outcome signal lost (the step cancelled by hand) is noticed within this. */
export const FOLLOW_UP_RECHECK_MS = 60_000;

export const followUpsInput = (
  timing: WorkflowTiming,
  recheckMs: number,
  accountId: string,
  firstItemId: string,
): FollowUpsInput => ({ version: 1, accountId, firstItemId, timing, recheckMs });

export function createFollowUpStarter(
  gateway: Pick<WorkflowGateway, 'start'>,
  inputFor: (accountId: string, firstItemId: string) => FollowUpsInput,
): FollowUpStarter {
  return {
    async startFollowUps(accountId, firstItemId) {
      await gateway.start(followUpsContract, inputFor(accountId, firstItemId));
    },
  };
}

export function createFollowUpCanceller(gateway: Pick<WorkflowGateway, 'signal'>): FollowUpCanceller {
  return {
    cancelFollowUps: (accountId, firstItemId, reason) =>
      gateway.signal(followUpsWorkflowId(accountId, firstItemId), cancelFollowUpsSignal, { reason }),
  };
}
