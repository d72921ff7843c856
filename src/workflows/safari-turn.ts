import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  releaseTurnSignal,
  renewTurnSignal,
  turnGrantedSignal,
  turnWantedSignal,
  type TurnPriority,
  type TurnRequest,
} from '../contracts/safari-host';

/**
 * The holder's side of a Safari host's turns (see safari-host.ts): ask through an activity (which
 * starts the host's workflow if needed), wait for the grant signal, do the browser work, release.
 * A lease keeps the turn across several pieces of work (a sync's batches) until the host says
 * someone else waits for it, so a long sync pays for one grant, not one per batch. Call
 * `safariTurns` once, at the start of the workflow, so its signal handlers are in place first.
 */

export type RequestTurn = (accountId: string, request: TurnRequest) => Promise<{ hostWorkflowId: string }>;

/** How the work went, for deciding on a quiet period after it. */
export type TurnOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface TurnLease {
  /**
   * Runs `work` holding the turn, taking it first if needed. The turn is kept afterwards unless
   * someone waits for it, the work failed, or `quietMs` asks the host to stay quiet for a while.
   */
  run<T>(work: () => Promise<T>, quietMs?: (outcome: TurnOutcome<T>) => number): Promise<T>;
  /** Gives the turn back if it is held. */
  end(): Promise<void>;
}

export interface SafariTurns {
  lease(accountId: string, priority: TurnPriority, maxHoldMs: number): TurnLease;
  /** One piece of work under its own turn, released right after. */
  withTurn<T>(
    accountId: string,
    priority: TurnPriority,
    maxHoldMs: number,
    work: () => Promise<T>,
    quietMs?: (o: TurnOutcome<T>) => number,
  ): Promise<T>;
}

interface Held {
  requestId: string;
  hostWorkflowId: string;
  renewedAtMs: number;
}

export function safariTurns(requestTurn: RequestTurn): SafariTurns {
  const granted = new Set<string>();
  const wanted = new Set<string>();
  setHandler(turnGrantedSignal, ({ requestId }) => void granted.add(requestId));
  setHandler(turnWantedSignal, ({ requestId }) => void wanted.add(requestId));
  let sequence = 0;

  async function acquire(accountId: string, priority: TurnPriority, maxHoldMs: number): Promise<Held> {
    // Unique per run (a continued run starts its sequence again), and taken from the history
    // itself, so a replay computes the same id as the run that recorded the grant.
    const { workflowId, originalExecutionRunId } = workflowInfo();
    const requestId = `${originalExecutionRunId}/${sequence++}`;
    const { hostWorkflowId } = await requestTurn(accountId, { requestId, workflowId, priority, maxHoldMs });
    await condition(() => granted.has(requestId));
    granted.delete(requestId);
    return { requestId, hostWorkflowId, renewedAtMs: Date.now() };
  }

  /** Released even when this workflow is being cancelled: otherwise the host waits for maxHoldMs. */
  const release = (held: Held, quietMs: number) =>
    CancellationScope.nonCancellable(() =>
      getExternalWorkflowHandle(held.hostWorkflowId)
        .signal(releaseTurnSignal, { requestId: held.requestId, quietMs })
        .catch((err: unknown) =>
          log.warn('could not release the Safari turn', { host: held.hostWorkflowId, error: String(err) }),
        ),
    );

  function lease(accountId: string, priority: TurnPriority, maxHoldMs: number): TurnLease {
    let held: Held | null = null;
    return {
      async run(work, quietMs) {
        if (!held) held = await acquire(accountId, priority, maxHoldMs);
        else if (Date.now() - held.renewedAtMs > maxHoldMs / 4) {
          // Still holding, for a while now: tell the host we are alive (its expiry counts from then).
          held.renewedAtMs = Date.now();
          void getExternalWorkflowHandle(held.hostWorkflowId)
            .signal(renewTurnSignal, { requestId: held.requestId })
            .catch(() => undefined);
        }
        const mine = held;
        let outcome: TurnOutcome<Awaited<ReturnType<typeof work>>> = { ok: false, error: 'not finished' };
        try {
          outcome = { ok: true, value: await work() };
          return outcome.value;
        } catch (error) {
          outcome = { ok: false, error };
          throw error;
        } finally {
          const quiet = quietMs ? quietMs(outcome) : 0;
          if (!outcome.ok || quiet > 0 || wanted.has(mine.requestId)) {
            held = null;
            wanted.delete(mine.requestId);
            await release(mine, quiet);
          }
        }
      },
      async end() {
        if (!held) return;
        const mine = held;
        held = null;
        await release(mine, 0);
      },
    };
  }

  return {
    lease,
    async withTurn(accountId, priority, maxHoldMs, work, quietMs) {
      const one = lease(accountId, priority, maxHoldMs);
      try {
        return await one.run(work, quietMs);
      } finally {
        await one.end();
      }
    },
  };
}
