import { CancellationScope, condition, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { releaseTurnSignal, turnGrantedSignal, type TurnPriority, type TurnRequest } from './safari-host';

/**
 * The holder's side of a Safari host's turns (see safari-host.ts): ask through an activity (which
 * starts the host's workflow if needed), wait for the grant signal, do the browser work, release.
 * Call `safariTurns` once, at the start of a workflow that drives Safari, so the grant handler is
 * in place before any request leaves.
 */

export type RequestTurn = (accountId: string, request: TurnRequest) => Promise<{ hostWorkflowId: string }>;

/** How the work went, for deciding on a quiet period after it. */
export type TurnOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface SafariTurns {
  /**
   * Runs `work` while holding the account's Safari host. `quietMs` may ask the host to let nobody
   * in for a while after this holder (the server may still be busy after an unanswered call).
   */
  withTurn<T>(
    accountId: string,
    priority: TurnPriority,
    maxHoldMs: number,
    work: () => Promise<T>,
    quietMs?: (outcome: TurnOutcome<T>) => number,
  ): Promise<T>;
}

export function safariTurns(requestTurn: RequestTurn): SafariTurns {
  const granted = new Set<string>();
  setHandler(turnGrantedSignal, ({ requestId }) => void granted.add(requestId));
  let sequence = 0;

  return {
    async withTurn(accountId, priority, maxHoldMs, work, quietMs) {
      // Unique per run (a continued run starts its sequence again), and taken from the history
      // itself, so a replay computes the same id as the run that recorded the grant.
      const { workflowId, originalExecutionRunId } = workflowInfo();
      const requestId = `${originalExecutionRunId}/${sequence++}`;
      const { hostWorkflowId } = await requestTurn(accountId, { requestId, workflowId, priority, maxHoldMs });
      await condition(() => granted.has(requestId));
      granted.delete(requestId);
      let outcome: TurnOutcome<Awaited<ReturnType<typeof work>>> | undefined;
      try {
        const value = await work();
        outcome = { ok: true, value };
        return value;
      } catch (error) {
        outcome = { ok: false, error };
        throw error;
      } finally {
        const quiet = outcome && quietMs ? quietMs(outcome) : 0;
        // Released even when this workflow is being cancelled: otherwise the host waits for maxHoldMs.
        await CancellationScope.nonCancellable(() =>
          getExternalWorkflowHandle(hostWorkflowId)
            .signal(releaseTurnSignal, { requestId, quietMs: quiet })
            .catch((err: unknown) => log.warn('could not release the Safari turn', { hostWorkflowId, error: String(err) })),
        );
      }
    },
  };
}
