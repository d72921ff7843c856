import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
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

/**
 * A sent first DM's run may not be open yet: settle starts it just after the sent move, so a DELETE
 * can land in between. Signal-with-start then opens the run already cancelled, and settle's start
 * finds it finished ('once': a finished plan never runs again). A run already over refuses the
 * start (false). A first DM not sent has no run to open: a plain signal, false when none is open.
 */
export function createFollowUpCanceller(
  gateway: Pick<WorkflowGateway, 'signal' | 'signalWithStart'>,
  inputFor: (accountId: string, firstItemId: string) => FollowUpsInput,
): FollowUpCanceller {
  return {
    async cancelFollowUps(accountId, firstItemId, reason, firstSent) {
      if (!firstSent)
        return gateway.signal(followUpsWorkflowId(accountId, firstItemId), cancelFollowUpsSignal, { reason });
      try {
        await gateway.signalWithStart(followUpsContract, inputFor(accountId, firstItemId), cancelFollowUpsSignal, {
          reason,
        });
        return true;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw err;
      }
    },
  };
}
