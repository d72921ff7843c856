import { safariHostContract } from '../contracts/catalogue';
import { requestTurnSignal, type TurnRequest } from '../contracts/safari-host';
import { safariOf } from './account-safari';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createSafariTurnActivities(deps: ActivityDeps) {
  return {
    /**
     * Asks the account's Safari host for a turn (starting the host's workflow if none runs). The
     * grant comes back to the requesting workflow as a signal; repeats of one request id are ignored.
     */
    async requestSafariTurn(accountId: string, request: TurnRequest): Promise<{ hostWorkflowId: string }> {
      return coded(async () => {
        const { hostKey } = await safariOf(deps, accountId);
        const input = { version: 1 as const, hostKey, maxHistory: deps.outreachSettings.hostMaxHistory };
        const started = await deps.workflows.signalWithStart(safariHostContract, input, requestTurnSignal, request);
        return { hostWorkflowId: started.workflowId };
      });
    },
  };
}
